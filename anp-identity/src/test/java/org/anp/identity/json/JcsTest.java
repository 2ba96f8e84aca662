package org.anp.identity.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8785 against cyberphone/json-canonicalization test data (vectors/jcs/README.md). */
class JcsTest {
  private static final List<String> PAIRS =
      List.of("arrays", "french", "structures", "unicode", "values", "weird");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static byte[] resource(String path) {
    try (InputStream in = JcsTest.class.getResourceAsStream(path)) {
      assertThat(in).as("classpath resource %s", path).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> canonicalizationPairs() {
    assertThat(PAIRS).as("README: 6 canonicalisation pairs").hasSize(6);
    return PAIRS.stream()
        .map(
            name ->
                dynamicTest(
                    name,
                    () -> {
                      byte[] input = resource("/vectors/jcs/input/" + name + ".json");
                      byte[] expected = resource("/vectors/jcs/output/" + name + ".json");
                      String outhex =
                          new String(
                              resource("/vectors/jcs/outhex/" + name + ".txt"),
                              StandardCharsets.US_ASCII);
                      // The hex rendering is a second, independent statement of the same bytes.
                      assertThat(Hex.encode(expected))
                          .isEqualTo(outhex.replaceAll("\\s+", "").toLowerCase());
                      JsonNode parsed = StrictJson.parse(input, 1 << 16);
                      assertThat(Jcs.canonicalBytes(parsed)).isEqualTo(expected);
                      assertThat(Jcs.canonicalize(parsed))
                          .isEqualTo(new String(expected, StandardCharsets.UTF_8));
                    }));
  }

  /**
   * Every line of the first 100,000 lines of the upstream ES6 number file
   * ({@code hex-ieee,expected}).
   * One test rather than 100,000 dynamic ones keeps the run to a few seconds; failures are listed.
   */
  @Test
  void es6NumberFile() throws IOException {
    int lines = 0;
    List<String> failures = new ArrayList<>();
    try (InputStream in =
            JcsTest.class.getResourceAsStream("/vectors/jcs/es6numbers/es6testfile_first100k.txt");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines++;
        int comma = line.indexOf(',');
        long bits = Long.parseUnsignedLong(line.substring(0, comma), 16);
        double value = Double.longBitsToDouble(bits);
        String expected = line.substring(comma + 1);
        String actual = Jcs.canonicalize(DoubleNode.valueOf(value));
        if (!actual.equals(expected) && failures.size() < 20) {
          failures.add(line + " -> " + actual);
        }
      }
    }
    assertThat(lines).as("README: 100,000 number cases").isEqualTo(100_000);
    assertThat(failures).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0.0, 0",
    "-0.0, 0",
    "1.0, 1",
    "-1.5, -1.5",
    "1e21, 1e+21",
    "1e20, 100000000000000000000",
    "123456789012345680000, 123456789012345680000",
    "1e-6, 0.000001",
    "1e-7, 1e-7",
    "1.0E23, 1e+23",
    "2.82879384806159E17, 282879384806159000",
    "9007199254740993, 9007199254740992",
    "4.9E-324, 5e-324",
    "1.7976931348623157E308, 1.7976931348623157e+308",
    "0.1, 0.1",
    "5e-7, 5e-7",
    "-1.25e-10, -1.25e-10",
    "333333333.33333329, 333333333.3333333",
  })
  void numbersAsEcmaScriptWritesThem(double value, String expected) {
    assertThat(Jcs.canonicalize(DoubleNode.valueOf(value))).isEqualTo(expected);
  }

