package org.anp.identity.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * Bitcoin-style Base58Check: {@code base58(payload || checksum)} where the checksum is the first
 * four bytes of {@code SHA-256(SHA-256(payload))}. did:all identifiers use it with a version byte
 * {@code 0x00} as the first payload byte; this class treats the payload as opaque bytes and
 * neither adds nor checks a version. Thread-safe.
 *
 * <p>Spec: ANP identity digest, section 2.1 (did:all identifier derivation).
 */
public final class Base58Check {
  private static final int CHECKSUM_LENGTH = 4;

  private Base58Check() {}

  /** Encodes {@code payload} followed by its 4-byte checksum. */
  public static String encode(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    byte[] full = Arrays.copyOf(payload, payload.length + CHECKSUM_LENGTH);
    System.arraycopy(checksum(payload), 0, full, payload.length, CHECKSUM_LENGTH);
    return Base58.encode(full);
  }

  /**
   * Decodes base58check text, verifies its checksum and returns the payload without it.
   *
   * @throws IdentityException {@code INVALID_ENCODING} for bad base58, text shorter than the
   *     checksum or a checksum mismatch; {@code INPUT_TOO_LARGE} as {@link Base58#decode(String)}
   */
  public static byte[] decode(String text) {
    byte[] full = Base58.decode(text);
    if (full.length < CHECKSUM_LENGTH) {
      throw new IdentityException(
          IdentityError.INVALID_ENCODING,
          "base58check: " + full.length + " bytes, shorter than the 4-byte checksum");
    }
    byte[] payload = Arrays.copyOf(full, full.length - CHECKSUM_LENGTH);
    byte[] expected = checksum(payload);
    byte[] actual = Arrays.copyOfRange(full, payload.length, full.length);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new IdentityException(IdentityError.INVALID_ENCODING, "base58check: checksum mismatch");
    }
    return payload;
  }

  private static byte[] checksum(byte[] payload) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    byte[] first = sha256.digest(payload);
    return Arrays.copyOf(sha256.digest(first), CHECKSUM_LENGTH);
  }
}
