package org.anp.identity.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PySorted: Python {@code json.dumps(obj, sort_keys=True, separators=(',', ':'))}. Expected
 * strings marked "CPython" were produced by CPython 3's {@code json} module from the same input.
 */
class PyCompactSortedJsonTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static JsonNode parse(String json) {
    return StrictJson.parse(json, 1 << 16);
  }

  /** [VECTOR] spec/identity.md section 0. */
  @Test
  void specVector() {
    JsonNode node = parse("{\"b\":\"caf\u00e9\",\"a\":\"x/y\\u0001\"}");
    assertThat(PyCompactSortedJson.serialize(node))
        .isEqualTo("{\"a\":\"x/y\\u0001\",\"b\":\"caf\\u00e9\"}");
    assertThat(Jcs.canonicalize(node)).isEqualTo("{\"a\":\"x/y\\u0001\",\"b\":\"caf\u00e9\"}");
  }

  /** CPython: mixed keys, nesting, every escape class, ints and floats in repr form. */
  @Test
  void matchesCpythonOnARichDocument() {
    String input =
        "{\"\\ufb33\":\"dalet\",\"\\ud83d\\ude02\":\"smiley\","
            + "\"z\":[1,2.0,-0.0,1e16,1e15,0.0001,1e-05,12345678901234567890,true,false,null,"
            + "{\"y\":{},\"x\":[]}],"
            + "\"\\u00e9\":\"\\u2028\\u007f\\u0080 \\\"\\\\/\\b\\f\\n\\r\\t\\u001f\","
            + "\"\":0.1,\"A\":5e-324,\"a\":1.7976931348623157e308,\"num\":123456789012345678.0,"
            + "\"n2\":2.5e-5,\"n3\":100.0,\"n4\":-1.5}";
    String cpython =
        "{\"\":0.1,\"A\":5e-324,\"a\":1.7976931348623157e+308,\"n2\":2.5e-05,\"n3\":100.0,"
            + "\"n4\":-1.5,\"num\":1.2345678901234568e+17,\"z\":[1,2.0,-0.0,1e+16,"
            + "1000000000000000.0,0.0001,1e-05,12345678901234567890,true,false,null,"
            + "{\"x\":[],\"y\":{}}],\"\\u00e9\":\"\\u2028\\u007f\\u0080 \\\"\\\\/\\b\\f\\n\\r\\t"
            + "\\u001f\",\"\\ufb33\":\"dalet\",\"\\ud83d\\ude02\":\"smiley\"}";
    JsonNode node = parse(input);
    assertThat(PyCompactSortedJson.serialize(node)).isEqualTo(cpython);
    assertThat(PyCompactSortedJson.bytes(node))
        .isEqualTo(cpython.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void nonBmpCharactersBecomeLowerCaseSurrogatePairs() {
    assertThat(PyCompactSortedJson.serialize(TextNode.valueOf("\uD83D\uDE02\uD834\uDD1E")))
        .isEqualTo("\"\\ud83d\\ude02\\ud834\\udd1e\"");
  }

  @Test
  void controlsAndDelete() {
    assertThat(PyCompactSortedJson.serialize(TextNode.valueOf("\u0000\u0007\u000b\u001b\u007f~ ")))
        .isEqualTo("\"\\u0000\\u0007\\u000b\\u001b\\u007f~ \"");
    assertThat(PyCompactSortedJson.serialize(TextNode.valueOf("\b\f\n\r\t\"\\/")))
        .isEqualTo("\"\\b\\f\\n\\r\\t\\\"\\\\/\"");
  }

  /** Python escapes each UTF-16 unit of a lone surrogate too; the output stays ASCII. */
  @Test
  void loneSurrogatesAreEscapedNotRejected() {
    assertThat(PyCompactSortedJson.serialize(TextNode.valueOf("a\uD800")))
        .isEqualTo("\"a\\ud800\"");
  }

  /**
   * Code-point order differs from JCS's UTF-16 order: U+FFFF < U+10000 in Python, while in UTF-16
   * U+10000 (D800 DC00) sorts first. Other keys sort the same in both.
   */
  @Test
  void keysSortByCodePoint() {
    ObjectNode root = NODES.objectNode();
    root.put("\uD800\uDC00", 1).put("\uFFFF", 2).put("\uE000", 3).put("\u00e9", 4).put("aa", 5);
    root.put("a", 6).put("\uD7FF", 7);
    assertThat(PyCompactSortedJson.serialize(root))
        .isEqualTo(
            "{\"a\":6,\"aa\":5,\"\\u00e9\":4,\"\\ud7ff\":7,\"\\ue000\":3,\"\\uffff\":2,"
                + "\"\\ud800\\udc00\":1}");
    assertThat(Jcs.canonicalize(root))
        .isEqualTo(
            "{\"a\":6,\"aa\":5,\"\u00e9\":4,\"\uD7FF\":7,\"\uD800\uDC00\":1,\"\uE000\":3,"
                + "\"\uFFFF\":2}");
  }

  @Test
  void compareCodePointsHandlesPrefixesAndLoneSurrogates() {
    assertThat(CanonicalWriter.compareCodePoints("a", "ab")).isNegative();
    assertThat(CanonicalWriter.compareCodePoints("ab", "a")).isPositive();
    assertThat(CanonicalWriter.compareCodePoints("", "")).isZero();
    assertThat(CanonicalWriter.compareCodePoints("\uD83D", "\uFB33")).isNegative();
    assertThat(CanonicalWriter.compareCodePoints("\uD83D\uDE02", "\uFB33")).isPositive();
  }

  @Test
  void literalsAndIntegers() {
    JsonNode node =
        parse("[true,false,null,0,-1,9007199254740993,-123456789012345678901234567890]");
    assertThat(PyCompactSortedJson.serialize(node))
        .isEqualTo("[true,false,null,0,-1,9007199254740993,-123456789012345678901234567890]");
    assertThat(PyCompactSortedJson.serialize(BigIntegerNode.valueOf(BigInteger.TEN.pow(40))))
        .isEqualTo("1" + "0".repeat(40));
  }

  /** Python repr(float) values (CPython 3). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0.0, 0.0",
    "-0.0, -0.0",
    "1.0, 1.0",
    "56.0, 56.0",
    "0.5, 0.5",
    "1e16, 1e+16",
    "1e15, 1000000000000000.0",
    "1234567890123456.0, 1234567890123456.0",
    "1e22, 1e+22",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "1.5e-7, 1.5e-07",
    "1e-100, 1e-100",
    "1.0E23, 1e+23",
    "4.9E-324, 5e-324",
    "-2.5, -2.5",
  })
  void floatsAsPythonReprWritesThem(double value, String expected) {
    assertThat(PyCompactSortedJson.serialize(DoubleNode.valueOf(value))).isEqualTo(expected);
  }

  @Test
  void decimalNodesAreFloats() {
    assertThat(PyCompactSortedJson.serialize(DecimalNode.valueOf(new BigDecimal("4.50"))))
        .isEqualTo("4.5");
  }

  @Test
  void nonFiniteNumbersAreRejected() {
    ObjectNode root = NODES.objectNode();
    root.put("x", Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> PyCompactSortedJson.bytes(root))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INVALID_JSON);
              assertThat(e.getMessage()).startsWith("INVALID_JSON: PySorted").contains("$.x");
            });
  }

  @Test
  void depthLimitAtTheEdge() {
    assertThat(PyCompactSortedJson.serialize(JcsTest.nested(CanonicalWriter.MAX_DEPTH)))
        .hasSize(2 * CanonicalWriter.MAX_DEPTH);
    assertThatThrownBy(
            () -> PyCompactSortedJson.serialize(JcsTest.nested(CanonicalWriter.MAX_DEPTH + 1)))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void outputIsAscii() {
    JsonNode node = parse("{\"\u4e2d\u6587\":\"\u00e9\uD83D\uDE02\"}");
    byte[] bytes = PyCompactSortedJson.bytes(node);
    for (byte b : bytes) {
      assertThat(b & 0xff).isBetween(0x20, 0x7e);
    }
    assertThat(new String(bytes, StandardCharsets.US_ASCII))
        .isEqualTo("{\"\\u4e2d\\u6587\":\"\\u00e9\\ud83d\\ude02\"}");
  }

  @Test
  void nullIsAProgrammerError() {
    assertThatThrownBy(() -> PyCompactSortedJson.serialize(null))
        .isInstanceOf(NullPointerException.class);
  }
}
