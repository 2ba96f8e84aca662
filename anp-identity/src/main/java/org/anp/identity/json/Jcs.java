package org.anp.identity.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The JSON Canonicalization Scheme of RFC 8785, used for did:wba authentication signatures and
 * agent-description proofs. Properties are sorted by their UTF-16 code units, no white space is
 * written, strings use the minimal escaping of ECMAScript's {@code JSON.stringify} (only
 * {@code "}, {@code \}, and controls below U+0020, the latter as {@code \b \f \n \r \t} or
 * lower-case <code>&#92;u00xx</code>; everything else literal), and numbers are written exactly as
 * ECMAScript's {@code Number.prototype.toString} writes the IEEE 754 double they denote
 * ({@code 1e+30}, {@code 0.002}, {@code 4.5}, {@code -0} as {@code 0}).
 *
 * <p>Numbers: floating-point nodes ({@code DoubleNode}, {@code FloatNode}, {@code DecimalNode})
 * are converted to the nearest double and formatted. Integer nodes are written exactly when their
 * magnitude is at most 2<sup>53</sup>-1 (where every implementation agrees) and rejected beyond
 * it, because JavaScript implementations would round such an integer while Python ones keep it;
 * a signer must send large integers as strings.
 *
 * <p>Canonicalize the received tree (for example from {@link StrictJson}), never a re-serialized
 * object: dropped nulls or unknown fields would change the bytes. Thread-safe (stateless).
 *
 * <p>Spec: RFC 8785; ANP identity digest section 0 ("JCS") and ambiguity 17.
 */
public final class Jcs {
  private Jcs() {}

  /**
   * The canonical text of {@code node}.
   *
   * @throws IdentityException {@code INVALID_JSON}, naming the JSON path, for NaN or infinite
   *     numbers, integers beyond 2<sup>53</sup>-1, strings with unpaired surrogates, node types
   *     other than the seven JSON ones (binary, POJO, missing) or nesting deeper than 1000
   */
  public static String canonicalize(JsonNode node) {
    return CanonicalWriter.write(CanonicalWriter.Form.JCS, Objects.requireNonNull(node, "node"));
  }

  /**
   * The UTF-8 bytes of {@link #canonicalize(JsonNode)}, the input to hashing and signing.
   *
   * @throws IdentityException as {@link #canonicalize(JsonNode)}
   */
  public static byte[] canonicalBytes(JsonNode node) {
    return canonicalize(node).getBytes(StandardCharsets.UTF_8);
  }
}
