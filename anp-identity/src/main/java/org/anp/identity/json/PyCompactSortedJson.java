package org.anp.identity.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The canonical form that the ANP reference implementation signs with for did:all documents,
 * E2E hellos and router proofs: Python's
 * {@code json.dumps(obj, sort_keys=True, separators=(',', ':'))} with its default
 * {@code ensure_ascii=True}. Properties are sorted by Unicode code point (which differs from
 * RFC 8785's UTF-16 order when a supplementary character meets a character from U+E000 to
 * U+FFFF); {@code "} and {@code \} are escaped with a backslash; {@code \b \f \n \r \t} use the
 * short forms; every other character below U+0020 or above U+007E is written as lower-case
 * <code>&#92;u00xx</code>, with a surrogate pair of escapes for characters outside the BMP;
 * {@code /} is not escaped. The output is pure ASCII.
 *
 * <p>Numbers follow Python's types: integer nodes are Python {@code int}s and are written exactly,
 * whatever their size; floating-point nodes are Python {@code float}s and are written as
 * {@code repr(float)} does ({@code 1.0}, {@code 0.0001}, {@code 1e-05}, {@code 1e+16},
 * {@code -0.0}). NaN and infinities, which Python would write as the non-JSON tokens
 * {@code NaN}/{@code Infinity}, are rejected. The spec advises against floats in signed objects.
 *
 * <p>Thread-safe (stateless).
 *
 * <p>Spec: ANP identity digest section 0 ("PySorted") and ambiguity 17.
 */
public final class PyCompactSortedJson {
  private PyCompactSortedJson() {}

  /**
   * The canonical text of {@code node}.
   *
   * @throws IdentityException {@code INVALID_JSON}, naming the JSON path, for NaN or infinite
   *     numbers, node types other than the seven JSON ones or nesting deeper than 1000
   */
  public static String serialize(JsonNode node) {
    return CanonicalWriter.write(CanonicalWriter.Form.PYTHON, Objects.requireNonNull(node, "node"));
  }

  /**
   * The bytes of {@link #serialize(JsonNode)} (ASCII, hence also UTF-8), the input to signing.
   *
   * @throws IdentityException as {@link #serialize(JsonNode)}
   */
  public static byte[] bytes(JsonNode node) {
    return serialize(node).getBytes(StandardCharsets.US_ASCII);
  }
}
