package org.anp.transport.internal.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.anp.identity.codec.Hex;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class HkdfTest {

  @TestFactory
  Stream<DynamicTest> wycheproofHkdfSha256() {
    JsonNode file = Vectors.load("wycheproof/hkdf_sha256_test.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode group : file.get("testGroups")) {
      for (JsonNode t : group.get("tests")) {
        tests.add(DynamicTest.dynamicTest(name(t), () -> {
          byte[] ikm = Hex.decode(t.get("ikm").asText());
          byte[] salt = Hex.decode(t.get("salt").asText());
          byte[] info = Hex.decode(t.get("info").asText());
          int size = t.get("size").asInt();
          if (t.get("result").asText().equals("valid")) {
            assertThat(Hex.encode(Hkdf.derive(salt, ikm, info, size)))
                .isEqualTo(t.get("okm").asText());
          } else {
            assertThatThrownBy(() -> Hkdf.derive(salt, ikm, info, size))
                .isInstanceOf(IllegalArgumentException.class);
          }
        }));
      }
    }
    assertThat(tests).hasSize(file.get("numberOfTests").asInt());
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> wycheproofHmacSha256() {
    JsonNode file = Vectors.load("wycheproof/hmac_sha256_test.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode group : file.get("testGroups")) {
      int tagBytes = group.get("tagSize").asInt() / 8;
      for (JsonNode t : group.get("tests")) {
        tests.add(DynamicTest.dynamicTest(name(t), () -> {
          byte[] full = Hkdf.hmac(Hex.decode(t.get("key").asText()), Hex.decode(t.get("msg").asText()));
          boolean matches =
              MessageDigest.isEqual(Arrays.copyOf(full, tagBytes), Hex.decode(t.get("tag").asText()));
          assertThat(matches).isEqualTo(t.get("result").asText().equals("valid"));
        }));
      }
    }
    assertThat(tests).hasSize(file.get("numberOfTests").asInt());
    return tests.stream();
  }

  @Test
  void outputLengthLimitsAreEnforcedAtTheEdge() {
    byte[] prk = new byte[32];
    assertThat(Hkdf.expand(prk, new byte[0], 255 * 32)).hasSize(255 * 32);
    assertThat(Hkdf.expand(prk, new byte[0], 0)).isEmpty();
    assertThatThrownBy(() -> Hkdf.expand(prk, new byte[0], 255 * 32 + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hkdf.expand(prk, new byte[0], -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static String name(JsonNode t) {
    return "tcId " + t.get("tcId").asInt() + " " + t.get("comment").asText() + " " + t.get("flags");
  }
}
