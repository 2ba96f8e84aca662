package org.anp.identity.codec;

import java.util.Base64;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * Base64 in an explicit {@link Base64Variant}. Decoding is strict: characters of the other
 * alphabet, white space and bad padding are rejected. Thread-safe.
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
    try {
      return switch (variant) {
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
