package org.anp.identity.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Base58Check against bitcoinjs/bs58check fixtures (vectors/base58/README.md). */
class Base58CheckTest {
  private static final JsonNode FIXTURES =
      Base58Test.fixture("/vectors/base58/bs58check/fixtures.json");

  @TestFactory
  Stream<DynamicTest> bs58checkValid() {
    JsonNode valid = FIXTURES.get("valid");
    assertThat(valid).as("README: 50 valid cases").hasSize(50);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : valid) {
      String text = c.get("string").asText();
      String payload = c.get("payload").asText();
      tests.add(
          dynamicTest(
              text,
              () -> {
                assertThat(Hex.encode(Base58Check.decode(text))).isEqualTo(payload);
                assertThat(Base58Check.encode(Hex.decode(payload))).isEqualTo(text);
              }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> bs58checkInvalid() {
    JsonNode invalid = FIXTURES.get("invalid");
    assertThat(invalid).as("README: 4 invalid cases").hasSize(4);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : invalid) {
      String text = c.get("string").asText();
      String expected =
          c.get("exception").asText().equals("Invalid checksum") ? "checksum" : "base58";
      tests.add(
          dynamicTest(
              text + " (" + c.get("exception").asText() + ")",
              () ->
                  assertThatThrownBy(() -> Base58Check.decode(text))
                      .isInstanceOfSatisfying(
                          IdentityException.class,
                          e -> {
                            assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING);
                            assertThat(e.getMessage()).contains(expected);
                          })));
    }
    return tests.stream();
  }

  /** [VECTOR] spec/identity.md section 2.1: version byte 00 + RIPEMD-160 hash. */
  @Test
  void didAllIdentifierVector() {
    byte[] payload = Hex.decode("008ba34ddb847b18070aae55f0bdc1d2414de9c845");
    assertThat(Base58Check.encode(payload)).isEqualTo("1DjLZEbNmg8TZKnoActpJ36xPTmBPJXECW");
    assertThat(Base58Check.decode("1DjLZEbNmg8TZKnoActpJ36xPTmBPJXECW")).isEqualTo(payload);
  }

  @Test
  void everySingleCharacterChangeIsDetected() {
    String valid = "1DjLZEbNmg8TZKnoActpJ36xPTmBPJXECW";
    String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    int rejected = 0;
    for (int i = 0; i < valid.length(); i++) {
      char replacement = alphabet.charAt((alphabet.indexOf(valid.charAt(i)) + 1) % 58);
      String changed = valid.substring(0, i) + replacement + valid.substring(i + 1);
      assertThatThrownBy(() -> Base58Check.decode(changed))
          .as("changed index %d", i)
          .isInstanceOf(IdentityException.class);
      rejected++;
    }
    assertThat(rejected).isEqualTo(valid.length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "111", "2g", "5Hue"})
  void rejectsInputShorterThanTheChecksum(String text) {
    assertThat(Base58.decode(text).length).isLessThan(4);
    assertThatThrownBy(() -> Base58Check.decode(text))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING);
              assertThat(e.getMessage()).contains("shorter than the 4-byte checksum");
            });
  }

  @Test
  void emptyPayloadRoundTrips() {
    String text = Base58Check.encode(new byte[0]);
    assertThat(Base58.decode(text)).hasSize(4);
    assertThat(Base58Check.decode(text)).isEmpty();
  }
}
