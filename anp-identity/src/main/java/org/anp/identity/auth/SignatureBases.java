package org.anp.identity.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.anp.identity.internal.auth.HttpMessageSignatures;

/**
 * RFC 9421 signature bases of the ANP 1.2 profiles, for callers that sign or check something other
 * than a plain HTTP request: the P1 origin proof signs {@code "@method"} = the JSON-RPC method
 * name (kept as is, e.g. {@code direct.send}) and {@code "@target-uri"} = {@code
 * anp://<kind>/<pct-encoded DID>}. Stateless.
 */
public final class SignatureBases {
  private SignatureBases() {}

  /**
   * The UTF-8 signature base of one signature.
   *
   * @param method the {@code @method} value, used unchanged
   * @param target the {@code @target-uri} value
   * @param fields the covered header fields by name (e.g. {@code content-digest})
   * @param signatureInput one {@code Signature-Input} member, {@code label=(…);params}
   * @throws org.anp.identity.IdentityException {@code AUTH_MALFORMED_HEADER} for an input that
   *     does not parse or an unsupported component, {@code AUTH_SIGNATURE_INVALID} for a covered
   *     field not in {@code fields}
   */
  public static String signatureBase(String method, URI target, Map<String, String> fields, String signatureInput) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(signatureInput, "signatureInput");
    String label = signatureInput.substring(0, Math.max(0, signatureInput.indexOf('=')));
    HttpMessageSignatures.Parsed parsed = HttpMessageSignatures.parse(signatureInput, label + "=::");
    Map<String, List<String>> covered = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    fields.forEach((k, v) -> covered.put(k, List.of(v)));
    return new String(HttpMessageSignatures.signatureBase(method, target, covered, parsed, true), StandardCharsets.UTF_8);
  }
}
