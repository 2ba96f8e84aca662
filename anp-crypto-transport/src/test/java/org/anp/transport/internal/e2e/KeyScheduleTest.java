package org.anp.transport.internal.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.anp.identity.codec.Hex;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.junit.jupiter.api.Test;

class KeyScheduleTest {
  private static final String SR = "766682d2f937c76804be5565c03a75bd3b1735f3d6121c85b38da5b6e232f045";
  private static final String DR = "a5456b20a35afb2d60d352a054af998fc6a2ab04bf1c9b6622a6d6f3ed79f9a4";
  private static final byte[] Z =
      Hex.decode("a6b313dcbb0f6bc4c54c5ade7d3d3ad5e31c8db82ad5cafee1427db0954e4aa7");

  @Test
  void digestVectorEveryIntermediateValue() {
    assertThat(Hex.encode(Hkdf.extract(new byte[0], Z)))
        .isEqualTo("3c73613f589a85c4b2d917b353df411ca2f17b770577dfef5a7f1ff2bc4a410e");
    byte[] extracted = KeySchedule.extracted(Z);
    assertThat(Hex.encode(extracted))
        .isEqualTo("45d0214156bfa98510d3f89e64e920f6228de78935de32923a30d9eec04efc46");
    byte[] info = KeySchedule.label(32, "s ap traffic", (SR + DR).getBytes(StandardCharsets.UTF_8));
    assertThat(info).hasSize(150);
    assertThat(Hex.encode(info)).startsWith("002012616c7331302073206170207472616666696380");
    byte[] s = KeySchedule.trafficSecret(extracted, "s ap traffic", SR, DR);
    byte[] d = KeySchedule.trafficSecret(extracted, "d ap traffic", SR, DR);
    assertThat(Hex.encode(s)).isEqualTo("1a9fb44717e42ec1056699d9b82bf84108b796a44c6f5abfa9c7c01950e4e448");
    assertThat(Hex.encode(d)).isEqualTo("c24c8395d0193a00e2ba2759cb89eb0642e1271b9ff0d4bf41c8edd70cc63f31");
    byte[] keyInfo = KeySchedule.label(32, "key", s);
    assertThat(keyInfo).hasSize(45);
    assertThat(Hex.encode(keyInfo)).startsWith("002009616c733130206b657920");
    assertThat(Hex.encode(KeySchedule.dataKey(s, 16))).isEqualTo("add68e813d5d87e03e139fa9a85e2fd9");

    DerivedKeys keys = KeySchedule.derive(Z, SR, DR, 16);
    assertThat(Hex.encode(keys.sourceKey())).isEqualTo("add68e813d5d87e03e139fa9a85e2fd9");
    assertThat(Hex.encode(keys.destinationKey())).isEqualTo("0290e9bc5f1edf84cd2e7b6dea8754ed");
    assertThat(keys.secretKeyId()).isEqualTo("83e0a67e152abf45");
    assertThat(keys.toString()).doesNotContain("add68e").contains("redacted");
  }

  @Test
  void referenceSdkHandshakeKeySchedule() {
    JsonNode hs = Vectors.load("conformance/e2e-legacy/handshake.json");
    JsonNode ks = hs.get("key_schedule");
    JsonNode harness = ks.get("harness_check_independent_derivation");
    String sr = hs.get("source_hello_random").asText();
    String dr = hs.get("destination_hello_random").asText();
    byte[] z = Hex.decode(ks.get("ecdh_shared_secret_hex").asText());
    byte[] extracted = KeySchedule.extracted(z);
    assertThat(Hex.encode(extracted)).isEqualTo(harness.get("extracted_key_hex").asText());
    assertThat(Hex.encode(KeySchedule.label(32, "s ap traffic", (sr + dr).getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(harness.get("s_ap_traffic_info_hex").asText());
    byte[] s = KeySchedule.trafficSecret(extracted, "s ap traffic", sr, dr);
    assertThat(Hex.encode(KeySchedule.label(32, "key", s)))
        .isEqualTo(harness.get("source_key_info_hex").asText());
    DerivedKeys keys = KeySchedule.derive(z, sr, dr, 16);
    assertThat(Hex.encode(keys.sourceKey())).isEqualTo(harness.get("source_data_key_hex").asText());
    assertThat(Hex.encode(keys.destinationKey()))
        .isEqualTo(harness.get("destination_data_key_hex").asText());
    assertThat(keys.secretKeyId()).isEqualTo(hs.get("secret_key_id").asText());
  }

  @Test
  void randomsLongerThanOneLengthByteAreRejectedAtTheEdge() {
    String a = "a".repeat(128);
    assertThat(KeySchedule.derive(Z, a, "b".repeat(127), 16).secretKeyId()).hasSize(16);
    assertThatThrownBy(() -> KeySchedule.derive(Z, a, "b".repeat(128), 16))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.INVALID_MESSAGE))
        .hasMessageContaining("random");
  }

  @Test
  void destroyWipesKeys() {
    DerivedKeys keys = KeySchedule.derive(Z, SR, DR, 16);
    keys.destroy();
    assertThat(keys.isDestroyed()).isTrue();
    assertThatThrownBy(keys::sourceKey).isInstanceOf(IllegalStateException.class);
  }
}
