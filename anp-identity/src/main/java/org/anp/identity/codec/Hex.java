package org.anp.identity.codec;

import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/** Lower-case hexadecimal encoding. Decoding accepts either case. Thread-safe. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Encodes {@code bytes} as lower-case hex, two characters per byte. */
  public static String encode(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Decodes hex text of even length.
   *
   * @throws IdentityException {@code INVALID_ENCODING} for odd length or a non-hex character
   */
  public static byte[] decode(CharSequence text) {
    int n = text.length();
    if ((n & 1) != 0) {
      throw new IdentityException(IdentityError.INVALID_ENCODING, "hex: odd length " + n);
    }
    byte[] out = new byte[n / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((digit(text, 2 * i) << 4) | digit(text, 2 * i + 1));
    }
    return out;
  }

  private static int digit(CharSequence text, int index) {
    int d = Character.digit(text.charAt(index), 16);
    if (d < 0 || text.charAt(index) > 'f') {
      throw new IdentityException(
          IdentityError.INVALID_ENCODING, "hex: invalid character at index " + index);
    }
    return d;
  }
}
