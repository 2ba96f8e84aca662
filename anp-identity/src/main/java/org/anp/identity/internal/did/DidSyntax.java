package org.anp.identity.internal.did;

import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * Character-level checks of the W3C DID Core 1.0 ABNF (section 3.1 and 3.2) and the RFC 3986
 * productions a DID URL borrows. Every check returns a description of the first problem, or throws
 * with the caller's error code, so that messages name the offending part.
 */
public final class DidSyntax {
  private static final String SUB_DELIMS = "!$&'()*+,;=";

  private DidSyntax() {}

  /** Checks {@code method-name = 1*method-char} with lower-case letters and digits only. */
  public static void checkMethodName(String name, IdentityError code) {
    if (name.isEmpty()) {
      throw new IdentityException(code, "method-name: empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        throw new IdentityException(
            code, "method-name: character " + describe(c) + " at index " + i + " is not a-z or 0-9");
      }
    }
  }

  /**
   * Checks {@code method-specific-id = *( *idchar ":" ) 1*idchar}: idchars, colons and
   * percent-encodings, not empty and not ending in a colon.
   *
   * <p>The deprecated did:all method writes its hosting node as an {@code @host[:port]} suffix
   * that the W3C grammar does not allow; with {@code legacyHostSuffix} one {@code @} is accepted,
   * so documents and E2E hellos produced by the reference SDK can be read
   * (docs/decisions/0003-did-all-host-suffix.md).
   */
  public static void checkMethodSpecificId(String id, boolean legacyHostSuffix, IdentityError code) {
    if (id.isEmpty()) {
      throw new IdentityException(code, "method-specific-id: empty");
    }
    if (id.charAt(id.length() - 1) == ':') {
      throw new IdentityException(code, "method-specific-id: ends with ':'");
    }
    int at = legacyHostSuffix ? id.indexOf('@') : -1;
    if (at == 0 || at == id.length() - 1 || (at > 0 && id.indexOf('@', at + 1) >= 0)) {
      throw new IdentityException(
          code, "method-specific-id: '@' must separate a non-empty id from one host suffix");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '%') {
        checkPercentEncoding(id, i, "method-specific-id", code);
        i += 2;
      } else if (c != ':' && i != at && !isIdChar(c)) {
        throw new IdentityException(
            code, "method-specific-id: character " + describe(c) + " at index " + i + " is not allowed");
      }
    }
  }

  /** Checks an RFC 3986 {@code path-abempty}: empty, or segments each introduced by '/'. */
  public static void checkPath(String path, IdentityError code) {
    if (path.isEmpty()) {
      return;
    }
    if (path.charAt(0) != '/') {
      throw new IdentityException(code, "path: must start with '/'");
    }
    checkChars(path, "path", false, code);
  }

  /** Checks an RFC 3986 {@code query} or {@code fragment}: pchars, '/' and '?'. */
  public static void checkQueryOrFragment(String text, String part, IdentityError code) {
    checkChars(text, part, true, code);
  }

  private static void checkChars(String text, String part, boolean allowQuestionMark, IdentityError code) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        checkPercentEncoding(text, i, part, code);
        i += 2;
      } else if (!(isPchar(c) || c == '/' || (allowQuestionMark && c == '?'))) {
        throw new IdentityException(
            code, part + ": character " + describe(c) + " at index " + i + " is not allowed");
      }
    }
  }

  private static void checkPercentEncoding(String text, int at, String part, IdentityError code) {
    if (at + 2 >= text.length() || !isHexDigit(text.charAt(at + 1)) || !isHexDigit(text.charAt(at + 2))) {
      throw new IdentityException(
          code, part + ": '%' at index " + at + " is not followed by two hex digits");
    }
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isIdChar(char c) {
    return isAlpha(c) || isDigit(c) || c == '.' || c == '-' || c == '_';
  }

  private static boolean isPchar(char c) {
    return isAlpha(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~'
        || SUB_DELIMS.indexOf(c) >= 0 || c == ':' || c == '@';
  }

  // Messages may quote the input, so control and non-ASCII characters are shown as code points.
  private static String describe(char c) {
    if (c >= 0x21 && c < 0x7f) {
      return "'" + c + "'";
    }
    return String.format("U+%04X", (int) c);
  }
}
