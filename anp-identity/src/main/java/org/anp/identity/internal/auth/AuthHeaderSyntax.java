package org.anp.identity.internal.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * Splits an {@code Authorization} value of the did:wba schemes into named parameters: the
 * {@code DIDWba name="value", ...} form of spec/identity.md 1.4 and the test server's
 * {@code DID <did> Nonce <v> Timestamp <v> VerificationMethod <v> Signature <v>} form
 * (spec/README.md #6). Parameter order is free, names are case-insensitive and returned
 * lower-case with the legacy names mapped to the 1.4 names; duplicates are refused. Stateless.
 */
public final class AuthHeaderSyntax {
  /** Longest header value accepted; a real one is about 300 characters. */
  public static final int MAX_LENGTH = 4096;

  private static final int MAX_PARAMS = 16;
  private static final Map<String, String> LEGACY_NAMES =
      Map.of(
          "did", "did",
          "nonce", "nonce",
          "timestamp", "timestamp",
          "verificationmethod", "verification_method",
          "signature", "signature",
          "v", "v");

  /** The parsed parameters and which form they came in. */
  public record Parsed(Map<String, String> params, boolean legacyForm) {}

  private AuthHeaderSyntax() {}

  /**
   * Parses {@code value}.
   *
   * @throws IdentityException {@code AUTH_MALFORMED_HEADER} naming what is wrong
   */
  public static Parsed parse(String value) {
    if (value.length() > MAX_LENGTH) {
      throw malformed(value.length() + " characters exceed the limit of " + MAX_LENGTH);
    }
    String text = value.strip();
    int space = firstWhitespace(text);
    if (space < 0) {
      throw malformed("expected a scheme followed by parameters");
    }
    String scheme = text.substring(0, space);
    if (scheme.equalsIgnoreCase("DIDWba")) {
      return new Parsed(parseParams(text.substring(space)), false);
    }
    if (scheme.equalsIgnoreCase("DID")) {
      return new Parsed(parseLegacy(text), true);
    }
    throw malformed("unknown scheme '" + printable(scheme) + "', expected DIDWba");
  }

  private static Map<String, String> parseParams(String text) {
    Map<String, String> params = new LinkedHashMap<>();
    int i = skipWhitespace(text, 0);
    while (i < text.length()) {
      int nameStart = i;
      while (i < text.length() && isNameChar(text.charAt(i))) {
        i++;
      }
      if (i == nameStart) {
        throw malformed("expected a parameter name at offset " + nameStart);
      }
      String name = text.substring(nameStart, i).toLowerCase(Locale.ROOT);
      i = skipWhitespace(text, i);
      if (i >= text.length() || text.charAt(i) != '=') {
        throw malformed("parameter " + name + ": expected '='");
      }
      i = skipWhitespace(text, i + 1);
      if (i >= text.length() || text.charAt(i) != '"') {
        throw malformed("parameter " + name + ": expected a quoted value");
      }
      int close = text.indexOf('"', i + 1);
      if (close < 0) {
        throw malformed("parameter " + name + ": unterminated quoted value");
      }
      String v = text.substring(i + 1, close);
      put(params, name, v);
      i = skipWhitespace(text, close + 1);
      if (i < text.length()) {
        if (text.charAt(i) != ',') {
          throw malformed("parameter " + name + ": expected ',' after the value");
        }
        i = skipWhitespace(text, i + 1);
        if (i >= text.length()) {
          throw malformed("trailing ','");
        }
      }
    }
    return params;
  }

  private static Map<String, String> parseLegacy(String text) {
    String[] tokens = text.split("\\s+");
    if (tokens.length % 2 != 0) {
      throw malformed("legacy DID form: expected name/value pairs");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < tokens.length; i += 2) {
      String name = LEGACY_NAMES.get(tokens[i].toLowerCase(Locale.ROOT));
      if (name == null) {
        throw malformed("legacy DID form: unknown name '" + printable(tokens[i]) + "'");
      }
      String v = tokens[i + 1];
      if (v.startsWith("<") && v.endsWith(">") && v.length() >= 2) {
        v = v.substring(1, v.length() - 1);
      }
      put(params, name, v);
    }
    return params;
  }

  private static void put(Map<String, String> params, String name, String value) {
    for (int k = 0; k < value.length(); k++) {
      char c = value.charAt(k);
      if (c < 0x20 || c > 0x7e) {
        throw malformed("parameter " + name + ": control or non-ASCII character in the value");
      }
    }
    if (params.putIfAbsent(name, value) != null) {
      throw malformed("parameter " + name + " appears twice");
    }
    if (params.size() > MAX_PARAMS) {
      throw malformed("more than " + MAX_PARAMS + " parameters");
    }
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
        || c == '-';
  }

  private static int firstWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static int skipWhitespace(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** Attacker-chosen text made short and printable for an error message. */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 40; i++) {
      char c = text.charAt(i);
      out.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    return text.length() > 40 ? out.append("...").toString() : out.toString();
  }

  private static IdentityException malformed(String detail) {
    return new IdentityException(IdentityError.AUTH_MALFORMED_HEADER, "authorization: " + detail);
  }
}
