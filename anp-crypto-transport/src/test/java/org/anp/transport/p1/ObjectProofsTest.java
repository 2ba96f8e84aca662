package org.anp.transport.p1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.stream.Stream;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.anp.identity.keys.PublicKeyMaterial;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Object proofs (P1 Appendix B) against the official P4/P5/P6 data-integrity vectors. */
class ObjectProofsTest {

  static Stream<Arguments> objectVectors() {
    return Stream.of("P4-RECEIPT-", "P5-BUNDLE-", "P6-BINDING-")
        .flatMap(p -> ByteVectors.positives(p).stream())
        .map(v -> Arguments.of(v.get("id").textValue(), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objectVectors")
  void hashDataMatchesAndTheProofVerifies(String id, JsonNode v) {
    ObjectNode object = (ObjectNode) v.get("object");
    assertThat(Hex.encode(ObjectProofs.hashData(object))).isEqualTo(v.get("hash_data_hex").textValue());
    ObjectProofs.verifySignature(object, PublicKeyMaterial.fromJwk(v.get("public_key_jwk")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objectVectors")
  void signingReproducesTheVectorProof(String id, JsonNode v) {
    ObjectNode object = ((ObjectNode) v.get("object")).deepCopy();
    JsonNode proof = object.remove("proof");
    String keyId = v.get("keyid").textValue();
    ObjectNode signed =
        ObjectProofs.sign(
            object,
            ByteVectors.key(v.get("identity_fixture").textValue(), keyId.substring(keyId.indexOf('#') + 1)),
            keyId,
            Instant.parse(proof.get("created").textValue()));
    assertThat(signed.get("proof").get("proofValue")).isEqualTo(proof.get("proofValue"));
    assertThat(signed).isEqualTo(v.get("object"));
  }

  static Stream<Arguments> objectNegatives() {
    return Stream.of("P4-RECEIPT-", "P5-BUNDLE-", "P6-BINDING-")
        .flatMap(p -> ByteVectors.negatives(p).stream())
        .map(n -> Arguments.of(n.get("id").textValue(), n));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objectNegatives")
  void everyTamperedObjectIsRefused(String id, JsonNode n) {
    JsonNode base = ByteVectors.positive(n.get("base_id").textValue());
    ObjectNode object = ((ObjectNode) base.get("object")).deepCopy();
    switch (n.get("mutation").textValue()) {
      case "object-property" -> object.set(n.get("property").textValue(), n.get("replacement"));
      case "proof-purpose" -> ((ObjectNode) object.get("proof")).set("proofPurpose", n.get("replacement"));
      default -> throw new AssertionError("unexpected mutation " + n.get("mutation"));
    }
    assertThatThrownBy(() -> ObjectProofs.verifySignature(object, PublicKeyMaterial.fromJwk(base.get("public_key_jwk"))))
        .isInstanceOf(IdentityException.class);
  }
}