  @Test
  void otherFloatingNodeTypesUseTheirDoubleValue() {
    assertThat(Jcs.canonicalize(DecimalNode.valueOf(new BigDecimal("4.50")))).isEqualTo("4.5");
    assertThat(Jcs.canonicalize(DecimalNode.valueOf(new BigDecimal("0.0000000000000000000000001"))))
        .isEqualTo("1e-25");
    assertThat(Jcs.canonicalize(FloatNode.valueOf(0.5f))).isEqualTo("0.5");
    // A float widens to the double it denotes; that double is what gets written.
    assertThat(Jcs.canonicalize(FloatNode.valueOf(0.1f))).isEqualTo("0.10000000149011612");
    assertThatThrownBy(() -> Jcs.canonicalize(DecimalNode.valueOf(new BigDecimal("1E+400"))))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_JSON));
  }

  @Test
  void integersWithinTheSafeRangeAreExactAndBeyondAreRejected() {
    long max = (1L << 53) - 1;
    assertThat(Jcs.canonicalize(LongNode.valueOf(max))).isEqualTo("9007199254740991");
    assertThat(Jcs.canonicalize(LongNode.valueOf(-max))).isEqualTo("-9007199254740991");
    for (JsonNode tooBig :
        List.of(
            LongNode.valueOf(max + 1),
            LongNode.valueOf(-max - 1),
            BigIntegerNode.valueOf(new BigInteger("12345678901234567890")))) {
      assertThatThrownBy(() -> Jcs.canonicalize(tooBig))
          .isInstanceOfSatisfying(
              IdentityException.class,
              e -> {
                assertThat(e.code()).isEqualTo(IdentityError.INVALID_JSON);
                assertThat(e.getMessage()).contains("2^53");
              });
    }
  }

  @Test
  void nonFiniteNumbersAreRejectedNamingThePath() {
    ObjectNode root = NODES.objectNode();
    root.putArray("list").add(1).add(DoubleNode.valueOf(Double.NaN));
    assertThatThrownBy(() -> Jcs.canonicalize(root))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INVALID_JSON);
              assertThat(e.getMessage()).contains("NaN").contains("$.list[1]");
            });
    assertThatThrownBy(() -> Jcs.canonicalize(DoubleNode.valueOf(Double.NEGATIVE_INFINITY)))
        .isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> Jcs.canonicalize(FloatNode.valueOf(Float.POSITIVE_INFINITY)))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void stringsUseMinimalEscapingWithLowerCaseHex() {
    String value = "\u0000\u001f\u007f\u0080\u2028\u2029\"\\/\b\f\n\r\t\u00e9\uD83D\uDE02<>&'";
    assertThat(Jcs.canonicalize(TextNode.valueOf(value)))
        .isEqualTo(
            "\"\\u0000\\u001f\u007f\u0080\u2028\u2029\\\"\\\\/\\b\\f\\n\\r\\t"
                + "\u00e9\uD83D\uDE02<>&'\"");
    assertThat(Jcs.canonicalBytes(TextNode.valueOf("\u00e9")))
        .containsExactly('"', 0xc3, 0xa9, '"');
  }

  @Test
  void unpairedSurrogatesAreRejectedInValuesAndKeys() {
    for (String bad : List.of("\uD800", "a\uDC00", "\uDE02\uD83D", "x\uD83D")) {
      assertThatThrownBy(() -> Jcs.canonicalize(TextNode.valueOf(bad)))
          .isInstanceOfSatisfying(
              IdentityException.class,
              e -> {
                assertThat(e.code()).isEqualTo(IdentityError.INVALID_JSON);
                assertThat(e.getMessage()).contains("unpaired surrogate");
              });
    }
    ObjectNode root = NODES.objectNode();
    root.putObject("outer").put("k\uD800", 1);
    assertThatThrownBy(() -> Jcs.canonicalBytes(root)).hasMessageContaining("$.outer");
  }

  /** Same keys, two orders: UTF-16 units put U+1F602 (D83D DE02) before U+FB33. */
  @Test
  void keysSortByUtf16CodeUnits() {
    ObjectNode root = NODES.objectNode();
    root.put("\uFB33", 1).put("\uD83D\uDE02", 2).put("b", 3).put("B", 4).put("", 5).put("a", 6);
    assertThat(Jcs.canonicalize(root))
        .isEqualTo("{\"\":5,\"B\":4,\"a\":6,\"b\":3,\"\uD83D\uDE02\":2,\"\uFB33\":1}");
    assertThat(PyCompactSortedJson.serialize(root))
        .isEqualTo("{\"\":5,\"B\":4,\"a\":6,\"b\":3,\"\\ufb33\":1,\"\\ud83d\\ude02\":2}");
  }

  @Test
  void literalsAndNesting() {
    ArrayNode array = NODES.arrayNode();
    array.add(true).add(false).addNull();
    array.addArray();
    array.addObject();
    array.addObject().putObject("z").putArray("y").add("x");
    assertThat(Jcs.canonicalize(array))
        .isEqualTo("[true,false,null,[],{},{\"z\":{\"y\":[\"x\"]}}]");
  }

  @Test
  void nodeTypesOutsideJsonAreRejected() {
    for (JsonNode node : List.of(BinaryNode.valueOf(new byte[] {1}), MissingNode.getInstance())) {
      assertThatThrownBy(() -> Jcs.canonicalize(node))
          .isInstanceOfSatisfying(
              IdentityException.class,
              e -> assertThat(e.getMessage()).contains("unsupported node type"));
    }
    assertThatThrownBy(() -> Jcs.canonicalize(NODES.pojoNode(new Object())))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void depthLimitAtTheEdge() {
    assertThat(Jcs.canonicalize(nested(CanonicalWriter.MAX_DEPTH)))
        .startsWith("[[")
        .hasSize(2 * CanonicalWriter.MAX_DEPTH);
    assertThatThrownBy(() -> Jcs.canonicalize(nested(CanonicalWriter.MAX_DEPTH + 1)))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.getMessage()).contains("nesting deeper than 1000"));
  }

  static JsonNode nested(int depth) {
    ArrayNode root = NODES.arrayNode();
    ArrayNode current = root;
    for (int i = 1; i < depth; i++) {
      current = current.addArray();
    }
    return root;
  }

  @Test
  void nullIsAProgrammerError() {
    assertThatThrownBy(() -> Jcs.canonicalize(null)).isInstanceOf(NullPointerException.class);
  }
}
