package org.anp.transport.internal.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.anp.identity.codec.Hex;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class AesGcmCipherTest {
  private final SecureRandom random = new SecureRandom();

  /**
   * The Wycheproof cases with a 96-bit IV and 128-bit tag (the sizes the E2E framing uses), each
   * run twice on one instance so that the second run goes through a re-initialized cipher.
   */
  @TestFactory
  Stream<DynamicTest> wycheproofAesGcmOnAReusedCipher() {
    JsonNode file = Vectors.load("wycheproof/aes_gcm_test.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode group : file.get("testGroups")) {
      if (group.get("ivSize").asInt() != 96 || group.get("tagSize").asInt() != 128) {
        continue;
      }
      for (JsonNode t : group.get("tests")) {
        tests.add(DynamicTest.dynamicTest(HkdfTest.name(t), () -> runCase(t)));
      }
    }
    // Same count as AesGcmTest runs on the per-call primitive.
    assertThat(tests).hasSize(197);
    return tests.stream();
  }

  private static void runCase(JsonNode t) {
    AesGcmCipher cipher = new AesGcmCipher(Hex.decode(t.get("key").asText()));
    byte[] iv = Hex.decode(t.get("iv").asText());
    byte[] aad = Hex.decode(t.get("aad").asText());
    byte[] msg = Hex.decode(t.get("msg").asText());
    byte[] sealed = AesGcmTest.concat(Hex.decode(t.get("ct").asText()), Hex.decode(t.get("tag").asText()));
    for (int round = 0; round < 2; round++) {
      if (t.get("result").asText().equals("valid")) {
        assertThat(cipher.open(iv, aad, sealed)).isEqualTo(msg);
        if (round == 0) {
          // Encrypting twice in a row under one IV is refused by the JDK, so seal once.
          assertThat(cipher.seal(iv, aad, msg)).isEqualTo(sealed);
        }
      } else {
        assertThatThrownBy(() -> cipher.open(iv, aad, sealed))
            .isInstanceOfSatisfying(
                TransportException.class,
                e -> assertThat(e.code()).isEqualTo(TransportError.DECRYPTION_FAILED));
      }
    }
  }

  @Test
  void manyFramesUnderOneKeyMatchThePerCallPrimitive() {
    byte[] key = new byte[16];
    random.nextBytes(key);
    AesGcmCipher sealer = new AesGcmCipher(key);
    AesGcmCipher opener = new AesGcmCipher(key);
    for (int i = 0; i < 200; i++) {
      byte[] iv = new byte[12];
      random.nextBytes(iv);
      byte[] plaintext = new byte[i * 7];
      random.nextBytes(plaintext);

      byte[] sealed = sealer.seal(iv, new byte[0], plaintext);

      assertThat(sealed).isEqualTo(AesGcm.seal(key, iv, new byte[0], plaintext));
      if (i % 10 == 0) {
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> opener.open(iv, new byte[0], tampered))
            .isInstanceOfSatisfying(
                TransportException.class,
                e -> assertThat(e.code()).isEqualTo(TransportError.DECRYPTION_FAILED));
      }
      // A failed open leaves the cipher usable.
      assertThat(opener.open(iv, new byte[0], sealed)).isEqualTo(plaintext);
    }
  }

  @Test
  void keyAndIvAreCheckedAndTheSameIvIsNotSealedTwiceInARow() {
    assertThatThrownBy(() -> new AesGcmCipher(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    AesGcmCipher cipher = new AesGcmCipher(new byte[16]);
    assertThatThrownBy(() -> cipher.seal(new byte[16], new byte[0], new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cipher.open(new byte[12], new byte[0], new byte[15]))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.code()).isEqualTo(TransportError.DECRYPTION_FAILED));
    byte[] iv = new byte[12];
    cipher.seal(iv, new byte[0], new byte[] {1});
    assertThatThrownBy(() -> cipher.seal(iv, new byte[0], new byte[] {2}))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.code()).isEqualTo(TransportError.ENCRYPTION_FAILED));
  }
}
