package org.anp.identity.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Base58 against cryptocoinjs/base-x fixtures (vectors/base58/README.md) and edge cases. */
class Base58Test {
  static JsonNode fixture(String path) {
    try (InputStream in = Base58Test.class.getResourceAsStream(path)) {
      assertThat(in).as("classpath resource %s", path).isNotNull();
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> baseXValidBitcoinAlphabet() {
    JsonNode valid = fixture("/vectors/base58/base-x/fixtures.json").get("valid");
    assertThat(valid).hasSize(121);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : valid) {
      if (!c.get("alphabet").asText().equals("base58")) {
        continue; // base2, base16 and base45 cases are for other alphabets
      }
      String hex = c.get("hex").asText();
      String text = c.get("string").asText();
      tests.add(
          dynamicTest(
              "base58 " + hex + " <-> '" + text + "'",
              () -> {
                assertThat(Base58.encode(Hex.decode(hex))).isEqualTo(text);
                assertThat(Hex.encode(Base58.decode(text))).isEqualTo(hex);
              }));
    }
    assertThat(tests).as("README: 97 base58 round-trip cases").hasSize(97);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> baseXInvalid() {
    JsonNode invalid = fixture("/vectors/base58/base-x/fixtures.json").get("invalid");
    assertThat(invalid).as("README: 9 invalid cases").hasSize(9);
    List<DynamicTest> tests = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (JsonNode c : invalid) {
      String description = c.get("description").asText();
      if (!c.get("alphabet").asText().equals("base58")) {
        skipped.add("ambiguous alphabet definition (JS constructor test): " + description);
        continue;
      }
      if (!c.path("string").isTextual()) {
        skipped.add("non-string argument (JS type test; Java is typed): " + description);
        continue;
      }
      String text = c.get("string").asText();
      tests.add(
          dynamicTest(
              description + " " + c.get("string"),
              () ->
                  assertThatThrownBy(() -> Base58.decode(text))
                      .isInstanceOfSatisfying(
                          IdentityException.class,
                          e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING))));
    }
    assertThat(skipped).as("the two JS-specific cases named in the README").hasSize(2);
    assertThat(tests).hasSize(7);
    return tests.stream();
  }

  /** Bitcoin Core vectors listed in vectors/base58/README.md that base-x lacks. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "271F359E, zzzzy",
    "271F359F, zzzzz",
    "271F35A0, 211111",
    "271F35A1, 211112",
  })
  void bitcoinCoreBoundaries(String hex, String text) {
    assertThat(Base58.encode(Hex.decode(hex))).isEqualTo(text);
    assertThat(Base58.decode(text)).isEqualTo(Hex.decode(hex));
  }

  @Test
  void bitcoinCoreLeadingZeroCases() {
    byte[] fortyZeros = new byte[40];
    assertThat(Base58.encode(fortyZeros)).isEqualTo("1".repeat(40));
    assertThat(Base58.decode("1".repeat(40))).isEqualTo(fortyZeros);
    byte[] zerosThenOne = new byte[40];
    zerosThenOne[39] = 1;
    assertThat(Base58.encode(zerosThenOne)).isEqualTo("1".repeat(39) + "2");
    assertThat(Base58.decode("1".repeat(39) + "2")).isEqualTo(zerosThenOne);
    byte[] longLeading = new byte[88 + 12];
    System.arraycopy(Hex.decode("ec39d04c37e71e5d591881f6"), 0, longLeading, 88, 12);
    String text = Base58.encode(longLeading);
    assertThat(text).startsWith("1".repeat(88)).doesNotStartWith("1".repeat(89));
    assertThat(Base58.decode(text)).isEqualTo(longLeading);
  }

  @Test
  void allByteValuesRoundTrip() {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    String text = Base58.encode(all);
    assertThat(text).startsWith("1").doesNotStartWith("11");
    assertThat(Base58.decode(text)).isEqualTo(all);
  }

  @Test
  void randomInputsWithLeadingZerosRoundTrip() {
    Random random = new Random(58);
    for (int i = 0; i < 500; i++) {
      byte[] bytes = new byte[random.nextInt(70)];
      random.nextBytes(bytes);
      int zeros = Math.min(bytes.length, random.nextInt(4));
      for (int z = 0; z < zeros; z++) {
        bytes[z] = 0;
      }
      String text = Base58.encode(bytes);
      int ones = 0;
      while (ones < text.length() && text.charAt(ones) == '1') {
        ones++;
      }
      int leadingZeroBytes = 0;
      while (leadingZeroBytes < bytes.length && bytes[leadingZeroBytes] == 0) {
        leadingZeroBytes++;
      }
      assertThat(ones).isEqualTo(leadingZeroBytes);
      assertThat(Base58.decode(text)).isEqualTo(bytes);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "O", "I", "l", "abc0", "+", "é", "z\u0000", "2g\uD83D\uDE02"})
  void rejectsCharactersOutsideTheAlphabet(String text) {
    assertThatThrownBy(() -> Base58.decode(text))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING);
              assertThat(e.getMessage()).contains("base58").contains("index");
            });
  }

  @Test
  void namesTheIndexOfTheBadCharacter() {
    assertThatThrownBy(() -> Base58.decode("2g2gl")).hasMessageContaining("index 4");
  }

  @Test
  void decodeLimitIsEnforcedAtTheEdge() {
    String atLimit = "1".repeat(Base58.MAX_DECODE_LENGTH);
    assertThat(Base58.decode(atLimit)).hasSize(Base58.MAX_DECODE_LENGTH).containsOnly(0);
    String overLimit = atLimit + "1";
    assertThatThrownBy(() -> Base58.decode(overLimit))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INPUT_TOO_LARGE));
  }

  @Test
  void emptyCorrespondsToEmpty() {
    assertThat(Base58.encode(new byte[0])).isEmpty();
    assertThat(Base58.decode("")).isEmpty();
    assertThat(Set.of(Base58.encode(new byte[] {0}), Base58.encode(new byte[] {0, 0})))
        .containsExactlyInAnyOrder("1", "11");
  }

  @Test
  void nullIsAProgrammerError() {
    assertThatThrownBy(() -> Base58.encode(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Base58.decode(null)).isInstanceOf(NullPointerException.class);
  }
}
