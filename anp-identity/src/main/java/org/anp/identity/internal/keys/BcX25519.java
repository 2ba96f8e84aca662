package org.anp.identity.internal.keys;

import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** X25519 (RFC 7748) with BouncyCastle's rfc7748 implementation. */
public final class BcX25519 {
  /** Size of private keys, public keys and shared secrets. */
  public static final int SIZE = 32;

  private BcX25519() {}

  /**
   * Checks the length of a public u-coordinate. Every 32-byte string is a valid X25519 input
   * (RFC 7748 section 5: the top bit is ignored, non-canonical values are reduced); weak peers
   * are caught by the all-zero check in {@link #agree}.
   */
  static byte[] checkPublic(byte[] raw, String field) {
    if (raw.length != SIZE) {
      throw new IdentityException(
          IdentityError.INVALID_KEY,
          field + ": X25519 public key must be 32 bytes, got " + raw.length);
    }
    return raw.clone();
  }

  /** The public key of a 32-byte private key (clamped internally, RFC 7748 section 5). */
  public static byte[] publicKey(byte[] privateKey) {
    byte[] pub = new byte[SIZE];
    X25519.generatePublicKey(privateKey, 0, pub, 0);
    return pub;
  }

  /**
   * The shared secret with {@code peer}.
   *
   * @throws IdentityException {@code INVALID_KEY} if the result is all zeros (a low-order peer
   *     key, RFC 7748 section 6.1)
   */
  public static byte[] agree(byte[] privateKey, byte[] peer) {
    byte[] shared = new byte[SIZE];
    if (!X25519.calculateAgreement(privateKey, 0, peer, 0, shared, 0)) {
      throw new IdentityException(
          IdentityError.INVALID_KEY,
          "peer: low-order X25519 public key (all-zero shared secret)");
    }
    return shared;
  }
}
