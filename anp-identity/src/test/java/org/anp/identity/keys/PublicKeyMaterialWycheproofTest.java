package org.anp.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Signature verification against Project Wycheproof (ECDSA P-256 and secp256k1 in P1363 and DER
 * form, Ed25519). None of these files has {@code acceptable} cases; one appearing after an
 * upstream update fails the run so that a decision gets made. No case is skipped.
 */
class PublicKeyMaterialWycheproofTest {

  @TestFactory
  Stream<DynamicTest> ecdsaP256P1363() {
    return ecdsa("ecdsa_secp256r1_sha256_p1363_test.json", KeyType.SECP256R1, SignatureEncoding.P1363_FIXED);
  }

  @TestFactory
  Stream<DynamicTest> ecdsaP256Der() {
    return ecdsa("ecdsa_secp256r1_sha256_test.json", KeyType.SECP256R1, SignatureEncoding.DER);
  }

  @TestFactory
  Stream<DynamicTest> ecdsaSecp256k1P1363() {
    return ecdsa("ecdsa_secp256k1_sha256_p1363_test.json", KeyType.SECP256K1, SignatureEncoding.P1363_FIXED);
  }

  @TestFactory
  Stream<DynamicTest> ecdsaSecp256k1Der() {
    return ecdsa("ecdsa_secp256k1_sha256_test.json", KeyType.SECP256K1, SignatureEncoding.DER);
  }

  @TestFactory
  Stream<DynamicTest> ed25519() {
    JsonNode root = Vectors.wycheproof("ed25519_test.json");
    Vectors.Run run = new Vectors.Run(root);
    for (JsonNode group : root.get("testGroups")) {
      assertThat(group.at("/publicKey/curve").asText()).isEqualTo("edwards25519");
      PublicKeyMaterial key =
          PublicKeyMaterial.fromRaw(KeyType.ED25519, Vectors.hex(group.at("/publicKey/pk")));
      for (JsonNode test : group.get("tests")) {
        run.add(test, () -> judge(test, key, SignatureEncoding.P1363_FIXED));
      }
    }
    return run.stream();
  }

  private static Stream<DynamicTest> ecdsa(String file, KeyType type, SignatureEncoding encoding) {
    JsonNode root = Vectors.wycheproof(file);
    Vectors.Run run = new Vectors.Run(root);
    for (JsonNode group : root.get("testGroups")) {
      assertThat(group.get("sha").asText()).isEqualTo("SHA-256");
      assertThat(group.at("/publicKey/curve").asText()).isEqualTo(type == KeyType.SECP256R1 ? "secp256r1" : "secp256k1");
      PublicKeyMaterial key =
          PublicKeyMaterial.fromRaw(type, Vectors.hex(group.at("/publicKey/uncompressed")));
      for (JsonNode test : group.get("tests")) {
        run.add(test, () -> judge(test, key, encoding));
      }
    }
    return run.stream();
  }

  private static void judge(JsonNode test, PublicKeyMaterial key, SignatureEncoding encoding) {
    byte[] msg = Vectors.hex(test.get("msg"));
    byte[] sig = Vectors.hex(test.get("sig"));
    String result = test.get("result").asText();
    switch (result) {
      case "valid":
        assertThatCode(() -> key.verify(msg, sig, encoding)).doesNotThrowAnyException();
        break;
      case "invalid":
        assertThatThrownBy(() -> key.verify(msg, sig, encoding))
            .isInstanceOfSatisfying(
                IdentityException.class,
                e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_SIGNATURE));
        break;
      default:
        throw new AssertionError("no decision recorded for result '" + result + "'");
    }
  }
}
