package org.anp.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Signing and verification with JWK keys against vectors from other implementations: the Web5
 * specification's ES256K and Ed25519 vectors and the JOSE cookbook's RFC 8037 EdDSA JWS.
 */
class PrivateKeyMaterialInteropTest {

  @TestFactory
  Stream<DynamicTest> web5Es256kSign() {
    return web5Sign("crypto_es256k/sign.json", 4);
  }

  @TestFactory
  Stream<DynamicTest> web5Ed25519Sign() {
    return web5Sign("crypto_ed25519/sign.json", 5);
  }

  @TestFactory
  Stream<DynamicTest> web5Es256kVerify() {
    return web5Verify("crypto_es256k/verify.json", 8);
  }

  @TestFactory
  Stream<DynamicTest> web5Ed25519Verify() {
    return web5Verify("crypto_ed25519/verify.json", 7);
  }

  /**
   * Every Web5 JWK that parses carries a {@code kid} computed by the Web5 implementation as the
   * RFC 7638 thumbprint: an independent check of {@link PublicKeyMaterial#jwkThumbprint()}.
   */
  @TestFactory
  Stream<DynamicTest> web5KidIsThumbprint() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String file :
        List.of("crypto_es256k/sign.json", "crypto_es256k/verify.json", "crypto_ed25519/sign.json", "crypto_ed25519/verify.json")) {
      JsonNode vectors = Vectors.json("web5-spec/test-vectors/" + file).get("vectors");
      for (JsonNode vector : vectors) {
        if (vector.path("errors").asBoolean(false)) {
          continue; // error vectors hold keys that must not parse or carry a private key
        }
        JsonNode jwk = vector.at("/input/key");
        tests.add(
            DynamicTest.dynamicTest(
                file + " " + vector.get("description").asText(),
                () -> {
                  PublicKeyMaterial key =
                      jwk.has("d")
                          ? PrivateKeyMaterial.fromJwk(jwk).publicKey()
                          : PublicKeyMaterial.fromJwk(jwk);
                  assertThat(key.jwkThumbprint()).isEqualTo(jwk.get("kid").asText());
                }));
      }
    }
    assertThat(tests).hasSize(18);
    return tests.stream();
  }

  /** RFC 8037 appendix A.4 via the JOSE cookbook: Ed25519 is deterministic, bytes must match. */
  @Test
  void joseCookbookEd25519Jws() {
    JsonNode example = Vectors.json("jose/ietf-jose-cookbook/curve25519/jws.json");
    PrivateKeyMaterial key = PrivateKeyMaterial.fromJwk(example.at("/input/key"));
    String protectedB64 = example.at("/signing/protected_b64u").asText();
    String payloadB64 =
        Base64Codec.encodeUrl(example.at("/input/payload").asText().getBytes(StandardCharsets.UTF_8));
    String signingInput = protectedB64 + "." + payloadB64;
    assertThat(signingInput).isEqualTo(example.at("/signing/sig-input").asText());

    byte[] signature = key.sign(signingInput.getBytes(StandardCharsets.US_ASCII));

    assertThat(Base64Codec.encodeUrl(signature)).isEqualTo(example.at("/signing/sig").asText());
    assertThat(signingInput + "." + Base64Codec.encodeUrl(signature))
        .isEqualTo(example.at("/output/compact").asText());
    PublicKeyMaterial publicKey = PublicKeyMaterial.fromJwk(((com.fasterxml.jackson.databind.node.ObjectNode) example.at("/input/key").deepCopy()).without("d"));
    assertThatCode(() -> publicKey.verify(signingInput.getBytes(StandardCharsets.US_ASCII), signature))
        .doesNotThrowAnyException();
    signature[10] ^= 1;
    assertThatThrownBy(() -> publicKey.verify(signingInput.getBytes(StandardCharsets.US_ASCII), signature))
        .isInstanceOf(IdentityException.class);
  }

  /**
   * Sign vectors. Ed25519 is deterministic; the ES256K vector was made with RFC 6979 nonces and
   * low-S normalization, which is exactly what {@link PrivateKeyMaterial#sign} does, so both are
   * compared byte for byte. Error vectors (a public key, d = 0, d >= n) must not load.
   */
  private static Stream<DynamicTest> web5Sign(String file, int count) {
    JsonNode vectors = Vectors.json("web5-spec/test-vectors/" + file).get("vectors");
    assertThat(vectors).hasSize(count);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode vector : vectors) {
      JsonNode input = vector.get("input");
      tests.add(
          DynamicTest.dynamicTest(
              vector.get("description").asText(),
              () -> {
                if (vector.path("errors").asBoolean(false)) {
                  assertThatThrownBy(() -> PrivateKeyMaterial.fromJwk(input.get("key")))
                      .isInstanceOfSatisfying(
                          IdentityException.class,
                          e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY));
                  return;
                }
                PrivateKeyMaterial key = PrivateKeyMaterial.fromJwk(input.get("key"));
                byte[] data = Vectors.hex(input.get("data"));
                byte[] signature = key.sign(data);
                assertThat(Hex.encode(signature)).isEqualTo(vector.get("output").asText());
                assertThatCode(() -> key.publicKey().verify(data, signature)).doesNotThrowAnyException();
              }));
    }
    return tests.stream();
  }

  /** Verify vectors: {@code true} must pass, {@code false} must throw INVALID_SIGNATURE, errors must throw. */
  private static Stream<DynamicTest> web5Verify(String file, int count) {
    JsonNode vectors = Vectors.json("web5-spec/test-vectors/" + file).get("vectors");
    assertThat(vectors).hasSize(count);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode vector : vectors) {
      JsonNode input = vector.get("input");
      tests.add(
          DynamicTest.dynamicTest(
              vector.get("description").asText(),
              () -> {
                byte[] data = Vectors.hex(input.get("data"));
                byte[] signature = Vectors.hex(input.get("signature"));
                if (vector.path("errors").asBoolean(false)) {
                  assertThatThrownBy(
                          () -> PublicKeyMaterial.fromJwk(input.get("key")).verify(data, signature))
                      .isInstanceOfSatisfying(
                          IdentityException.class,
                          e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY));
                  return;
                }
                PublicKeyMaterial key = PublicKeyMaterial.fromJwk(input.get("key"));
                if (vector.get("output").asBoolean()) {
                  assertThatCode(() -> key.verify(data, signature)).doesNotThrowAnyException();
                } else {
                  assertThatThrownBy(() -> key.verify(data, signature))
                      .isInstanceOfSatisfying(
                          IdentityException.class,
                          e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_SIGNATURE));
                }
              }));
    }
    return tests.stream();
  }
}
