package org.anp.identity.internal.keys;

import java.util.Base64;
import java.util.List;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * RFC 7468 textual encoding: one {@code -----BEGIN label-----} block, strict standard Base64 in
 * between (white space between lines allowed), nothing but white space around it.
 */
public final class PemCodec {
  /** Upper bound on PEM text; far above any key this library reads. */
  private static final int MAX_LENGTH = 16 * 1024;

  private PemCodec() {}

  /** A decoded PEM block. */
  public record Block(String label, byte[] der) {}

  /**
   * Decodes a single PEM block whose label is one of {@code labels}.
   *
   * @throws IdentityException {@code INVALID_KEY} naming "pem"
   */
  public static Block decode(String text, List<String> labels) {
    if (text.length() > MAX_LENGTH) {
      throw new IdentityException(
          IdentityError.INPUT_TOO_LARGE, "pem: longer than " + MAX_LENGTH + " characters");
    }
    String pem = text.strip();
    for (String label : labels) {
      String begin = "-----BEGIN " + label + "-----";
      String end = "-----END " + label + "-----";
      if (pem.startsWith(begin)) {
        if (!pem.endsWith(end) || pem.length() < begin.length() + end.length()) {
          throw fail("missing '" + end + "'");
        }
        String body = pem.substring(begin.length(), pem.length() - end.length());
        StringBuilder base64 = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
          char c = body.charAt(i);
          if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            base64.append(c);
          }
        }
        if (base64.length() == 0 || base64.length() % 4 != 0) {
          throw fail("body is not padded Base64");
        }
        try {
          return new Block(label, Base64.getDecoder().decode(base64.toString()));
        } catch (IllegalArgumentException e) {
          throw new IdentityException(IdentityError.INVALID_KEY, "pem: body is not Base64", e);
        }
      }
    }
    throw fail("expected a '-----BEGIN " + String.join("' or '", labels) + "-----' block");
  }

  /** Encodes {@code der} with 64-character lines and {@code \n} line ends. */
  public static String encode(String label, byte[] der) {
    String base64 = Base64.getEncoder().encodeToString(der);
    StringBuilder out = new StringBuilder(base64.length() + 80);
    out.append("-----BEGIN ").append(label).append("-----\n");
    for (int i = 0; i < base64.length(); i += 64) {
      out.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
    }
    return out.append("-----END ").append(label).append("-----\n").toString();
  }

  private static IdentityException fail(String reason) {
    return new IdentityException(IdentityError.INVALID_KEY, "pem: " + reason);
  }
}
