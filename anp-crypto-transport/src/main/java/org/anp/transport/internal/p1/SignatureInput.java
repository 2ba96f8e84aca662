package org.anp.transport.internal.p1;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The parsed value of one {@code Signature-Input} dictionary member as P1 origin proofs use it
 * (RFC 9421 section 4.1 over RFC 8941): {@code label=("c1" "c2" ...);name=value;...}, where values
 * are integers or strings. The parser accepts only the canonical serialization (single spaces in
 * the inner list, no white space elsewhere, one dictionary member), so {@link #params()} is
 * exactly the {@code @signature-params} line of the signature base.
 *
 * @param label the dictionary key (P1: {@code sig1})
 * @param components the covered component names, in order
 * @param params the serialized inner list with its parameters, as signed
 * @param created {@code created}
 * @param expires {@code expires}, if given
 * @param nonce {@code nonce}, if given
 * @param keyId {@code keyid}
 * @param alg {@code alg}, if given
 */
public record SignatureInput(
    String label,
    List<String> components,
    String params,
    long created,
    OptionalLong expires,
    Optional<String> nonce,
    String keyId,
    Optional<String> alg) {

  /** Longest accepted input. */
  public static final int MAX_LENGTH = 4096;

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the fault
   */
  public static SignatureInput parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("longer than " + MAX_LENGTH);
    }
    Cursor c = new Cursor(text);
    String label = c.key();
    c.expect('=');
    int paramsStart = c.pos;
    c.expect('(');
    List<String> components = new ArrayList<>();
    while (!c.peek(')')) {
      if (!components.isEmpty()) {
        c.expect(' ');
      }
      components.add(c.string());
    }
    c.expect(')');
    Map<String, Object> params = new LinkedHashMap<>();
    while (c.peek(';')) {
      c.expect(';');
      String name = c.key();
      c.expect('=');
      Object value = c.peek('"') ? c.string() : (Object) c.integer();
      if (params.put(name, value) != null) {
        throw new IllegalArgumentException("parameter " + name + " repeated");
      }
    }
    if (!c.atEnd()) {
      throw new IllegalArgumentException("unexpected character at " + c.pos);
    }
    Object created = params.get("created");
    Object expires = params.get("expires");
    Object nonce = params.get("nonce");
    Object keyId = params.get("keyid");
    Object alg = params.get("alg");
    if (!(created instanceof Long)) {
      throw new IllegalArgumentException("created: missing or not an integer");
    }
    if (expires != null && !(expires instanceof Long)) {
      throw new IllegalArgumentException("expires: not an integer");
    }
    if (nonce != null && !(nonce instanceof String)) {
      throw new IllegalArgumentException("nonce: not a string");
    }
    if (!(keyId instanceof String)) {
      throw new IllegalArgumentException("keyid: missing or not a string");
    }
    if (alg != null && !(alg instanceof String)) {
      throw new IllegalArgumentException("alg: not a string");
    }
    return new SignatureInput(
        label,
        List.copyOf(components),
        text.substring(paramsStart),
        (Long) created,
        expires == null ? OptionalLong.empty() : OptionalLong.of((Long) expires),
        Optional.ofNullable((String) nonce),
        (String) keyId,
        Optional.ofNullable((String) alg));
  }

  /** Serializes the member for signing: {@code label=(...);created=..;expires=..;nonce="..";keyid=".."}. */
  public static String serialize(
      String label, List<String> components, long created, OptionalLong expires, Optional<String> nonce, String keyId) {
    StringBuilder out = new StringBuilder(label).append("=(");
    for (int i = 0; i < components.size(); i++) {
      out.append(i == 0 ? "" : " ").append(quote(components.get(i)));
    }
    out.append(");created=").append(created);
    expires.ifPresent(e -> out.append(";expires=").append(e));
    nonce.ifPresent(n -> out.append(";nonce=").append(quote(n)));
    out.append(";keyid=").append(quote(keyId));
    return out.toString();
  }

  /** An RFC 8941 sf-string. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch < 0x20 || ch > 0x7e) {
        throw new IllegalArgumentException("not printable ASCII");
      }
      if (ch == '"' || ch == '\\') {
        out.append('\\');
      }
      out.append(ch);
    }
    return out.append('"').toString();
  }

  private static final class Cursor {
    private final String s;
    private int pos;

    Cursor(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos == s.length();
    }

    boolean peek(char ch) {
      return pos < s.length() && s.charAt(pos) == ch;
    }

    void expect(char ch) {
      if (!peek(ch)) {
        throw new IllegalArgumentException("expected '" + ch + "' at " + pos);
      }
      pos++;
    }

    String key() {
      int start = pos;
      if (pos >= s.length() || !(Character.isLowerCase(s.charAt(pos)) && s.charAt(pos) < 0x80 || s.charAt(pos) == '*')) {
        throw new IllegalArgumentException("expected a key at " + pos);
      }
      pos++;
      while (pos < s.length()) {
        char ch = s.charAt(pos);
        boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.' || ch == '*';
        if (!ok) {
          break;
        }
        pos++;
      }
      return s.substring(start, pos);
    }

    String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (atEnd()) {
          throw new IllegalArgumentException("unterminated string");
        }
        char ch = s.charAt(pos++);
        if (ch == '"') {
          return out.toString();
        }
        if (ch == '\\') {
          if (atEnd() || (s.charAt(pos) != '"' && s.charAt(pos) != '\\')) {
            throw new IllegalArgumentException("bad escape at " + pos);
          }
          ch = s.charAt(pos++);
        } else if (ch < 0x20 || ch > 0x7e) {
          throw new IllegalArgumentException("not printable ASCII at " + (pos - 1));
        }
        out.append(ch);
      }
    }

    long integer() {
      int start = pos;
      if (peek('-')) {
        pos++;
      }
      int digits = 0;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
        digits++;
      }
      if (digits == 0 || digits > 15) {
        throw new IllegalArgumentException("expected an integer at " + start);
      }
      return Long.parseLong(s.substring(start, pos));
    }
  }
}
