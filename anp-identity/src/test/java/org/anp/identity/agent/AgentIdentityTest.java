package org.anp.identity.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.DidWbaAuthHeader;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.Service;
import org.anp.identity.didall.DidAllDocumentVerifier;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.proof.DocumentProofs;
import org.anp.identity.proof.ProofSuite;
import org.anp.identity.wba.DidWbaDocumentVerifier;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.identity.wba.DidWbaProfile;
import org.junit.jupiter.api.Test;

class AgentIdentityTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  private final SecureRandom random = new SecureRandom();

  private AgentIdentity wba(KeyType type, String path) {
    return AgentIdentity.from(
        DidWbaIdentity.builder().host("agents.example").path(path).keyType(type).clock(CLOCK).random(random).build());
  }

  private static String fragment(AgentIdentity identity, KeyRole role) {
    return identity.key(role).map(IdentityKey::fragment).orElse("-");
  }

  @Test
  void oneRulePicksTheKeyOfEachRoleForEveryLayout() {
    AgentIdentity e1 = wba(KeyType.ED25519, "alice");
    assertThat(fragment(e1, KeyRole.AUTHENTICATION)).isEqualTo("key-1");
    assertThat(fragment(e1, KeyRole.ASSERTION)).isEqualTo("key-1");
    assertThat(fragment(e1, KeyRole.E2E)).isEqualTo("key-2");

    AgentIdentity p256 = wba(KeyType.SECP256R1, "");
    assertThat(fragment(p256, KeyRole.E2E)).as("the dedicated key-2, not the authenticating key-1").isEqualTo("key-2");

    AgentIdentity p256Only = AgentIdentity.from(DidWbaIdentity.builder().host("agents.example")
        .keyType(KeyType.SECP256R1).e2eeKeys(false).random(random).build());
    assertThat(fragment(p256Only, KeyRole.AUTHENTICATION)).isEqualTo("key-1");
    assertThat(fragment(p256Only, KeyRole.E2E)).isEqualTo("key-1");

    AgentIdentity legacy = AgentIdentity.from(DidWbaIdentity.builder().host("agents.example")
        .profile(DidWbaProfile.PLAIN_LEGACY).random(random).build());
    assertThat(legacy.document().json().has("assertionMethod")).isFalse();
    assertThat(fragment(legacy, KeyRole.ASSERTION)).as("falls back to the authentication key").isEqualTo("key-1");

    AgentIdentity all = AgentIdentity.from(DidAllIdentity.builder().random(random).build());
    assertThat(fragment(all, KeyRole.AUTHENTICATION)).isEqualTo("keys-1");
    assertThat(fragment(all, KeyRole.ASSERTION)).isEqualTo("keys-1");
    assertThat(fragment(all, KeyRole.E2E)).isEqualTo("keys-1");

    AgentIdentity edKey = AgentIdentity.generateDidKey(KeyType.ED25519, random);
    assertThat(edKey.key(KeyRole.AUTHENTICATION)).isPresent();
    assertThat(edKey.key(KeyRole.E2E)).as("Ed25519 cannot sign E2E hellos").isEmpty();
    assertThatThrownBy(() -> edKey.requireKey(KeyRole.E2E))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.KEY_ROLE_MISSING))
        .hasMessageContaining("P-256");
    AgentIdentity p256Key = AgentIdentity.generateDidKey(KeyType.SECP256R1, random);
    assertThat(p256Key.requireKey(KeyRole.E2E).id()).isEqualTo(p256Key.requireKey(KeyRole.AUTHENTICATION).id());
  }

  @Test
  void aKeyListedForKeyAgreementComesFirstForE2e() {
    AgentIdentity base = wba(KeyType.SECP256R1, "");
    ObjectNode json = base.document().jsonWithoutProof();
    // key-1 (P-256, authentication) is also listed for key agreement now
    ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("keyAgreement")).add(base.did() + "#key-1");
    AgentIdentity changed = AgentIdentity.of(DidDocument.fromJson(json), base.privateKeys());
    assertThat(fragment(changed, KeyRole.E2E)).isEqualTo("key-1");
  }

  @Test
  void aLoadedKeyMustBeTheKeyOfItsMethod() {
    AgentIdentity alice = wba(KeyType.ED25519, "");
    PrivateKeyMaterial stranger = PrivateKeyMaterial.generate(KeyType.SECP256R1, random);
    assertThatThrownBy(() -> AgentIdentity.of(alice.document(), Map.of("key-2", stranger)))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY))
        .hasMessageContaining("key-2");
    assertThatThrownBy(() -> AgentIdentity.of(alice.document(), Map.of("key-9", stranger)))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("key-9");
    assertThatThrownBy(() -> AgentIdentity.of(alice.document(), Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTamperedDocumentIsRefused() {
    AgentIdentity alice = wba(KeyType.ED25519, "alice");
    ObjectNode json = alice.document().json();
    json.putArray("service").addObject().put("id", alice.did() + "#x").put("type", "X").put("serviceEndpoint", "https://x");
    assertThatThrownBy(() -> AgentIdentity.of(DidDocument.fromJson(json), alice.privateKeys()))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_PROOF));
  }

  @Test
  void rotatingTheE2eKeyGivesItsMethodANewKeyAndSignsTheDocumentAgain() {
    AgentIdentity alice = wba(KeyType.ED25519, "alice");
    IdentityKey oldE2e = alice.requireKey(KeyRole.E2E);
    Instant later = T0.plusSeconds(3600);

    AgentIdentity rotated = alice.toBuilder().rotateKey(KeyRole.E2E).clock(Clock.fixed(later, ZoneOffset.UTC)).build();

    IdentityKey newE2e = rotated.requireKey(KeyRole.E2E);
    assertThat(newE2e.id()).isEqualTo(oldE2e.id());
    assertThat(newE2e.privateKey().publicKey()).isNotEqualTo(oldE2e.privateKey().publicKey());
    assertThat(rotated.document().verificationMethod("key-2").orElseThrow().publicKey())
        .isEqualTo(newE2e.privateKey().publicKey());
    assertThat(rotated.requireKey(KeyRole.AUTHENTICATION).privateKey())
        .isSameAs(alice.requireKey(KeyRole.AUTHENTICATION).privateKey());
    assertThat(rotated.did()).isEqualTo(alice.did());
    // a new proof, made now, that the did:wba verifier accepts
    assertThat(DidWbaDocumentVerifier.verify(rotated.document(), rotated.did()).proof().orElseThrow().created())
        .isEqualTo(later);
    assertThat(rotated.document().proof().orElseThrow().json().path("cryptosuite").asText())
        .isEqualTo(ProofSuite.EDDSA_JCS_2022.cryptosuite().orElseThrow());
    // the old key no longer matches the document
    assertThatThrownBy(() -> AgentIdentity.of(rotated.document(), Map.of("key-2", oldE2e.privateKey())))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void rotatingTheAuthenticationKeyChangesWhatHeadersVerifyWith() {
    AgentIdentity alice = wba(KeyType.SECP256R1, "alice");
    AgentIdentity rotated = alice.toBuilder().rotateKey(KeyRole.AUTHENTICATION).clock(CLOCK).build();
    URI target = URI.create("https://api.example/resource");

    DidWbaAuthHeader fresh = DidWbaAuthHeader.parse(authenticator(rotated).authorizationHeader(target));
    assertThat(DidWbaVerifier.verifySignature(fresh, rotated.document(), "api.example").id())
        .isEqualTo(rotated.did() + "#key-1");
    DidWbaAuthHeader stale = DidWbaAuthHeader.parse(authenticator(alice).authorizationHeader(target));
    assertThatThrownBy(() -> DidWbaVerifier.verifySignature(stale, rotated.document(), "api.example"))
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.AUTH_SIGNATURE_INVALID));
    // key-1 also signs the document: the proof is made with the new key
    assertThat(DocumentProofs.verify(rotated.document()).verificationMethod().publicKey())
        .isEqualTo(rotated.requireKey(KeyRole.ASSERTION).privateKey().publicKey());
    // the kid of a JWK is the thumbprint of the new key
    assertThat(rotated.document().verificationMethod("key-1").orElseThrow().json().path("publicKeyJwk").path("kid").asText())
        .isEqualTo(rotated.requireKey(KeyRole.AUTHENTICATION).privateKey().publicKey().jwkThumbprint());
  }

  static DidWbaAuthenticator authenticator(AgentIdentity identity) {
    IdentityKey key = identity.requireKey(KeyRole.AUTHENTICATION);
    return DidWbaAuthenticator.builder().did(identity.did()).signingKey(key.fragment(), key.privateKey()).build();
  }

  @Test
  void aKeyTheDidIsDerivedFromCannotBeRotated() {
    AgentIdentity bound = wba(KeyType.ED25519, "alice");
    assertThatThrownBy(() -> bound.toBuilder().rotateKey(KeyRole.AUTHENTICATION))
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.KEY_BINDING_MISMATCH))
        .hasMessageContaining("new DID");
    AgentIdentity all = AgentIdentity.from(DidAllIdentity.builder().random(random).build());
    assertThatThrownBy(() -> all.toBuilder().rotateKey(KeyRole.E2E))
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.KEY_BINDING_MISMATCH));
    AgentIdentity key = AgentIdentity.generateDidKey(KeyType.ED25519, random);
    assertThatThrownBy(() -> key.toBuilder().rotateKey(KeyRole.AUTHENTICATION))
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.KEY_BINDING_MISMATCH));
    assertThatThrownBy(() -> bound.toBuilder().rotateKey(KeyRole.E2E, PrivateKeyMaterial.generate(KeyType.X25519, random)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addingAndReplacingAServiceSignsAgainAsTheMethodRequires() {
    AgentIdentity all = AgentIdentity.from(DidAllIdentity.builder().host("node.example").random(random).build());
    AgentIdentity withService = all.toBuilder().service("communication", "messageService", "wss://relay.example/ws").build();
    assertThat(DidAllDocumentVerifier.verify(withService.document().json()).did().toString()).isEqualTo(all.did().toString());
    assertThat(withService.document().serviceOfType("messageService").flatMap(Service::endpointUri))
        .contains("wss://relay.example/ws");

    AgentIdentity replaced = withService.toBuilder().service("communication", "messageService", "wss://other.example/ws").build();
    assertThat(replaced.document().services()).hasSize(1);
    assertThat(replaced.document().services().get(0).endpointUri()).contains("wss://other.example/ws");
    DidAllDocumentVerifier.verify(replaced.document().json());

    AgentIdentity removed = replaced.toBuilder().removeService("communication").build();
    assertThat(removed.document().services()).isEmpty();
    assertThat(removed.document().json().has("service")).isFalse();

    assertThatThrownBy(() -> all.toBuilder().service("communication", "messageService", "ws://relay.example/ws"))
        .isInstanceOf(IllegalArgumentException.class);

    AgentIdentity wba = wba(KeyType.SECP256K1, "bob");
    AgentIdentity described = wba.toBuilder().service("ad", "AgentDescription", "https://agents.example/bob/ad.json").build();
    assertThat(DidWbaDocumentVerifier.verify(described.document(), described.did()).boundKey()).isPresent();
    assertThat(described.document().serviceOfType("AgentDescription")).isPresent();
  }

  @Test
  void aDidKeyDocumentCannotChange() {
    AgentIdentity key = AgentIdentity.generateDidKey(KeyType.SECP256R1, random);
    assertThat(key.toBuilder().build().document()).isEqualTo(key.document());
    assertThatThrownBy(() -> key.toBuilder().service("ad", "AgentDescription", "https://x.example/ad.json").build())
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DOCUMENT));
  }

  @Test
  void aMethodWithoutRulesOfItsOwnIsSignedAgainWithADataIntegrityProof() {
    // a did:web document as another implementation would write it: our rules know nothing of did:web
    PrivateKeyMaterial signing = PrivateKeyMaterial.generate(KeyType.ED25519, random);
    PrivateKeyMaterial hello = PrivateKeyMaterial.generate(KeyType.SECP256R1, random);
    Did did = Did.parse("did:web:agents.example:carol");
    ObjectNode doc = org.anp.identity.json.StrictJson.mapper().createObjectNode();
    doc.putArray("@context").add("https://www.w3.org/ns/did/v1");
    doc.put("id", did.toString());
    ObjectNode vm1 = doc.putArray("verificationMethod").addObject();
    vm1.put("id", did + "#sig").put("type", "Multikey").put("controller", did.toString());
    vm1.put("publicKeyMultibase", org.anp.identity.codec.Multibase.encodeBase58Btc(
        org.anp.identity.codec.Multicodec.ED25519_PUB.addPrefix(signing.publicKey().raw())));
    ObjectNode vm2 = ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("verificationMethod")).addObject();
    vm2.put("id", did + "#hello").put("type", "JsonWebKey2020").put("controller", did.toString());
    vm2.set("publicKeyJwk", hello.publicKey().toJwk());
    doc.putArray("authentication").add(did + "#sig");
    doc.putArray("assertionMethod").add(did + "#sig");
    ObjectNode signed = DocumentProofs.sign(doc, signing, did + "#sig", ProofSuite.EDDSA_JCS_2022, T0);
    AgentIdentity carol = AgentIdentity.of(DidDocument.fromJson(signed), Map.of("sig", signing, "hello", hello));
    assertThat(fragment(carol, KeyRole.E2E)).isEqualTo("hello");

    AgentIdentity rotated = carol.toBuilder().rotateKey(KeyRole.AUTHENTICATION).service("ad", "AgentDescription", "https://a").build();
    assertThat(DocumentProofs.verify(rotated.document()).verificationMethod().publicKey())
        .isEqualTo(rotated.requireKey(KeyRole.AUTHENTICATION).privateKey().publicKey())
        .isNotEqualTo(signing.publicKey());
    // the multibase form of the key is kept (Multikey with its multicodec prefix)
    assertThat(rotated.document().verificationMethod("sig").orElseThrow().json().path("publicKeyMultibase").asText())
        .startsWith("z6Mk");
  }

  @Test
  void toStringNeverShowsKeyMaterial() {
    AgentIdentity alice = wba(KeyType.SECP256R1, "");
    String pem = alice.privateKey("key-1").orElseThrow().toPkcs8PemInsecure();
    String scalar = Base64.getUrlEncoder().withoutPadding().encodeToString(alice.privateKey("key-1").orElseThrow().exportInsecure());
    for (String text : new String[] {alice.toString(), alice.requireKey(KeyRole.AUTHENTICATION).toString()}) {
      assertThat(text).contains(alice.did().toString()).doesNotContain(scalar);
      for (String line : pem.split("\n")) {
        if (!line.startsWith("-----")) {
          assertThat(text).doesNotContain(line);
        }
      }
    }
    assertThat(alice.toString()).contains("E2E=key-2");
  }
}
