package org.anp.transport.internal.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Base64Variant;
import org.anp.identity.codec.Hex;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class AesGcmTest {

  /**
   * Runs every case with a 96-bit IV (all key sizes: the primitive takes 128, 192 and 256-bit
   * keys, although only AES-128 is advertised). Cases with any other IV size are not run: the
   * E2E framing fixes the IV at 12 bytes and the primitive rejects other lengths. They are
   * counted here so that nothing is skipped silently.
   */
  @TestFactory
  Stream<DynamicTest> wycheproofAesGcm() {
    JsonNode file = Vectors.load("wycheproof/aes_gcm_test.json");
    List<DynamicTest> tests = new ArrayList<>();
    List<Integer> notRunOtherIvSize = new ArrayList<>();
    int keySize128Run = 0;
    for (JsonNode group : file.get("testGroups")) {
      boolean supported = group.get("ivSize").asInt() == 96 && group.get("tagSize").asInt() == 128;
      for (JsonNode t : group.get("tests")) {
        if (!supported) {
          notRunOtherIvSize.add(t.get("tcId").asInt());
          continue;
        }
        if (group.get("keySize").asInt() == 128) {
          keySize128Run++;
        }
        tests.add(DynamicTest.dynamicTest(HkdfTest.name(t), () -> runCase(t)));
      }
    }
    assertThat(tests.size() + notRunOtherIvSize.size()).isEqualTo(file.get("numberOfTests").asInt());
    assertThat(keySize128Run).isEqualTo(67);
    assertThat(tests).hasSize(197);
    assertThat(notRunOtherIvSize).hasSize(119);
    return tests.stream();
  }

  private static void runCase(JsonNode t) {
    byte[] key = Hex.decode(t.get("key").asText());
    byte[] iv = Hex.decode(t.get("iv").asText());
    byte[] aad = Hex.decode(t.get("aad").asText());
    byte[] msg = Hex.decode(t.get("msg").asText());
    byte[] sealed = concat(Hex.decode(t.get("ct").asText()), Hex.decode(t.get("tag").asText()));
    if (t.get("result").asText().equals("valid")) {
      assertThat(AesGcm.seal(key, iv, aad, msg)).isEqualTo(sealed);
      assertThat(AesGcm.open(key, iv, aad, sealed)).isEqualTo(msg);
    } else {
      assertThatThrownBy(() -> AesGcm.open(key, iv, aad, sealed))
          .isInstanceOfSatisfying(
              TransportException.class,
              e -> assertThat(e.code()).isEqualTo(TransportError.DECRYPTION_FAILED));
    }
  }

  @Test
  void finishedVectorFromTheDigest() {
    byte[] key = Hex.decode("add68e813d5d87e03e139fa9a85e2fd9");
    byte[] iv = Hex.decode("000102030405060708090a0b");
    byte[] plain = "{\"secretKeyId\": \"83e0a67e152abf45\"}".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = AesGcm.seal(key, iv, new byte[0], plain);
    byte[] ct = Arrays.copyOf(sealed, sealed.length - 16);
    byte[] tag = Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length);
    assertThat(Base64Codec.encode(Base64Variant.STANDARD, ct))
        .isEqualTo("Z7HmRbSPmSDzIHg5t+mo/+0ttyd3JU+5Vj23umLnND/vVRU=");
    assertThat(Base64Codec.encode(Base64Variant.STANDARD, tag)).isEqualTo("knV6uywJWWdL2CKfmeZrEA==");
  }

  @Test
  void rejectsInputShorterThanATagAndWrongIvLength() {
    byte[] key = new byte[16];
    assertThatThrownBy(() -> AesGcm.open(key, new byte[12], new byte[0], new byte[15]))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("ciphertext");
    assertThatThrownBy(() -> AesGcm.seal(key, new byte[16], new byte[0], new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
