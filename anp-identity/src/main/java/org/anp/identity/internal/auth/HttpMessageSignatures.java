package org.anp.identity.internal.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Base64Variant;

/**
 * The subset of RFC 9421 (HTTP Message Signatures) and RFC 9530 ({@code Content-Digest}) that the
 * reference SDK uses: one signature labelled e.g. {@code sig1}, derived components
 * {@code @method}, {@code @target-uri}, {@code @authority}, {@code @scheme}, {@code @path},
 * {@code @query}, plain header fields, and the parameters {@code created}, {@code expires},
 * {@code nonce}, {@code keyid}. The signature covers the UTF-8 signature base directly (ECDSA
 * with SHA-256 in {@code r||s} form, or Ed25519), Base64 with padding in the {@code Signature}
 * header. Stateless.
 */
public final class HttpMessageSignatures {
  /** Longest {@code Signature-Input} / {@code Signature} / {@code Content-Digest} value read. */
  public static final int MAX_HEADER_LENGTH = 4096;

  private static final int MAX_COMPONENTS = 32;

  /**
   * One parsed signature.
   *
   * @param label the dictionary key shared by both headers, e.g. {@code sig1}
   * @param components the covered component identifiers, in order, without quotes
   * @param params the signature parameters in order: {@link Long} or {@link String} values
   * @param signature the signature bytes
   */
  public record Parsed(
      String label, List<String> components, Map<String, Object> params, byte[] signature) {

    /** An integer parameter. */
    public Optional<Long> longParam(String name) {
      Object v = params.get(name);
      return v instanceof Long l ? Optional.of(l) : Optional.empty();
    }

    /** A string parameter. */
    public Optional<String> stringParam(String name) {
      Object v = params.get(name);
      return v instanceof String s ? Optional.of(s) : Optional.empty();
    }
  }

  private HttpMessageSignatures() {}

  /** {@code sha-256=:<base64>:} of {@code body} (RFC 9530). */
  public static String contentDigest(byte[] body) {
    return "sha-256=:" + Base64Codec.encode(Base64Variant.STANDARD, sha(body, "SHA-256")) + ":";
  }

  /**
   * Checks a {@code Content-Digest} value against {@code body}: a {@code sha-256} or
   * {@code sha-512} member must be present and every such member must match.
   *
   * @throws IdentityException {@code AUTH_CONTENT_DIGEST_INVALID} on a mismatch,
   *     {@code AUTH_MALFORMED_HEADER} if it does not parse or has no known algorithm
   */
  public static void checkContentDigest(String header, byte[] body) {
    checkLength("content-digest", header);
    boolean checked = false;
    for (String member : header.split(",")) {
      String m = member.strip();
      int eq = m.indexOf('=');
      if (eq <= 0 || !m.substring(eq + 1).startsWith(":") || !m.endsWith(":") || m.length() - eq < 3) {
        throw malformed("content-digest: expected alg=:base64:");
      }
      String alg = m.substring(0, eq).toLowerCase(Locale.ROOT);
      String jca = alg.equals("sha-256") ? "SHA-256" : alg.equals("sha-512") ? "SHA-512" : null;
      if (jca == null) {
        continue;
      }
      byte[] claimed = decodeStd("content-digest", m.substring(eq + 2, m.length() - 1));
      if (!MessageDigest.isEqual(claimed, sha(body, jca))) {
        throw new IdentityException(
            IdentityError.AUTH_CONTENT_DIGEST_INVALID, "content-digest: does not match the body");
      }
      checked = true;
    }
    if (!checked) {
      throw malformed("content-digest: no sha-256 or sha-512 member");
    }
  }

