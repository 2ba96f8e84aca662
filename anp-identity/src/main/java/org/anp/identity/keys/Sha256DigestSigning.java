package org.anp.identity.keys;

import java.util.Objects;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.internal.keys.Sha256;

/**
 * The did:wba "sign the SHA-256 digest" operation (did:wba authentication, spec pitfall 1 and
 * ambiguity 8): {@code digest = SHA-256(data)} is what gets signed. For ECDSA that digest is
 * signed with ECDSA-with-SHA-256, so the curve sees {@code SHA-256(SHA-256(data))}, exactly as
 * the reference implementation does; Ed25519 signs the 32 digest bytes.
 *
 * <p>Signatures are written as 64 bytes ({@code r||s} fixed 32 + 32 for ECDSA). Verification is
 * lenient about the ECDSA split because reference clients emit minimal-length {@code r} and
 * {@code s} (ambiguity 10): 64 bytes are split 32/32; 63 bytes are tried as 31/32 and 32/31;
 * other lengths from 2 to 62 bytes are split in half (the legacy rule). Longer signatures are
 * refused. Ed25519 signatures must be 64 bytes.
 *
 * <p>Stateless and thread-safe. <b>Security:</b> verification returns normally only for a
 * valid signature, otherwise throws {@code INVALID_SIGNATURE}.
 */
public final class Sha256DigestSigning {
  private static final int HALF = 32;

  private Sha256DigestSigning() {}

  /**
   * Signs {@code SHA-256(data)}: 64 bytes ({@code r||s} for ECDSA).
   *
   * @throws IdentityException {@code UNSUPPORTED_KEY_TYPE} for X25519
   * @throws IllegalStateException if the key was destroyed
   */
  public static byte[] sign(PrivateKeyMaterial key, byte[] data) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(data, "data");
    return key.sign(Sha256.digest(data), SignatureEncoding.P1363_FIXED);
  }

  /**
   * Verifies a signature made by {@link #sign} or by a reference client.
   *
   * @throws IdentityException {@code INVALID_SIGNATURE}; {@code UNSUPPORTED_KEY_TYPE} for X25519
   */
  public static void verify(PublicKeyMaterial key, byte[] data, byte[] signature) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(signature, "signature");
    byte[] digest = Sha256.digest(data);
    if (!key.type().isEc() || signature.length == 2 * HALF) {
      key.verify(digest, signature, SignatureEncoding.P1363_FIXED);
      return;
    }
    int n = signature.length;
    if (n < 2 || n > 2 * HALF) {
      throw new IdentityException(
          IdentityError.INVALID_SIGNATURE,
          "signature: expected at most 64 bytes of r||s, got " + n);
    }
    if (n == 2 * HALF - 1) {
      try {
        key.verify(digest, padded(signature, HALF - 1), SignatureEncoding.P1363_FIXED);
        return;
      } catch (IdentityException firstSplitFailed) {
        // Either split may be right: r or s can be the one that lost its leading zero byte.
        key.verify(digest, padded(signature, HALF), SignatureEncoding.P1363_FIXED);
        return;
      }
    }
    key.verify(digest, padded(signature, n / 2), SignatureEncoding.P1363_FIXED);
  }

  /** Re-pads {@code r = sig[0, rLength)} and {@code s = sig[rLength, end)} to 32 bytes each. */
  private static byte[] padded(byte[] signature, int rLength) {
    int sLength = signature.length - rLength;
    byte[] out = new byte[2 * HALF];
    System.arraycopy(signature, 0, out, HALF - rLength, rLength);
    System.arraycopy(signature, rLength, out, 2 * HALF - sLength, sLength);
    return out;
  }
}
