package org.anp.identity.internal.keys;

import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Ed25519 (RFC 8032) with BouncyCastle's constant-time rfc8032 implementation. */
public final class BcEd25519 {
  /** Size of a public key, a seed and half a signature. */
  public static final int KEY_SIZE = 32;
  /** Size of a signature. */
  public static final int SIGNATURE_SIZE = 64;

  private BcEd25519() {}

  /**
   * Decodes a public key, requiring a canonical point encoding in the prime-order subgroup
   * (small-order keys, which no honest signer has, are refused).
   */
  static Ed25519.PublicPoint decodePublic(byte[] raw, String field) {
    checkLength(raw, field);
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(raw, 0);
    if (point == null) {
      throw new IdentityException(
          IdentityError.INVALID_KEY, field + ": not a valid Ed25519 public key");
    }
    return point;
  }

  /** Checks only the length of a public key; the point is checked by {@link #decodePublic}. */
  static void checkLength(byte[] raw, String field) {
    if (raw.length != KEY_SIZE) {
      throw new IdentityException(
          IdentityError.INVALID_KEY,
          field + ": Ed25519 public key must be 32 bytes, got " + raw.length);
    }
  }

  /** The public key of a 32-byte seed. */
  public static byte[] publicKey(byte[] seed) {
    byte[] pub = new byte[KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    return pub;
  }

  /** Signs {@code message}; {@code pub} must be the seed's public key (saves re-deriving it). */
  public static byte[] sign(byte[] seed, byte[] pub, byte[] message) {
    byte[] sig = new byte[SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, pub, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  static void verify(Ed25519.PublicPoint point, byte[] message, byte[] signature) {
    // Checked here: a 65-byte signature with trailing garbage must not pass (Wycheproof).
    if (signature.length != SIGNATURE_SIZE) {
      throw new IdentityException(
          IdentityError.INVALID_SIGNATURE,
          "signature: Ed25519 signature must be 64 bytes, got " + signature.length);
    }
    if (!Ed25519.verify(signature, 0, point, message, 0, message.length)) {
      throw new IdentityException(IdentityError.INVALID_SIGNATURE, "signature: does not verify");
    }
  }
}
