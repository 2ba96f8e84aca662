package org.anp.identity.internal.keys;

import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.SignatureEncoding;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A validated public key in the form the primitive needs, decoded once and then reused: the
 * curve point object keeps BouncyCastle's precomputation tables between verifications, which is
 * what makes repeated verification with a cached key about twice as fast.
 */
public sealed interface DecodedPublicKey {

  /** The canonical encoding: 65-byte uncompressed point for EC, 32 bytes otherwise. */
  byte[] encoded();

  /**
   * Verifies {@code signature} over {@code message} (not prehashed).
   *
   * @throws IdentityException {@code INVALID_SIGNATURE}, or {@code UNSUPPORTED_KEY_TYPE} for
   *     X25519
   */
  void verify(byte[] message, byte[] signature, SignatureEncoding encoding);

  /**
   * Checks only what costs no curve arithmetic: the length of {@code raw}, and for EC types the
   * SEC1 prefix that goes with it. {@link #decode} accepts nothing this refuses, with the same
   * message.
   *
   * @throws IdentityException {@code INVALID_KEY} naming {@code field}
   */
  static void checkShape(KeyType type, byte[] raw, String field) {
    switch (type) {
      case SECP256R1:
      case SECP256K1:
        EcCurve.of(type).checkEncoding(raw, field);
        break;
      case ED25519:
        BcEd25519.checkLength(raw, field);
        break;
      case X25519:
        BcX25519.checkPublic(raw, field);
        break;
      default:
        throw new IllegalArgumentException("unknown key type " + type);
    }
  }

  /**
   * Decodes and validates {@code raw}: a SEC1 point for EC types, 32 bytes otherwise.
   *
   * @throws IdentityException {@code INVALID_KEY} naming {@code field}
   */
  static DecodedPublicKey decode(KeyType type, byte[] raw, String field) {
    switch (type) {
      case SECP256R1:
      case SECP256K1:
        EcCurve curve = EcCurve.of(type);
        ECPoint point = curve.decodePoint(raw, field);
        return new Ec(curve, new ECPublicKeyParameters(point, curve.domain()));
      case ED25519:
        return new Ed(raw.clone(), BcEd25519.decodePublic(raw, field));
      case X25519:
        return new X(BcX25519.checkPublic(raw, field));
      default:
        throw new IllegalArgumentException("unknown key type " + type);
    }
  }

  /** ECDSA with SHA-256; the message is hashed here, once. */
  record Ec(EcCurve curve, ECPublicKeyParameters parameters) implements DecodedPublicKey {
    @Override
    public byte[] encoded() {
      return curve.encodeUncompressed(parameters.getQ());
    }

    @Override
    public void verify(byte[] message, byte[] signature, SignatureEncoding encoding) {
      EcdsaSignatures.verify(parameters, Sha256.digest(message), signature, encoding);
    }
  }

  /** Pure Ed25519 (RFC 8032 section 5.1). */
  record Ed(byte[] raw, Ed25519.PublicPoint point) implements DecodedPublicKey {
    @Override
    public byte[] encoded() {
      return raw.clone();
    }

    @Override
    public void verify(byte[] message, byte[] signature, SignatureEncoding encoding) {
      if (encoding != SignatureEncoding.P1363_FIXED) {
        throw new IllegalArgumentException("Ed25519 signatures have no " + encoding + " form");
      }
      BcEd25519.verify(point, message, signature);
    }
  }

  /** X25519 public value; agreement only. */
  record X(byte[] raw) implements DecodedPublicKey {
    @Override
    public byte[] encoded() {
      return raw.clone();
    }

    @Override
    public void verify(byte[] message, byte[] signature, SignatureEncoding encoding) {
      throw new IdentityException(
          IdentityError.UNSUPPORTED_KEY_TYPE, "key: X25519 keys cannot verify signatures");
    }
  }
}