  /**
   * Parses the first member of {@code Signature-Input} and the {@code Signature} member with the
   * same label.
   *
   * @throws IdentityException {@code AUTH_MALFORMED_HEADER} naming the header and problem
   */
  public static Parsed parse(String signatureInput, String signature) {
    checkLength("signature-input", signatureInput);
    checkLength("signature", signature);
    Cursor in = new Cursor(signatureInput.strip(), "signature-input");
    String label = in.key();
    in.expect('=');
    in.expect('(');
    List<String> components = new ArrayList<>();
    in.skipSpaces();
    while (!in.peek(')')) {
      String c = in.string();
      if (components.contains(c)) {
        throw malformed("signature-input: component \"" + c + "\" listed twice");
      }
      components.add(c);
      if (components.size() > MAX_COMPONENTS) {
        throw malformed("signature-input: more than " + MAX_COMPONENTS + " components");
      }
      if (in.peek(';')) {
        throw malformed("signature-input: component parameters are not supported");
      }
      in.skipSpaces();
    }
    in.expect(')');
    Map<String, Object> params = new LinkedHashMap<>();
    while (in.peek(';')) {
      in.expect(';');
      String name = in.key();
      in.expect('=');
      Object value = in.peek('"') ? in.string() : in.integer();
      if (params.put(name, value) != null) {
        throw malformed("signature-input: parameter " + name + " given twice");
      }
    }
    // Further dictionary members (other signatures) are ignored; this one is used.
    if (!in.atEnd() && !in.peek(',')) {
      throw malformed("signature-input: unexpected text after the parameters");
    }
    return new Parsed(label, List.copyOf(components), params, findSignature(signature, label));
  }

  private static byte[] findSignature(String header, String label) {
    for (String member : header.split(",")) {
      String m = member.strip();
      if (m.startsWith(label + "=")) {
        String v = m.substring(label.length() + 1);
        if (v.length() < 2 || v.charAt(0) != ':' || v.charAt(v.length() - 1) != ':') {
          throw malformed("signature: expected " + label + "=:base64:");
        }
        return decodeStd("signature", v.substring(1, v.length() - 1));
      }
    }
    throw malformed("signature: no member labelled " + label);
  }

  /**
   * The signature base (RFC 9421 section 2.5) of {@code parsed}'s components for a request.
   *
   * @param headers header values by lower-case name
   * @throws IdentityException {@code AUTH_MALFORMED_HEADER} for an unknown derived component,
   *     {@code AUTH_SIGNATURE_INVALID} for a covered header the request does not carry
   */
  public static byte[] signatureBase(
      String method, URI uri, Map<String, List<String>> headers, Parsed parsed) {
    return signatureBase(method, uri, headers, parsed, false);
  }

