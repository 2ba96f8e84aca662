package org.anp.transport.p1;

import java.math.BigInteger;
import java.util.Base64;
import java.util.Objects;

/**
 * The two value encodings P1 fixes (P1 section 7): binary values as unpadded base64url text (in
 * fields whose names end in {@code _b64u}) and counters, sequence numbers, epochs and any integer
 * that may pass 2^53 as decimal strings.
 *
 * <p>Reading is strict: one spelling per value. Stateless and thread-safe.
 */
public final class P1Fields {
  /** The suffix P1 recommends for binary fields. */
  public static final String B64U_SUFFIX = "_b64u";
  /** The longest decimal string accepted (enough for any unsigned 256-bit value). */
  public static final int MAX_DECIMAL_DIGITS = 78;

  private P1Fields() {}

  /** {@code bytes} as unpadded base64url. */
  public static String encodeB64u(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Decodes unpadded base64url: padding, the standard alphabet's {@code +} and {@code /}, white
   * space and non-zero unused bits are refused.
   *
   * @param field the field name, for the error message
   * @throws RpcException {@code INVALID_PARAMS} (-32602) naming the field
   */
  public static byte[] decodeB64u(String text, String field) {
    Objects.requireNonNull(text, "text");
    if (text.length() % 4 == 1) {
      throw invalid(field, "not unpadded base64url");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        throw invalid(field, "not unpadded base64url");
      }
    }
    byte[] out = Base64.getUrlDecoder().decode(text);
    if (!encodeB64u(out).equals(text)) {
      throw invalid(field, "non-zero unused bits");
    }
    return out;
  }

  /** {@code value} as a decimal string. */
  public static String decimal(long value) {
    return Long.toString(value);
  }

  /**
   * Reads a non-negative decimal counter: ASCII digits only, no sign, no leading zero (except
   * {@code "0"}), at most {@link #MAX_DECIMAL_DIGITS} digits.
   *
   * @throws RpcException {@code INVALID_PARAMS} (-32602) naming the field
   */
  public static BigInteger parseCounter(String text, String field) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || text.length() > MAX_DECIMAL_DIGITS) {
      throw invalid(field, "expected 1.." + MAX_DECIMAL_DIGITS + " decimal digits");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(field, "expected decimal digits");
      }
    }
    if (text.length() > 1 && text.charAt(0) == '0') {
      throw invalid(field, "leading zero");
    }
    return new BigInteger(text);
  }

  /**
   * Reads a non-negative decimal counter that must fit a {@code long}.
   *
   * @throws RpcException {@code INVALID_PARAMS} (-32602) naming the field
   */
  public static long parseLongCounter(String text, String field) {
    BigInteger v = parseCounter(text, field);
    if (v.bitLength() > 63) {
      throw invalid(field, "larger than " + Long.MAX_VALUE);
    }
    return v.longValue();
  }

  private static RpcException invalid(String field, String why) {
    return new RpcException(CoreRpcError.INVALID_PARAMS, P1Meta.printable(field) + ": " + why);
  }
}
