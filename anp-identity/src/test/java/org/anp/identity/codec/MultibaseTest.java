package org.anp.identity.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

/**
 * Multibase against the multiformats/multibase CSV corpus (vectors/multibase/README.md): the
 * {@code z} and {@code u} rows must decode (and encode back), every other row must be rejected
 * with a typed error naming its prefix.
 */
class MultibaseTest {
  private static final String[] FILES = {
    "basic.csv", "leading_zero.csv", "two_leading_zeros.csv", "case_insensitivity.csv"
  };

  private static List<String> lines(String path) {
    try (InputStream in = MultibaseTest.class.getResourceAsStream(path)) {
      assertThat(in).as("classpath resource %s", path).isNotNull();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The quoted value of a {@code name, "value"} row. */
  private static String quoted(String line) {
    int open = line.indexOf('"');
    int close = line.lastIndexOf('"');
    assertThat(close).as("quoted value in %s", line).isGreaterThan(open);
    return line.substring(open + 1, close);
  }

  /** The README's C-style input: {@code \x00} stands for the byte 0x00. */
  private static byte[] unescape(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      if (text.startsWith("\\x", i)) {
        out.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
        i += 3;
      } else {
        out.write(text.charAt(i));
      }
    }
    return out.toByteArray();
  }

  @TestFactory
  Stream<DynamicTest> corpus() {
    List<DynamicTest> tests = new ArrayList<>();
    int supported = 0;
    int rejected = 0;
    for (String file : FILES) {
      List<String> lines = lines("/vectors/multibase/tests/" + file);
      byte[] input = unescape(quoted(lines.get(0)));
      boolean decodeOnly = file.equals("case_insensitivity.csv");
      for (String row : lines.subList(1, lines.size())) {
        String encoding = row.substring(0, row.indexOf(',')).trim();
        String value = quoted(row);
        char prefix = value.charAt(0);
        if (prefix == 'z' || prefix == 'u') {
          supported++;
          tests.add(
              dynamicTest(
                  file + " " + encoding + " decodes",
                  () -> {
                    assertThat(Multibase.decode(value)).isEqualTo(input);
                    if (!decodeOnly) {
                      String encoded =
                          prefix == 'z'
                              ? Multibase.encodeBase58Btc(input)
                              : Multibase.encodeBase64Url(input);
                      assertThat(encoded).isEqualTo(value);
                    }
                  }));
        } else {
          rejected++;
          String prefixText = new String(Character.toChars(value.codePointAt(0)));
          tests.add(
              dynamicTest(
                  file + " " + encoding + " rejected",
                  () ->
                      assertThatThrownBy(() -> Multibase.decode(value))
                          .isInstanceOfSatisfying(
                              IdentityException.class,
                              e -> {
                                assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING);
                                assertThat(e.getMessage())
                                    .contains("unsupported prefix '" + prefixText + "'");
                              })));
        }
      }
    }
    assertThat(tests).as("README: 81 cases").hasSize(81);
    assertThat(supported).as("base58btc + base64url rows of the round-trip files").isEqualTo(6);
    assertThat(rejected).isEqualTo(75);
    return tests.stream();
  }

  /** Every registry prefix other than z and u is refused, whatever follows it. */
  @TestFactory
  Stream<DynamicTest> registryPrefixes() {
    List<String> lines = lines("/vectors/multibase/multibase.csv");
    List<String> rows = lines.subList(1, lines.size());
    assertThat(rows).as("README: 29 registry rows").hasSize(29);
    List<DynamicTest> tests = new ArrayList<>();
    for (String row : rows) {
      String[] fields = row.split(",");
      int codePoint = Integer.parseInt(fields[0].trim().substring(2), 16);
      String encoding = fields[2].trim();
      String prefix = new String(Character.toChars(codePoint));
      String text = prefix + "2g";
      if (encoding.equals("base58btc")) {
        tests.add(dynamicTest("z", () -> assertThat(Multibase.decode(text)).containsExactly('a')));
      } else if (encoding.equals("base64url")) {
        tests.add(dynamicTest("u", () -> assertThat(Multibase.decode(text)).containsExactly(0xda)));
      } else {
        tests.add(
            dynamicTest(
                String.format("U+%04X %s rejected", codePoint, encoding),
                () ->
                    assertThatThrownBy(() -> Multibase.decode(text))
                        .isInstanceOfSatisfying(
                            IdentityException.class,
                            e -> {
                              assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING);
                              assertThat(e.getMessage())
                                  .contains(String.format("U+%04X", codePoint));
                            })));
      }
    }
    return tests.stream();
  }

  /** [VECTOR] spec/identity.md section 1.4: the Ed25519 public key in multibase. */
  @Test
  void specEd25519Vector() {
    byte[] key = Hex.decode("aae5131a4cfb2dcdeea5b7cbd3c3920b1c5baa319621870728b52e0c18a76b38");
    assertThat(Multibase.encodeBase58Btc(key))
        .isEqualTo("zCW6uPxEnrp5fTGuZMLxLZxhnqWeGLTCi3qG3da5EUsZh");
    assertThat(Multibase.decode("zCW6uPxEnrp5fTGuZMLxLZxhnqWeGLTCi3qG3da5EUsZh")).isEqualTo(key);
    assertThat(Multibase.decodeBase58Btc("zCW6uPxEnrp5fTGuZMLxLZxhnqWeGLTCi3qG3da5EUsZh"))
        .isEqualTo(key);
  }

  @Test
  void base64UrlRoundTripUsesTheUrlAlphabetWithoutPadding() {
    byte[] bytes = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf};
    assertThat(Multibase.encodeBase64Url(bytes)).isEqualTo("u-_-_");
    assertThat(Multibase.decode("u-_-_")).isEqualTo(bytes);
    assertThat(Multibase.encodeBase64Url(new byte[] {1})).isEqualTo("uAQ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"uAQ==", "uAQ=", "u+/8", "uA", "zl", "z0", "u AQ"})
  void rejectsBadBodies(String text) {
    assertThatThrownBy(() -> Multibase.decode(text))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING));
  }

  @Test
  void rejectsEmptyText() {
    assertThatThrownBy(() -> Multibase.decode(""))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void emptyBodyIsEmptyBytes() {
    assertThat(Multibase.decode("z")).isEmpty();
    assertThat(Multibase.decode("u")).isEmpty();
    assertThat(Multibase.encodeBase58Btc(new byte[0])).isEqualTo("z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "uAQ", "Z2g", "f00", "2g"})
  void decodeBase58BtcRequiresTheZPrefix(String text) {
    assertThatThrownBy(() -> Multibase.decodeBase58Btc(text))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING);
              assertThat(e.getMessage()).contains("'z'");
            });
  }

  @Test
  void overLongBase58BodyIsRejectedBeforeDecoding() {
    String text = "z" + "2".repeat(Base58.MAX_DECODE_LENGTH + 1);
    assertThatThrownBy(() -> Multibase.decode(text))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INPUT_TOO_LARGE));
  }
}
