package org.anp.transport.p1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.transport.internal.p1.SignatureInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Origin proofs against the official ORIGIN-* vectors of ANP 1.2, and their rejections. */
class OriginProofsTest {

  static Stream<Arguments> originVectors() {
    return ByteVectors.positives("ORIGIN-").stream().map(v -> Arguments.of(v.get("id").textValue(), v));
  }

  /** The vector's request, rebuilt as a P1Request carrying the vector's proof. */
  static P1Request request(JsonNode v) {
    ObjectNode sro = (ObjectNode) v.get("signed_request_object");
    P1Request r =
        P1Request.of(
            "vector", sro.get("method").textValue(), P1Meta.parse(sro.get("meta")), (ObjectNode) sro.get("body"));
    return r.withOriginProof(
        new OriginProof(
            v.get("content_digest").textValue(), v.get("signature_input").textValue(), v.get("signature").textValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("originVectors")
  void digestTargetAndSignatureBaseMatchTheVector(String id, JsonNode v) {
    P1Request request = request(v);
    assertThat(OriginProofs.contentDigest(request)).isEqualTo(v.get("content_digest").textValue());
    assertThat(request.meta().target().orElseThrow().targetUri()).isEqualTo(v.get("target_uri").textValue());
    String params = v.get("signature_params").textValue();
    assertThat(SignatureInput.parse(v.get("signature_input").textValue()).params()).isEqualTo(params);
    assertThat(
            OriginProofs.signatureBase(
                request.method(), request.meta().target().orElseThrow(), v.get("content_digest").textValue(), params))
        .isEqualTo(v.get("signature_base_utf8").textValue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("originVectors")
  void theVectorSignatureVerifiesWithItsKey(String id, JsonNode v) {
    PublicKeyMaterial key = PublicKeyMaterial.fromJwk(v.get("public_key_jwk"));
    VerifiedOrigin origin = OriginProofs.checkSignature(request(v), key);
    assertThat(origin.did()).isEqualTo(v.get("subject_did").textValue());
    assertThat(origin.keyId()).isEqualTo(v.get("keyid").textValue());
    assertThat(origin.created()).isEqualTo(Instant.parse("2026-09-07T08:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("originVectors")
  void signingReproducesTheVectorByteForByte(String id, JsonNode v) {
    String keyId = v.get("keyid").textValue();
    PrivateKeyMaterial key = ByteVectors.key(v.get("identity_fixture").textValue(), keyId.substring(keyId.indexOf('#') + 1));
    SignatureInput input = SignatureInput.parse(v.get("signature_input").textValue());
    P1Request unsigned = request(v);
    P1Request plain = P1Request.of("vector", unsigned.method(), unsigned.meta(), unsigned.body());
    P1Request signed =
        OriginProofs.sign(
            plain,
            key,
            keyId,
            Instant.ofEpochSecond(input.created()),
            Instant.ofEpochSecond(input.expires().getAsLong()),
            input.nonce());
    OriginProof proof = signed.originProof().orElseThrow();
    assertThat(proof.contentDigest()).isEqualTo(v.get("content_digest").textValue());
    assertThat(proof.signatureInput()).isEqualTo(v.get("signature_input").textValue());
    assertThat(proof.signature()).isEqualTo(v.get("signature").textValue());
  }

  static Stream<Arguments> originNegatives() {
    return ByteVectors.negatives("ORIGIN-").stream().map(n -> Arguments.of(n.get("id").textValue(), n));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("originNegatives")
  void everyTamperedVectorIsRefused(String id, JsonNode n) {
    JsonNode base = ByteVectors.positive(n.get("base_id").textValue());
    PublicKeyMaterial key = PublicKeyMaterial.fromJwk(base.get("public_key_jwk"));
    P1Request good = request(base);
    OriginProof proof = good.originProof().orElseThrow();
    switch (n.get("mutation").textValue()) {
      case "request-target" -> {
        // The signature base with the attacker's target does not verify.
        String params = SignatureInput.parse(proof.signatureInput()).params();
        String forged = base.get("signature_base_utf8").textValue()
            .replace(base.get("target_uri").textValue(), n.get("replacement").textValue());
        assertThat(forged).isNotEqualTo(base.get("signature_base_utf8").textValue()).contains(params);
        byte[] sig = Base64.getDecoder().decode(base.get("signature_b64").textValue());
        assertThatThrownBy(() -> key.verify(forged.getBytes(java.nio.charset.StandardCharsets.UTF_8), sig))
            .isInstanceOf(org.anp.identity.IdentityException.class);
        // And a request re-addressed to another target is refused as a whole.
        P1Meta other = P1Meta.parse(((ObjectNode) good.meta().toJson())
            .set("target", P1Target.agent("did:web:attacker.example").toJson()));
        P1Request moved = P1Request.of("v", good.method(), other, good.body()).withOriginProof(proof);
        assertRefused(moved, key);
      }
      case "signature-byte" -> {
        byte[] sig = Base64.getDecoder().decode(base.get("signature_b64").textValue());
        sig[5] ^= 0x01;
        OriginProof flipped = new OriginProof(
            proof.contentDigest(), proof.signatureInput(), "sig1=:" + Base64.getEncoder().encodeToString(sig) + ":");
        assertRefused(good.withOriginProof(flipped), key);
      }
      case "request-content" -> {
        ObjectNode body = good.body();
        body.put("tampered", true);
        assertRefused(P1Request.of("v", good.method(), good.meta(), body).withOriginProof(proof), key);
        assertThat(n.get("replacement").textValue()).contains("\"tampered\":true");
      }
      default -> throw new AssertionError("unexpected mutation " + n.get("mutation"));
    }
  }

  private static void assertRefused(P1Request request, PublicKeyMaterial key) {
    assertThatThrownBy(() -> OriginProofs.checkSignature(request, key))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.error().code()).isEqualTo(1005));
  }

  @Test
  void aUrlSafeSignatureValueIsAcceptedOnVerification() {
    // Q2: the signature bytes may arrive URL-safe; the digest string is signed as sent, so it stays.
    JsonNode v = ByteVectors.positive("ORIGIN-wba-wba");
    P1Request good = request(v);
    OriginProof proof = good.originProof().orElseThrow();
    String b64 = v.get("signature_b64").textValue();
    String urlSafe = b64.replace('+', '-').replace('/', '_').replace("=", "");
    assertThat(urlSafe).isNotEqualTo(b64);
    OriginProof url = new OriginProof(proof.contentDigest(), proof.signatureInput(), "sig1=:" + urlSafe + ":");
    VerifiedOrigin origin =
        OriginProofs.checkSignature(good.withOriginProof(url), PublicKeyMaterial.fromJwk(v.get("public_key_jwk")));
    assertThat(origin.nonce()).hasValue("ORIGIN-wba-wba");
  }

  @Test
  void malformedSignatureInputsAreRefused() {
    JsonNode v = ByteVectors.positive("ORIGIN-wba-wba");
    P1Request good = request(v);
    OriginProof proof = good.originProof().orElseThrow();
    PublicKeyMaterial key = PublicKeyMaterial.fromJwk(v.get("public_key_jwk"));
    List<String> bad =
        List.of(
            proof.signatureInput().replace("sig1=", "sig2="),
            proof.signatureInput().replace(" \"content-digest\"", ""),
            proof.signatureInput().replace("(\"@method\" ", "( \"@method\" "),
            proof.signatureInput().replace(";created=1788768000", ""),
            proof.signatureInput().replace(";keyid=", ";keyid=\"x\";keyid="),
            proof.signatureInput() + ", sig2=()",
            proof.signatureInput().replace("#root", ""));
    for (String input : bad) {
      OriginProof p = new OriginProof(proof.contentDigest(), input, proof.signature());
      assertRefused(good.withOriginProof(p), key);
    }
  }

  @Test
  void signingNeedsTargetAndASenderKey() {
    PrivateKeyMaterial key = ByteVectors.key("alice-wba", "root");
    P1Request noTarget =
        P1Request.of("1", "direct.send", P1Meta.builder("anp.direct.base.v1").senderDid("did:web:a.example").build(),
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    Instant t = Instant.parse("2026-09-07T08:00:00Z");
    assertThatThrownBy(() -> OriginProofs.sign(noTarget, key, "did:web:a.example#k", t, t.plusSeconds(60), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    P1Request targeted =
        P1Request.of("1", "direct.send",
            P1Meta.builder("anp.direct.base.v1").senderDid("did:web:a.example").target(P1Target.agent("did:web:b.example")).build(),
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    assertThatThrownBy(() -> OriginProofs.sign(targeted, key, "did:web:other.example#k", t, t.plusSeconds(60), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBodyWithoutCanonicalFormIsUnauthorizedNotACrash() {
    JsonNode v = ByteVectors.positive("ORIGIN-wba-wba");
    P1Request good = request(v);
    ObjectNode body = good.body();
    body.put("text", "\ud800");
    P1Request odd = P1Request.of("v", good.method(), good.meta(), body).withOriginProof(good.originProof().orElseThrow());
    assertRefused(odd, PublicKeyMaterial.fromJwk(v.get("public_key_jwk")));
  }
}
