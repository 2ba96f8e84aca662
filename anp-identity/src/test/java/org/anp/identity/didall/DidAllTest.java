package org.anp.identity.didall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base58;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DidAllTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-06T07:08:09Z"), ZoneOffset.UTC);

  // [VECTOR]s of spec/identity.md 2.1
  // The spec's example publicKeyHex is not a point on P-256 (a made-up sample), so only the
  // hashing and encoding are checked on its bytes.
  @Test
  void specExampleKeyDerivesItsAddress() {
    byte[] point =
            Hex.decode(
                "04b11e73474896ad9e4b1a2d5a1190d5b25a916eb62f3d1db155bb64dc046bfb3868457a1912c8f9fcd603ff5b1078f883f6bf6b9f0dee60bad9e57e7fec9b439d");
    assertThat(DidAll.deriveIdFromPoint(point)).isEqualTo("14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www");
    assertThatThrownBy(() -> PublicKeyMaterial.fromRaw(KeyType.SECP256R1, point))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void ourVectorFromPrivateKey() {
    PrivateKeyMaterial key =
        PrivateKeyMaterial.fromRaw(
            KeyType.SECP256R1, Hex.decode("0c86f16cc2a8c04f662a633b54c5b45fc18eafa41f10dc84922d2c8101dec17e"));
    assertThat(Hex.encode(key.publicKey().raw()))
        .isEqualTo(
            "04c04b2bde260b6a851eb31ecad91effaf259c7e900ed7c12866e3f0d6606211f2dad7b5d5ba3200349ffc31e87c48cc2f835cb9c08a7a1acc28624643a0a6f2a2");
    DidAll did = DidAll.fromPublicKey(key.publicKey());
    assertThat(did).hasToString("did:all:1DjLZEbNmg8TZKnoActpJ36xPTmBPJXECW");
    byte[] payload = org.anp.identity.codec.Base58Check.decode(did.id());
    assertThat(Hex.encode(payload)).isEqualTo("008ba34ddb847b18070aae55f0bdc1d2414de9c845");
    assertThat(did.matches(key.publicKey())).isTrue();
  }

  @Test
  void parsesHostingNodeSuffix() {
    DidAll did = DidAll.parse("did:all:14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www@Example.com:443");
    assertThat(did.id()).isEqualTo("14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www");
    assertThat(did.host()).contains("example.com");
    assertThat(did.port()).isEqualTo(OptionalInt.of(443));
    assertThat(did).hasToString("did:all:14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www@example.com:443");
    assertThat(DidAll.parse("did:all:14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www").host()).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "did:wba:example.com",
        "did:all:",
        "did:all:14qQqsnEPZy2wcpRuLy2xeR737ptkE2Wwx",
        "did:all:0OIl",
        "did:all:14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www@",
        "did:all:14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www@host:",
        "did:all:14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www@host:99999",
        "did:all:14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www@ho st",
      })
  void rejectsBadDids(String did) {
    assertThatThrownBy(() -> DidAll.parse(did))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID));
  }

  @Test
  void nonP256KeysHaveNoAddress() {
    PublicKeyMaterial k1 = PrivateKeyMaterial.generate(KeyType.SECP256K1, new SecureRandom()).publicKey();
    assertThatThrownBy(() -> DidAll.deriveId(k1))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.UNSUPPORTED_KEY_TYPE));
  }

  // The reference SDK's did:all documents (doubled 0404 publicKeyHex, embedded authentication).
  @Test
  void sdkDocumentsFromTheHandshakeVectorsVerify() throws IOException {
    JsonNode parties;
    try (InputStream in = getClass().getResourceAsStream("/vectors/conformance/e2e-legacy/handshake.json")) {
      assertThat(in).isNotNull();
      parties = new ObjectMapper().readTree(in).path("parties");
    }
    for (String party : new String[] {"A", "B"}) {
      JsonNode document = parties.path(party).path("did_document");
      assertThat(document.path("verificationMethod").get(0).path("publicKeyHex").asText()).startsWith("0404").hasSize(132);
      VerifiedDidAllDocument verified = DidAllDocumentVerifier.verify(document);
      assertThat(verified.did()).hasToString(parties.path(party).path("did").asText());
      assertThat(Hex.encode(verified.publicKey().raw()))
          .isEqualTo(parties.path(party).path("did_private_key").path("public_key_uncompressed_hex").asText());
    }
  }

  @Test
  void createdDocumentsVerifyInBothPublicKeyHexForms() {
    DidAllIdentity spec =
        DidAllIdentity.builder().host("node.example.com").port(8443)
            .messageService("wss://relay.example.com/ws", "").clock(CLOCK).build();
    DidAllIdentity compat =
        DidAllIdentity.builder().sdkCompatibleDoubledPublicKeyHex().clock(CLOCK).build();

    assertThat(spec.document().path("verificationMethod").get(0).path("publicKeyHex").asText()).hasSize(130);
    assertThat(compat.document().path("verificationMethod").get(0).path("publicKeyHex").asText()).hasSize(132).startsWith("0404");
    assertThat(DidAllDocumentVerifier.verify(spec.document(), spec.did()).did()).isEqualTo(spec.did());
    assertThat(DidAllDocumentVerifier.verify(compat.document()).publicKey()).isEqualTo(compat.privateKey().publicKey());
    assertThat(spec.did().toString()).endsWith("@node.example.com:8443");
    assertThat(spec.document().path("service").get(0).path("router").asText()).isEqualTo(spec.did().toString());
    assertThat(spec.document().path("proof").path("created").asText()).isEqualTo("2026-05-06T07:08:09Z");
    assertThat(spec.toString()).doesNotContain(Hex.encode(spec.privateKey().exportInsecure()));
  }

  @Test
  void multibaseProofValueIsAccepted() {
    DidAllIdentity identity = DidAllIdentity.builder().clock(CLOCK).build();
    ObjectNode doc = identity.document();
    ObjectNode proof = (ObjectNode) doc.get("proof");
    proof.put("proofValue", "z" + Base58.encode(Base64Codec.decodeUrl(proof.get("proofValue").asText())));
    assertThat(DidAllDocumentVerifier.verify(doc).did()).isEqualTo(identity.did());
  }

  @Test
  void everyTamperingIsRejected() {
    DidAllIdentity identity =
        DidAllIdentity.builder().host("node.example.com").messageService("wss://r.example/ws", "").clock(CLOCK).build();
    ObjectNode doc = identity.document();
    String did = identity.did().toString();
    PrivateKeyMaterial other = PrivateKeyMaterial.generate(KeyType.SECP256R1, new SecureRandom());

    expect(doc, IdentityError.INVALID_PROOF,
        d -> ((ObjectNode) d.get("service").get(0)).put("serviceEndpoint", "wss://evil.example/ws"));
    expect(doc, IdentityError.INVALID_PROOF,
        d -> ((ObjectNode) d.get("proof")).put("created", "2020-01-01T00:00:00Z"));
    expect(doc, IdentityError.INVALID_PROOF, d -> {
      ObjectNode proof = (ObjectNode) d.get("proof");
      byte[] sig = Base64Codec.decodeUrl(proof.get("proofValue").asText());
      sig[5] ^= 0x01;
      proof.put("proofValue", Base64Codec.encodeUrl(sig));
    });
    expect(doc, IdentityError.KEY_BINDING_MISMATCH,
        d -> ((ObjectNode) d.get("verificationMethod").get(0)).put("publicKeyHex", Hex.encode(other.publicKey().raw())));
    expect(doc, IdentityError.INVALID_PROOF,
        d -> ((ObjectNode) d.get("proof")).put("verificationMethod", did + "#keys-2"));
    expect(doc, IdentityError.INVALID_PROOF, d -> d.remove("proof"));
    expect(doc, IdentityError.INVALID_VERIFICATION_METHOD, d -> d.putArray("authentication"));
    expect(doc, IdentityError.INVALID_KEY,
        d -> ((ObjectNode) d.get("verificationMethod").get(0)).put("publicKeyHex", "04abcd"));
    expect(doc, IdentityError.INVALID_DID, d -> d.put("id", "did:all:nope"));
    assertThatThrownBy(() -> DidAllDocumentVerifier.verify(doc, DidAll.parse("did:all:14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www")))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DOCUMENT));
  }

  private static void expect(ObjectNode original, IdentityError code, Consumer<ObjectNode> change) {
    ObjectNode copy = original.deepCopy();
    change.accept(copy);
    assertThatThrownBy(() -> DidAllDocumentVerifier.verify(copy))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
