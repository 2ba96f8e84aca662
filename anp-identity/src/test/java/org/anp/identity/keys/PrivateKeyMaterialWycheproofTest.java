package org.anp.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * Key agreement against Project Wycheproof: X25519 (raw keys), ECDH P-256 with raw SEC1 points
 * and with X.509 SubjectPublicKeyInfo keys. Decisions on {@code acceptable} cases are written
 * out below, per flag; each turns "either outcome" into one required outcome. No case is
 * skipped.
 */
class PrivateKeyMaterialWycheproofTest {

  /**
   * X25519 acceptable cases: {@code ZeroSharedSecret} (low-order peers) must be refused with
   * {@code INVALID_KEY} (RFC 7748 section 6.1 check); all others (twist points, non-canonical
   * u-coordinates, edge-case multiplications) must succeed with the expected output, as RFC 7748
   * requires every 32-byte string to be accepted.
   */
  @TestFactory
  Stream<DynamicTest> x25519() {
    JsonNode root = Vectors.wycheproof("x25519_test.json");
    Vectors.Run run = new Vectors.Run(root);
    for (JsonNode group : root.get("testGroups")) {
      assertThat(group.get("curve").asText()).isEqualTo("curve25519");
      for (JsonNode test : group.get("tests")) {
        run.add(
            test,
            () -> {
              byte[] shared = Vectors.hex(test.get("shared"));
              boolean zero = Arrays.equals(shared, new byte[32]);
              assertThat(zero).as("ZeroSharedSecret flag").isEqualTo(Vectors.hasFlag(test, "ZeroSharedSecret"));
              ThrowingSupplier<byte[]> agree =
                  () ->
                      PrivateKeyMaterial.fromRaw(KeyType.X25519, Vectors.hex(test.get("private")))
                          .agree(PublicKeyMaterial.fromRaw(KeyType.X25519, Vectors.hex(test.get("public"))));
              String result = test.get("result").asText();
              if (result.equals("valid") || (result.equals("acceptable") && !zero)) {
                assertThat(agree.get()).isEqualTo(shared);
              } else if (result.equals("acceptable")) {
                assertThatThrownBy(agree::get)
                    .isInstanceOfSatisfying(
                        IdentityException.class,
                        e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY));
              } else {
                assertThatThrownBy(agree::get).isInstanceOf(IdentityException.class);
              }
            });
      }
    }
    return run.stream();
  }

  /**
   * ECDH P-256, raw points. The one acceptable case is a compressed public point
   * ({@code CompressedPublic}); {@link PublicKeyMaterial#fromRaw} accepts compressed points, so
   * it must succeed with the expected output.
   */
  @TestFactory
  Stream<DynamicTest> ecdhP256EcPoint() {
    JsonNode root = Vectors.wycheproof("ecdh_secp256r1_ecpoint_test.json");
    Vectors.Run run = new Vectors.Run(root);
    for (JsonNode group : root.get("testGroups")) {
      assertThat(group.get("curve").asText()).isEqualTo("secp256r1");
      assertThat(group.get("encoding").asText()).isEqualTo("ecpoint");
      for (JsonNode test : group.get("tests")) {
        run.add(
            test,
            () ->
                judgeEcdh(
                    test,
                    () -> PublicKeyMaterial.fromRaw(KeyType.SECP256R1, Vectors.hex(test.get("public"))),
                    "CompressedPublic"));
      }
    }
    return run.stream();
  }

  /**
   * ECDH P-256, X.509 SubjectPublicKeyInfo. Acceptable cases: {@code CompressedPublic} must
   * succeed (compressed points are accepted); {@code InvalidAsn} (BER instead of DER) and
   * {@code UnnamedCurve} (explicit curve parameters) must be refused, because the SPKI parser
   * accepts strict DER with a named curve only.
   */
  @TestFactory
  Stream<DynamicTest> ecdhP256Spki() {
    JsonNode root = Vectors.wycheproof("ecdh_secp256r1_test.json");
    Vectors.Run run = new Vectors.Run(root);
    for (JsonNode group : root.get("testGroups")) {
      assertThat(group.get("curve").asText()).isEqualTo("secp256r1");
      assertThat(group.get("encoding").asText()).isEqualTo("asn");
      for (JsonNode test : group.get("tests")) {
        run.add(
            test,
            () ->
                judgeEcdh(
                    test,
                    () -> PublicKeyMaterial.fromSpkiDer(Vectors.hex(test.get("public"))),
                    "CompressedPublic"));
      }
    }
    return run.stream();
  }

  private static void judgeEcdh(
      JsonNode test, ThrowingSupplier<PublicKeyMaterial> peer, String acceptedFlag)
      throws Throwable {
    ThrowingSupplier<byte[]> agree =
        () ->
            PrivateKeyMaterial.fromRaw(KeyType.SECP256R1, Vectors.scalar32(test.get("private")))
                .agree(peer.get());
    String result = test.get("result").asText();
    boolean succeed =
        result.equals("valid")
            || (result.equals("acceptable") && Vectors.hasFlag(test, acceptedFlag));
    if (succeed) {
      assertThat(agree.get()).isEqualTo(Vectors.hex(test.get("shared")));
    } else {
      assertThatThrownBy(agree::get).isInstanceOf(IdentityException.class);
    }
  }
}
