package org.anp.transport.internal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ECDH P-256 with raw SEC1 points, the form of a hello's {@code keyExchange}, through the identity
 * layer's key types exactly as the handshake uses them. The handshake itself accepts only
 * uncompressed points; the one "acceptable" compressed-point case is checked to agree to the
 * expected secret when the identity layer decodes it.
 */
class EcdhWycheproofTest {

  @TestFactory
  Stream<DynamicTest> wycheproofEcdhSecp256r1Ecpoint() {
    JsonNode file = Vectors.load("wycheproof/ecdh_secp256r1_ecpoint_test.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode group : file.get("testGroups")) {
      for (JsonNode t : group.get("tests")) {
        tests.add(DynamicTest.dynamicTest(HkdfTest.name(t), () -> {
          byte[] d = Hex.decode(t.get("private").asText());
          byte[] scalar = new byte[32];
          int skip = Math.max(0, d.length - 32);
          System.arraycopy(d, skip, scalar, 32 - (d.length - skip), d.length - skip);
          PrivateKeyMaterial priv = PrivateKeyMaterial.fromRaw(KeyType.SECP256R1, scalar);
          byte[] shared;
          try {
            shared = priv.agree(PublicKeyMaterial.fromRaw(KeyType.SECP256R1, Hex.decode(t.get("public").asText())));
          } catch (IdentityException e) {
            shared = null;
          }
          String result = t.get("result").asText();
          if (result.equals("invalid")) {
            assertThat(shared).isNull();
          } else if (result.equals("valid") || shared != null) {
            assertThat(shared).isNotNull();
            assertThat(Hex.encode(shared)).isEqualTo(t.get("shared").asText());
          }
          assertThat(Arrays.asList("valid", "invalid", "acceptable")).contains(result);
        }));
      }
    }
    assertThat(tests).hasSize(file.get("numberOfTests").asInt());
    return tests.stream();
  }
}
