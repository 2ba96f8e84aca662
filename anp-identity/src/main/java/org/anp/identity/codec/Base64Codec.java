package org.anp.identity.codec;

import java.util.Base64;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * Base64 in an explicit {@link Base64Variant}. Decoding is strict: characters of the other
 * alphabet, white space, bad padding and non-zero unused bits in the last character are
 * rejected. Thread-safe.
 */
public final class Base64Codec {
  private Base64Codec() {}

  /** Encodes {@code bytes} in {@code variant}. */
  public static String encode(Base64Variant variant, byte[] bytes) {
    return switch (variant) {
      case STANDARD -> Base64.getEncoder().encodeToString(bytes);
      case URL_NO_PAD -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    };
  }

  /**
   * Decodes {@code text} written in {@code variant}.
   *
   * @throws IdentityException {@code INVALID_ENCODING} naming the variant
   */
  public static byte[] decode(Base64Variant variant, String text) {
    byte[] out;
    try {
      out =
          switch (variant) {
            case STANDARD -> {
              if (text.length() % 4 != 0) {
                throw new IllegalArgumentException("length not a multiple of 4");
              }
              yield Base64.getDecoder().decode(text);
            }
            case URL_NO_PAD -> Base64.getUrlDecoder().decode(text);
          };
    } catch (IllegalArgumentException e) {
      throw new IdentityException(
          IdentityError.INVALID_ENCODING, "base64 (" + variant + "): " + e.getMessage());
    }
    // The JDK ignores set bits after the last full byte ("QR==" reads as "QQ=="); accepting them
    // would give one value several spellings, so only the canonical spelling is accepted.
    String canonical = encode(variant, out);
    if (!canonical.equals(variant == Base64Variant.URL_NO_PAD ? stripPadding(text) : text)) {
      throw new IdentityException(
          IdentityError.INVALID_ENCODING, "base64 (" + variant + "): non-zero unused bits");
    }
    return out;
  }

  private static String stripPadding(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '=') {
      end--;
    }
    return text.substring(0, end);
  }

  /** Shorthand for {@code encode(URL_NO_PAD, bytes)}. */
  public static String encodeUrl(byte[] bytes) {
    return encode(Base64Variant.URL_NO_PAD, bytes);
  }

  /** Shorthand for {@code decode(URL_NO_PAD, text)}. */
  public static byte[] decodeUrl(String text) {
    return decode(Base64Variant.URL_NO_PAD, text);
  }
}
