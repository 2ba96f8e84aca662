package org.anp.identity.codec;

import java.util.Objects;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * Multibase text: one prefix character naming the base, then the encoded bytes. Only the two
 * bases ANP uses are supported: {@code 'z'} (base58btc, {@link Base58}) and {@code 'u'}
 * (base64url without padding). Any other prefix of the multibase registry (base16, base32,
 * base64 with padding and so on) is rejected rather than guessed, so that a document can never
 * be read two ways. Thread-safe.
 *
 * <p>Spec: ANP identity digest, section 0 ("multibase") and section 1.3
 * ({@code publicKeyMultibase}).
 */
public final class Multibase {
  /** Prefix of base58btc multibase text. */
  public static final char BASE58_BTC = 'z';
  /** Prefix of unpadded base64url multibase text. */
  public static final char BASE64_URL = 'u';

  private Multibase() {}

  /** Returns {@code "z" + base58btc(bytes)}. */
  public static String encodeBase58Btc(byte[] bytes) {
    return BASE58_BTC + Base58.encode(bytes);
  }

  /** Returns {@code "u" + base64url(bytes)} without padding. */
  public static String encodeBase64Url(byte[] bytes) {
    return BASE64_URL + Base64Codec.encodeUrl(Objects.requireNonNull(bytes, "bytes"));
  }

  /**
   * Decodes {@code 'z'} or {@code 'u'} multibase text.
   *
   * @throws IdentityException {@code INVALID_ENCODING} for empty text, an unsupported prefix
   *     (named in the message), or a body that is not valid in its base (including padding after
   *     {@code 'u'}); {@code INPUT_TOO_LARGE} for an over-long base58 body
   */
  public static byte[] decode(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IdentityException(IdentityError.INVALID_ENCODING, "multibase: empty text");
    }
    char prefix = text.charAt(0);
    String body = text.substring(1);
    if (prefix == BASE58_BTC) {
      return Base58.decode(body);
    }
    if (prefix == BASE64_URL) {
      if (body.indexOf('=') >= 0) {
        // 'U' is the padded variant; 'u' text must not carry padding.
        throw new IdentityException(
            IdentityError.INVALID_ENCODING, "multibase: padding in base64url ('u') text");
      }
      return Base64Codec.decodeUrl(body);
    }
    int codePoint = text.codePointAt(0);
    throw new IdentityException(
        IdentityError.INVALID_ENCODING,
        String.format(
            "multibase: unsupported prefix '%s' (U+%04X); only 'z' and 'u' are accepted",
            new String(Character.toChars(codePoint)), codePoint));
  }

  /**
   * Decodes text that must be base58btc multibase ({@code 'z'} prefix), as required for
   * {@code publicKeyMultibase} and {@code z}-form proof values.
   *
   * @throws IdentityException {@code INVALID_ENCODING} if the prefix is not {@code 'z'} or the
   *     body is not base58; {@code INPUT_TOO_LARGE} for an over-long body
   */
  public static byte[] decodeBase58Btc(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || text.charAt(0) != BASE58_BTC) {
      throw new IdentityException(
          IdentityError.INVALID_ENCODING, "multibase: expected base58btc prefix 'z'");
    }
    return Base58.decode(text.substring(1));
  }
}
