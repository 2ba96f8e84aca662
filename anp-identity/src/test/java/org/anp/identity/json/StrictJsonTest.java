package org.anp.identity.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonTest {
  private static final int LIMIT = 1 << 16;

  private static void assertInvalidJson(ThrowingCallable call, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INVALID_JSON);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }

  @Test
  void parsesObjectsArraysAndScalars() {
    JsonNode node = StrictJson.parse("{\"a\":[1,\"x\",true,null,{}]}", LIMIT);
    assertThat(node.get("a")).hasSize(5);
    assertThat(node.get("a").get(1).textValue()).isEqualTo("x");
    assertThat(StrictJson.parse(" 42 ", LIMIT).intValue()).isEqualTo(42);
    assertThat(StrictJson.parse("\"s\"".getBytes(StandardCharsets.UTF_8), LIMIT).textValue())
        .isEqualTo("s");
  }

  @Test
  void integersStayExactAndFractionsBecomeDoubles() {
    JsonNode node =
        StrictJson.parse("[1,5000000000,12345678901234567890,1.5,1e2,56.0,-0,-0.0]", LIMIT);
    assertThat(node.get(0)).isInstanceOf(IntNode.class);
    assertThat(node.get(1)).isInstanceOf(LongNode.class);
    assertThat(node.get(2))
        .isEqualTo(BigIntegerNode.valueOf(new BigInteger("12345678901234567890")));
    assertThat(node.get(3)).isEqualTo(DoubleNode.valueOf(1.5));
    assertThat(node.get(4)).isEqualTo(DoubleNode.valueOf(100.0));
    assertThat(node.get(5)).isInstanceOf(DoubleNode.class);
    assertThat(node.get(6)).isEqualTo(IntNode.valueOf(0));
    assertThat(1 / node.get(7).doubleValue()).isNegative();
    // Correct rounding: the literal of the RFC 8785 values vector.
    assertThat(StrictJson.parse("333333333.33333329", LIMIT).doubleValue())
        .isEqualTo(333333333.3333333);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e400", "-1e400", "[1.8e308]", "{\"a\":{\"b\":[9e999]}}"})
  void numbersBeyondDoubleRangeAreRejected(String json) {
    assertInvalidJson(() -> StrictJson.parse(json, LIMIT), "range");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":1,\"a\":2}", "[{\"x\":{\"k\":1,\"k\":1}}]", "{\"a\":1,\"b\":2,\"a\":null}"
      })
  void duplicateKeysAreRejected(String json) {
    assertInvalidJson(() -> StrictJson.parse(json, LIMIT), "Duplicate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{} x", "{}{}", "1 2", "[1]]", "\"a\" \"b\"", "null,"})
  void trailingContentIsRejected(String json) {
    assertInvalidJson(() -> StrictJson.parse(json, LIMIT), "json:");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{", "[1,]", "{\"a\":1,}", "{'a':1}", "NaN", "Infinity", "01", "+1", ".5", "1.",
        "/*c*/{}", "// c\n{}", "tru", "{a:1}", "\"\t\"", "[\"\\x41\"]", "\"unterminated"
      })
  void malformedJsonIsRejected(String json) {
    assertInvalidJson(() -> StrictJson.parse(json, LIMIT), "json:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t "})
  void emptyInputIsRejected(String json) {
    assertInvalidJson(() -> StrictJson.parse(json, LIMIT), "no value");
    assertInvalidJson(
        () -> StrictJson.parse(json.getBytes(StandardCharsets.UTF_8), LIMIT), "no value");
  }

  @Test
  void errorsCarryLineAndColumn() {
    assertInvalidJson(
        () -> StrictJson.parse("{\n  \"a\": 1,\n  \"b\": ]\n}", LIMIT), "at line 3, column");
  }

  @Test
  void jacksonExceptionsDoNotLeak() {
    assertThatThrownBy(() -> StrictJson.parse("{", LIMIT))
        .isExactlyInstanceOf(IdentityException.class)
        .hasCauseInstanceOf(JsonProcessingException.class);
  }

  /** Bad UTF-8 with the byte offset of the first bad byte. */
  @ParameterizedTest(name = "{0} -> offset {1}")
  @CsvSource({
    "22c0af22, 1", // overlong '/'
    "22e080af22, 1", // overlong 3-byte
    "2280, 1", // lone continuation byte
    "2241e28222, 2", // truncated 3-byte sequence
    "22eda08022, 1", // UTF-8-encoded surrogate U+D800
    "22f4908080, 1", // above U+10FFFF
    "22ff22, 1",
    "5b312c2231fe225d, 5",
  })
  void invalidUtf8IsRejectedWithItsOffset(String hex, int offset) {
    assertInvalidJson(
        () -> StrictJson.parse(Hex.decode(hex), LIMIT), "invalid UTF-8 at byte offset " + offset);
  }

  /** Invalid UTF-8 inside keys and strings, and cut off at the very end of the input. */
  @ParameterizedTest(name = "{0} -> offset {1}")
  @CsvSource({
    "7b22c0af223a317d, 2", // overlong '/' as a key
    "7b2261eda080223a317d, 3", // encoded U+D800 inside a key
    "7b2261223a2262edbfbf227d, 7", // encoded U+DFFF inside a value
    "5b22f08fbfbf225d, 2", // overlong 4-byte U+FFFF
    "5b22f88080808022, 2", // 5-byte form
    "22c1bf22, 1", // overlong 2-byte with C1
    "22e2, 1", // truncated at the end: lead byte only
    "22e282, 1", // truncated at the end: 2 of 3 bytes
    "22f09f98, 1", // truncated at the end: 3 of 4 bytes
    "22c3a9f09f, 3", // valid 'e-acute' then truncated 4-byte sequence
    "efbbbfc0af, 3", // bad UTF-8 after a byte order mark is reported as bad UTF-8
  })
  void invalidUtf8InKeysStringsAndAtTheEndIsRejected(String hex, int offset) {
    assertInvalidJson(
        () -> StrictJson.parse(Hex.decode(hex), LIMIT), "invalid UTF-8 at byte offset " + offset);
  }

  private static int jdkFirstInvalid(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CoderResult result = decoder.decode(in, CharBuffer.allocate(bytes.length), true);
    return result.isError() ? in.position() : -1;
  }

  private static void assertSameAsJdk(byte[] bytes) {
    int expected = jdkFirstInvalid(bytes);
    if (StrictJson.firstInvalidUtf8(bytes) != expected) {
      assertThat(StrictJson.firstInvalidUtf8(bytes)).as(Hex.encode(bytes)).isEqualTo(expected);
    }
  }

  /**
   * The UTF-8 check rejects exactly what the JDK decoder rejects, at the same offset: every
   * sequence of one and two bytes, every three bytes starting with a non-ASCII byte, four-byte
   * sequences over the boundary values of each continuation byte, and random mixes.
   */
  @Test
  void utf8CheckMatchesTheJdkDecoder() {
    int[] edges = {0x00, 0x22, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    for (int b0 = 0; b0 < 256; b0++) {
      assertSameAsJdk(new byte[] {(byte) b0});
      for (int b1 = 0; b1 < 256; b1++) {
        assertSameAsJdk(new byte[] {(byte) b0, (byte) b1});
        if (b0 >= 0x80) {
          for (int b2 = 0; b2 < 256; b2++) {
            assertSameAsJdk(new byte[] {(byte) b0, (byte) b1, (byte) b2});
          }
        }
        if (b0 >= 0xF0) {
          for (int b2 : edges) {
            for (int b3 : edges) {
              assertSameAsJdk(
                  new byte[] {0x22, (byte) b0, (byte) b1, (byte) b2, (byte) b3, 0x22});
            }
          }
        }
      }
    }
    Random random = new Random(8785);
    int[] pool = {
      0x22, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4
    };
    for (int round = 0; round < 200_000; round++) {
      byte[] bytes = new byte[1 + random.nextInt(round % 2 == 0 ? 10 : 40)];
      for (int i = 0; i < bytes.length; i++) {
        int b = random.nextInt(4) != 0 ? pool[random.nextInt(pool.length)] : random.nextInt(256);
        bytes[i] = (byte) b;
      }
      assertSameAsJdk(bytes);
    }
  }

  /**
   * NUL bytes are never valid here; Jackson's byte parser would otherwise take a leading or
   * second NUL as a hint for UTF-16 or UTF-32 (e.g. {@code 31 00} as UTF-16LE {@code 1}).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "3100", "0031", "31000000", "00000031", "7b007d00", "007b007d", "00", "5b315d00",
        "5b312c00325d", "220022", "7b226100223a317d", "20202000"
      })
  void nulBytesAreRejected(String hex) {
    assertInvalidJson(() -> StrictJson.parse(Hex.decode(hex), LIMIT), "json:");
  }

  /**
   * The byte form reports errors exactly as the text form does, columns in characters even
   * after multi-byte characters on the same line.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"\u00e9\u4e2d\":1,]", "[\"\uD83D\uDE02\", tru]", "{\"k\u00e9\":1,\"k\u00e9\":2}",
        "[1e999]", "{\"a\":\"\u00e9\"} x", "\u00e9", "[\"\u00e9\n\"]", "{\n\"\u00e9\": ]}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]", "\uFEFF[1]", "[\"\u00e9\"]"
      })
  void bytesAndTextGiveTheSameOutcome(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Object fromText = outcome(() -> StrictJson.parse(text, LIMIT));
    Object fromBytes = outcome(() -> StrictJson.parse(bytes, LIMIT));
    assertThat(fromBytes).isEqualTo(fromText);
  }

  private static Object outcome(Supplier<JsonNode> parse) {
    try {
      return parse.get();
    } catch (IdentityException e) {
      return e.code() + " " + e.getMessage();
    }
  }

  @Test
  void utf16AndByteOrderMarksAreRejected() {
    assertInvalidJson(() -> StrictJson.parse(Hex.decode("efbbbf7b7d"), LIMIT), "byte order mark");
    assertInvalidJson(() -> StrictJson.parse("\uFEFF{}", LIMIT), "byte order mark");
    assertThatThrownBy(() -> StrictJson.parse("{}".getBytes(StandardCharsets.UTF_16BE), LIMIT))
        .isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> StrictJson.parse("{}".getBytes(StandardCharsets.UTF_16), LIMIT))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void validMultiByteUtf8IsAccepted() {
    byte[] bytes = "{\"k\u00e9\":\"\u4e2d\uD83D\uDE02\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(StrictJson.parse(bytes, LIMIT).get("k\u00e9").textValue())
        .isEqualTo("\u4e2d\uD83D\uDE02");
  }

  @Test
  void unpairedSurrogateCharsInAStringInputAreRejected() {
    assertInvalidJson(
        () -> StrictJson.parse("[\"a\uD800\"]", LIMIT), "unpaired surrogate at char index 3");
    assertInvalidJson(() -> StrictJson.parse("\"\uDC00\uD800\"", LIMIT), "unpaired surrogate");
  }

  /** Escaped lone surrogates are JSON-legal; JCS refuses them later (documented behaviour). */
  @Test
  void escapedLoneSurrogatesParseButDoNotCanonicalize() {
    JsonNode node = StrictJson.parse("\"\\ud800\"", LIMIT);
    assertThat(node.textValue()).isEqualTo("\uD800");
    assertThatThrownBy(() -> Jcs.canonicalize(node)).isInstanceOf(IdentityException.class);
  }

  @Test
  void nestingLimitAtTheEdge() {
    String atLimit = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
    assertThat(StrictJson.parse(atLimit, LIMIT)).isNotNull();
    String objects =
        "{\"a\":".repeat(StrictJson.MAX_DEPTH - 1) + "[]" + "}".repeat(StrictJson.MAX_DEPTH - 1);
    assertThat(StrictJson.parse(objects.getBytes(StandardCharsets.UTF_8), LIMIT)).isNotNull();
    String over = "[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1);
    assertInvalidJson(() -> StrictJson.parse(over, LIMIT), "nesting depth");
    String overObjects = "{\"a\":".repeat(StrictJson.MAX_DEPTH + 1) + "1" + "}".repeat(65);
    assertInvalidJson(() -> StrictJson.parse(overObjects, LIMIT), "nesting depth");
  }

  @Test
  void byteLimitAtTheEdge() {
    byte[] bytes = "{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(bytes).hasSize(10);
    assertThat(StrictJson.parse(bytes, 10).get("a").textValue()).isEqualTo("\u00e9");
    assertThatThrownBy(() -> StrictJson.parse(bytes, 9))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INPUT_TOO_LARGE);
              assertThat(e.getMessage()).contains("10 bytes, limit 9");
            });
  }

  /** The String form counts UTF-8 bytes, not chars: 9 chars here are 10 bytes. */
  @Test
  void stringLimitCountsUtf8Bytes() {
    String text = "{\"a\":\"\u00e9\"}";
    assertThat(text).hasSize(9);
    assertThat(StrictJson.parse(text, 10)).isNotNull();
    assertThatThrownBy(() -> StrictJson.parse(text, 9))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INPUT_TOO_LARGE));
    String fourByte = "\"\uD83D\uDE02\"";
    assertThat(StrictJson.parse(fourByte, 6).textValue()).isEqualTo("\uD83D\uDE02");
    assertThatThrownBy(() -> StrictJson.parse(fourByte, 5)).isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> StrictJson.parse("x".repeat(100), 99))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INPUT_TOO_LARGE));
  }

  @Test
  void zeroLimitAcceptsNothing() {
    assertThatThrownBy(() -> StrictJson.parse("1", 0))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INPUT_TOO_LARGE));
  }

  @Test
  void programmerErrors() {
    assertThatThrownBy(() -> StrictJson.parse("{}", -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StrictJson.parse(new byte[0], -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StrictJson.parse((String) null, 1))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StrictJson.parse((byte[]) null, 1))
        .isInstanceOf(NullPointerException.class);
  }

  /** A small POJO bound through the shared mapper. */
  record Sample(int n, boolean flag) {}

  @Test
  void sharedMapperIsStrictWhenBinding() throws Exception {
    assertThat(StrictJson.mapper()).isSameAs(StrictJson.mapper());
    assertThat(StrictJson.mapper().readValue("{\"n\":1,\"flag\":true}", Sample.class))
        .isEqualTo(new Sample(1, true));
    for (String bad :
        new String[] {
          "{\"n\":1,\"n\":2,\"flag\":true}",
          "{\"n\":\"1\",\"flag\":true}",
          "{\"n\":1.5,\"flag\":true}",
          "{\"n\":null,\"flag\":true}",
          "{\"n\":1,\"flag\":\"true\"}",
          "{\"n\":1,\"flag\":true,\"extra\":0}",
          "{\"n\":1,\"flag\":true} []",
        }) {
      assertThatThrownBy(() -> StrictJson.mapper().readValue(bad, Sample.class))
          .as(bad)
          .isInstanceOf(JsonProcessingException.class);
    }
    assertThatThrownBy(() -> StrictJson.mapper().readValue("{\"a\":1,\"a\":2}", Map.class))
        .isInstanceOf(JsonProcessingException.class);
  }
}