  /**
   * As {@link #signatureBase(String, URI, Map, Parsed)}; with {@code methodAsIs} the {@code
   * @method} value is used unchanged (the P1 origin proof's JSON-RPC method name) instead of
   * upper-cased.
   */
  public static byte[] signatureBase(
      String method, URI uri, Map<String, List<String>> headers, Parsed parsed, boolean methodAsIs) {
    StringBuilder sb = new StringBuilder();
    for (String c : parsed.components()) {
      String value = methodAsIs && c.equals("@method") ? method : componentValue(c, method, uri, headers);
      sb.append('"').append(c).append("\": ").append(value).append('\n');
    }
    sb.append("\"@signature-params\": ").append(serializeParams(parsed.components(), parsed.params()));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The {@code Signature-Input} member value: inner list and parameters (RFC 8941 form). */
  public static String serializeParams(List<String> components, Map<String, Object> params) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < components.size(); i++) {
      sb.append(i == 0 ? "" : " ").append('"').append(components.get(i)).append('"');
    }
    sb.append(')');
    for (Map.Entry<String, Object> p : params.entrySet()) {
      sb.append(';').append(p.getKey()).append('=');
      if (p.getValue() instanceof Long) {
        sb.append(p.getValue());
      } else {
        sb.append('"').append(p.getValue()).append('"');
      }
    }
    return sb.toString();
  }

  private static String componentValue(
      String c, String method, URI uri, Map<String, List<String>> headers) {
    switch (c) {
      case "@method":
        return method.toUpperCase(Locale.ROOT);
      case "@target-uri":
        return uri.toString();
      case "@authority":
        return authority(uri);
      case "@scheme":
        return uri.getScheme().toLowerCase(Locale.ROOT);
      case "@path":
        return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      case "@query":
        return "?" + (uri.getRawQuery() == null ? "" : uri.getRawQuery());
      default:
        if (c.startsWith("@") || c.isEmpty()) {
          throw malformed("signature-input: unsupported component \"" + AuthHeaderSyntax.printable(c) + "\"");
        }
        List<String> values = headers.get(c.toLowerCase(Locale.ROOT));
        if (values == null || values.isEmpty()) {
          throw new IdentityException(
              IdentityError.AUTH_SIGNATURE_INVALID,
              "signature-input: covered header " + AuthHeaderSyntax.printable(c) + " is missing");
        }
        List<String> trimmed = new ArrayList<>();
        for (String v : values) {
          trimmed.add(v.strip());
        }
        return String.join(", ", trimmed);
    }
  }

  /** Lower-case host plus the port when it is not the scheme's default. */
  public static String authority(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean isDefault =
        port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
    return isDefault ? host : host + ":" + port;
  }

  private static byte[] sha(byte[] data, String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JDK", e);
    }
  }

  // Standard Base64 as RFC 9421/9530 write it; url-safe Base64 is read too (spec/anp-v1.2.md Q2).
  private static byte[] decodeStd(String field, String b64) {
    try {
      return Base64Codec.decode(Base64Variant.STANDARD, b64);
    } catch (IdentityException notStandard) {
      String unpadded = b64.endsWith("==") ? b64.substring(0, b64.length() - 2)
          : b64.endsWith("=") ? b64.substring(0, b64.length() - 1) : b64;
      try {
        return Base64Codec.decodeUrl(unpadded);
      } catch (IdentityException notUrl) {
        throw malformed(field + ": neither standard nor url-safe Base64");
      }
    }
  }

  private static void checkLength(String field, String value) {
    if (value.length() > MAX_HEADER_LENGTH) {
      throw malformed(field + ": " + value.length() + " characters exceed the limit of " + MAX_HEADER_LENGTH);
    }
  }

  private static IdentityException malformed(String detail) {
    return new IdentityException(IdentityError.AUTH_MALFORMED_HEADER, detail);
  }

  /** A tiny RFC 8941 reader over one header value. */
  private static final class Cursor {
    private final String s;
    private final String field;
    private int i;

    Cursor(String s, String field) {
      this.s = s;
      this.field = field;
    }

    boolean atEnd() {
      return i >= s.length();
    }

    boolean peek(char c) {
      return i < s.length() && s.charAt(i) == c;
    }

    void skipSpaces() {
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
    }

    void expect(char c) {
      if (!peek(c)) {
        throw malformed(field + ": expected '" + c + "' at offset " + i);
      }
      i++;
    }

    String key() {
      int start = i;
      while (i < s.length()) {
        char c = s.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || c == '*' || (i > start && ((c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'));
        if (!ok) {
          break;
        }
        i++;
      }
      if (i == start) {
        throw malformed(field + ": expected a lower-case key at offset " + start);
      }
      return s.substring(start, i);
    }

    String string() {
      expect('"');
      int start = i;
      while (i < s.length() && s.charAt(i) != '"') {
        char c = s.charAt(i);
        if (c == '\\' || c < 0x20 || c > 0x7e) {
          throw malformed(field + ": escapes and non-printable characters are not supported in strings");
        }
        i++;
      }
      if (atEnd()) {
        throw malformed(field + ": unterminated string");
      }
      String v = s.substring(start, i);
      i++;
      return v;
    }

    Long integer() {
      int start = i;
      if (peek('-')) {
        i++;
      }
      while (i < s.length() && Character.isDigit(s.charAt(i)) && i - start < 16) {
        i++;
      }
      String text = s.substring(start, i);
      if (text.isEmpty() || text.equals("-")) {
        throw malformed(field + ": expected an integer or a string at offset " + start);
      }
      if (i < s.length() && Character.isDigit(s.charAt(i))) {
        throw malformed(field + ": integer too long at offset " + start);
      }
      return Long.parseLong(text);
    }
  }
}
