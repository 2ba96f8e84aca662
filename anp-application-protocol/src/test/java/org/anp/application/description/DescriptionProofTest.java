package org.anp.application.description;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DescriptionProofTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final AgentIdentity HOTEL = identity("grand-hotel.test", KeyType.SECP256K1);
  private static final AgentIdentity OTHER = identity("other.test", KeyType.SECP256K1);
  private static final Map<String, DidDocument> DOCUMENTS =
      Map.of(
          HOTEL.did().toString(), HOTEL.document(),
          OTHER.did().toString(), OTHER.document());
  private static final DidResolver RESOLVER =
      did -> {
        DidDocument doc = DOCUMENTS.get(did.toString());
        return doc != null
            ? CompletableFuture.completedFuture(doc)
            : CompletableFuture.failedFuture(
                new IdentityException(IdentityError.DID_NOT_FOUND, "no document for " + did));
      };
  private static final DescriptionVerifier VERIFIER =
      DescriptionVerifier.builder().resolver(RESOLVER).clock(CLOCK).build();

  private static AgentIdentity identity(String host, KeyType type) {
    return AgentIdentity.from(
        DidWbaIdentity.builder().host(host).keyType(type).clock(CLOCK).random(RANDOM).build());
  }

  private static AgentDescription hotel12() {
    return AgentDescription.fromJson(Resources.json("spec-examples/hotel-1.2-ad.json"))
        .toBuilder()
        .did(HOTEL.did().toString())
        .build();
  }

  private static DescriptionSigner signer(AgentIdentity identity, String domain) {
    return DescriptionSigner.builder(identity).domain(domain).clock(CLOCK).random(RANDOM).build();
  }

  private static VerifiedDescription verify(AgentDescription d, String host) {
    try {
      return VERIFIER.verify(d, Optional.ofNullable(host)).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ApplicationError failureOf(AgentDescription d, String host) {
    try {
      verify(d, host);
    } catch (ApplicationException e) {
      return e.code();
    }
    throw new AssertionError("verified, but should not have");
  }

  @Test
  void signedSpecExampleVerifiesWithTheAssertionKey() {
    AgentDescription signed = signer(HOTEL, "grand-hotel.test").sign(hotel12());

    DescriptionProof proof = signed.proof().orElseThrow();
    assertThat(proof.type()).isEqualTo("EcdsaSecp256k1Signature2019");
    assertThat(proof.verificationMethod()).isEqualTo(HOTEL.requireKey(KeyRole.ASSERTION).id());
    assertThat(proof.domain()).contains("grand-hotel.test");
    assertThat(proof.challenge()).hasValueSatisfying(c -> assertThat(c).hasSize(32));
    assertThat(proof.created()).isEqualTo("2026-12-07T12:00:00Z");
    DescriptionSchemas.standard().validate(signed);

    VerifiedDescription verified = verify(signed, "grand-hotel.test");
    assertThat(verified.description()).isEqualTo(signed);
    assertThat(verified.did()).isEqualTo(HOTEL.did().toString());
    assertThat(verified.verificationMethod()).isEqualTo(proof.verificationMethod());
    assertThat(verified.signedAt()).isEqualTo(NOW);
    assertThat(verify(signed, "GRAND-hotel.TEST").domain()).contains("grand-hotel.test");
  }

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"SECP256R1", "SECP256K1", "ED25519"})
  void everySigningKeyTypeSignsAndVerifiesAfterTransmission(KeyType type) {
    AgentIdentity id = identity("agent-" + type.name().toLowerCase() + ".test", type);
    AgentDescription built =
        AgentDescription.builder("Agent")
            .securityDefinition("didwba_sc", SecurityScheme.didWbaHeader())
            .security(java.util.List.of("didwba_sc"))
            .build();
    AgentDescription signed =
        DescriptionSigner.builder(id).clock(CLOCK).random(RANDOM).build().sign(built);

    // What a consumer receives: the bytes, re-parsed.
    byte[] wire = signed.receivedJson().toPrettyString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    AgentDescription received = AgentDescription.parse(wire);
    VerifiedDescription v =
        DescriptionVerifier.builder()
            .resolver(did -> CompletableFuture.completedFuture(id.document()))
            .clock(CLOCK)
            .build()
            .verify(received, id.document(), Optional.empty());
    assertThat(v.did()).isEqualTo(id.did().toString());
  }

  @Test
  void earlierShapeIsSignedAndVerifiedInItsOwnShape() {
    AgentDescription coffee =
        AgentDescription.fromJson(Resources.json("spec-examples/coffee-shop-jsonld-ad.json"))
            .toBuilder()
            .did(HOTEL.did().toString())
            .build();
    AgentDescription signed = signer(HOTEL, "grand-hotel.test").sign(coffee);

    assertThat(signed.format()).isEqualTo(DescriptionFormat.JSON_LD);
    assertThat(signed.receivedJson().has("ad:interfaces")).isTrue();
    assertThat(verify(signed, "grand-hotel.test").description().name()).isEqualTo("Luckin Coffee Agent");
  }

  @Test
  void everyTamperedFieldFails() {
    ObjectNode signed = signer(HOTEL, "grand-hotel.test").sign(hotel12()).receivedJson();
    Map<String, Consumer<ObjectNode>> tampers =
        Map.ofEntries(
            Map.entry("name", j -> j.put("name", "Evil Hotel")),
            Map.entry("description", j -> j.put("description", "cheaper")),
            Map.entry("url", j -> j.put("url", "https://evil.test/ad.json")),
            Map.entry("owner", j -> ((ObjectNode) j.get("owner")).put("name", "Someone")),
            Map.entry("created", j -> j.put("created", "2025-01-01T00:00:00Z")),
            Map.entry("security scheme", j -> ((ObjectNode) j.at("/securityDefinitions/didwba_sc")).put("in", "query")),
            Map.entry("interface url", j -> ((ObjectNode) j.at("/interfaces/1")).put("url", "https://evil.test/book.yaml")),
            Map.entry("humanAuthorization", j -> ((ObjectNode) j.at("/interfaces/1")).put("humanAuthorization", false)),
            Map.entry("interface removed", j -> ((ArrayNode) j.get("interfaces")).remove(0)),
            Map.entry("information", j -> ((ObjectNode) j.at("/Infomations/0")).put("url", "https://evil.test/x")),
            Map.entry("member added", j -> j.put("x-extra", true)),
            Map.entry("protocolVersion", j -> j.put("protocolVersion", "1.1")),
            Map.entry("proof.created", j -> proof(j).put("created", "2026-12-07T11:00:00Z")),
            Map.entry("proof.challenge", j -> proof(j).put("challenge", "00")),
            Map.entry("proof.type", j -> proof(j).put("type", "EcdsaSecp256r1Signature2019")),
            Map.entry("proof.proofValue", j -> proof(j).put("proofValue", flipFirst(proof(j).get("proofValue").asText()))));
    for (Map.Entry<String, Consumer<ObjectNode>> tamper : tampers.entrySet()) {
      ObjectNode copy = signed.deepCopy();
      tamper.getValue().accept(copy);
      assertThat(failureOf(AgentDescription.fromJson(copy), "grand-hotel.test"))
          .as(tamper.getKey())
          .isEqualTo(ApplicationError.INVALID_PROOF);
    }
    // The untampered copy still verifies, so each failure above is the tampering's.
    assertThat(verify(AgentDescription.fromJson(signed), "grand-hotel.test")).isNotNull();
  }

  @Test
  void domainIsCheckedAgainstTheFetchHostAndNeedsAChallenge() {
    AgentDescription signed = signer(HOTEL, "grand-hotel.test").sign(hotel12());

    assertThat(failureOf(signed, "evil.test")).isEqualTo(ApplicationError.DOMAIN_MISMATCH);
    assertThat(failureOf(signed, null)).isEqualTo(ApplicationError.DOMAIN_MISMATCH);

    ObjectNode otherDomain = signed.receivedJson();
    proof(otherDomain).put("domain", "evil.test");
    assertThat(failureOf(AgentDescription.fromJson(otherDomain), "evil.test"))
        .isEqualTo(ApplicationError.INVALID_PROOF);

    ObjectNode noChallenge = signed.receivedJson();
    proof(noChallenge).remove("challenge");
    assertThat(failureOf(AgentDescription.fromJson(noChallenge), "grand-hotel.test"))
        .isEqualTo(ApplicationError.INVALID_PROOF);

    ObjectNode domainRemoved = signed.receivedJson();
    proof(domainRemoved).remove("domain");
    assertThat(failureOf(AgentDescription.fromJson(domainRemoved), "evil.test"))
        .isEqualTo(ApplicationError.INVALID_PROOF);
  }

  @Test
  void descriptionSignedByAnotherDidIsRefused() {
    // Another agent signs a description naming itself, then claims the hotel's DID.
    AgentDescription byOther =
        signer(OTHER, "grand-hotel.test")
            .sign(hotel12().toBuilder().did(OTHER.did().toString()).build());
    ObjectNode claimed = byOther.receivedJson();
    claimed.put("did", HOTEL.did().toString());
    assertThat(failureOf(AgentDescription.fromJson(claimed), "grand-hotel.test"))
        .isEqualTo(ApplicationError.SIGNER_MISMATCH);

    // ... and also rewrites the verification method to the hotel's key: the signature fails.
    proof(claimed).put("verificationMethod", HOTEL.requireKey(KeyRole.ASSERTION).id());
    assertThat(failureOf(AgentDescription.fromJson(claimed), "grand-hotel.test"))
        .isEqualTo(ApplicationError.INVALID_PROOF);

    // A description without a did is never used.
    ObjectNode noDid = byOther.receivedJson();
    noDid.remove("did");
    assertThat(failureOf(AgentDescription.fromJson(noDid), "grand-hotel.test"))
        .isEqualTo(ApplicationError.SIGNER_MISMATCH);

    // The signer refuses to sign a description naming someone else.
    assertThatThrownBy(() -> signer(OTHER, "grand-hotel.test").sign(hotel12()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resolvedDocumentMustBeTheDescriptionsDid() {
    AgentDescription signed = signer(HOTEL, "grand-hotel.test").sign(hotel12());
    assertThatThrownBy(() -> VERIFIER.verify(signed, OTHER.document(), Optional.of("grand-hotel.test")))
        .extracting(e -> ((ApplicationException) e).code())
        .isEqualTo(ApplicationError.SIGNER_MISMATCH);
  }

  @Test
  void unsignedFutureAndUnresolvableDescriptionsAreRefused() {
    assertThat(failureOf(hotel12().toBuilder().proof(Optional.empty()).build(), "grand-hotel.test"))
        .isEqualTo(ApplicationError.INVALID_PROOF);

    AgentDescription fromTheFuture =
        DescriptionSigner.builder(HOTEL)
            .clock(Clock.offset(CLOCK, Duration.ofMinutes(5)))
            .build()
            .sign(hotel12());
    assertThat(failureOf(fromTheFuture, null)).isEqualTo(ApplicationError.INVALID_PROOF);

    AgentIdentity stranger = identity("stranger.test", KeyType.SECP256R1);
    AgentDescription unknown =
        DescriptionSigner.builder(stranger).clock(CLOCK).build()
            .sign(hotel12().toBuilder().did(stranger.did().toString()).build());
    assertThat(failureOf(unknown, null)).isEqualTo(ApplicationError.DID_RESOLUTION_FAILED);
  }

  @Test
  void theSpecExamplesOwnProofDoesNotVerifyAgainstAnUnrelatedKey() {
    // The example's z-encoded proof value is decoded (multibase) and then checked against the
    // hotel's real key, which did not make it.
    ObjectNode json = Resources.json("spec-examples/hotel-1.2-ad.json");
    json.put("did", HOTEL.did().toString());
    proof(json).put("verificationMethod", HOTEL.requireKey(KeyRole.ASSERTION).id());
    proof(json).put("type", "EcdsaSecp256k1Signature2019");
    assertThat(failureOf(AgentDescription.fromJson(json), null)).isEqualTo(ApplicationError.INVALID_PROOF);
  }

  private static ObjectNode proof(ObjectNode description) {
    return (ObjectNode) description.get("proof");
  }

  private static String flipFirst(String value) {
    char c = value.charAt(0);
    return (c == 'A' ? 'B' : 'A') + value.substring(1);
  }
}
