package org.anp.identity.codec;

import java.util.Arrays;
import java.util.Objects;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * Base58 with the Bitcoin alphabet
 * ({@code 123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz}),
 * as used by base58btc multibase values, {@code publicKeyBase58} and did:all identifiers. Each
 * leading zero byte is written as one leading {@code '1'} and read back the same way; the empty
 * array and the empty string correspond to each other.
 *
 * <p>Decoding is strict: any character outside the alphabet, including white space, is rejected.
 * Because base58 conversion is quadratic in the input length, text longer than
 * {@link #MAX_DECODE_LENGTH} characters is refused before any work is done. Thread-safe.
 *
 * <p>Spec: ANP identity digest, section 0 ("base58btc").
 */
public final class Base58 {
  /**
   * The longest text {@link #decode(String)} accepts, in characters. ANP puts keys, signatures
   * and addresses in base58, all far below this limit.
   */
  public static final int MAX_DECODE_LENGTH = 4096;

  private static final char[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] INDEX = new int[128];

  static {
    Arrays.fill(INDEX, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEX[ALPHABET[i]] = i;
    }
  }

  private Base58() {}

  /** Encodes {@code bytes}; never fails. */
  public static String encode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    int zeros = 0;
    while (zeros < bytes.length && bytes[zeros] == 0) {
      zeros++;
    }
    // log(256) / log(58) is about 1.366, so this many base-58 digits always suffice.
    int capacity = (bytes.length - zeros) * 138 / 100 + 1;
    byte[] digits = new byte[capacity];
    int used = 0;
    for (int i = zeros; i < bytes.length; i++) {
      int carry = bytes[i] & 0xff;
      int j = 0;
      // digits[capacity-1] is the least significant digit; multiply the number so far by 256.
      for (int k = capacity - 1; (carry != 0 || j < used) && k >= 0; k--, j++) {
        carry += 256 * (digits[k] & 0xff);
        digits[k] = (byte) (carry % 58);
        carry /= 58;
      }
      used = j;
    }
    StringBuilder out = new StringBuilder(zeros + used);
    for (int i = 0; i < zeros; i++) {
      out.append('1');
    }
    for (int k = capacity - used; k < capacity; k++) {
      out.append(ALPHABET[digits[k]]);
    }
    return out.toString();
  }

  /**
   * Decodes base58 text.
   *
   * @throws IdentityException {@code INVALID_ENCODING} for a character outside the alphabet,
   *     naming its index; {@code INPUT_TOO_LARGE} for text longer than {@link #MAX_DECODE_LENGTH}
   */
  public static byte[] decode(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_DECODE_LENGTH) {
      throw new IdentityException(
          IdentityError.INPUT_TOO_LARGE,
          "base58: " + text.length() + " characters, limit " + MAX_DECODE_LENGTH);
    }
    int n = text.length();
    int ones = 0;
    while (ones < n && text.charAt(ones) == '1') {
      ones++;
    }
    // log(58) / log(256) is about 0.733.
    int capacity = (n - ones) * 733 / 1000 + 1;
    byte[] bytes = new byte[capacity];
    int used = 0;
    for (int i = ones; i < n; i++) {
      char c = text.charAt(i);
      int carry = c < 128 ? INDEX[c] : -1;
      if (carry < 0) {
        throw new IdentityException(
            IdentityError.INVALID_ENCODING, "base58: invalid character at index " + i);
      }
      int j = 0;
      for (int k = capacity - 1; (carry != 0 || j < used) && k >= 0; k--, j++) {
        carry += 58 * (bytes[k] & 0xff);
        bytes[k] = (byte) carry;
        carry >>>= 8;
      }
      used = j;
    }
    byte[] out = new byte[ones + used];
    System.arraycopy(bytes, capacity - used, out, ones, used);
    return out;
  }
}
