package org.anp.identity.internal.keys;

import java.math.BigInteger;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.keys.SignatureEncoding;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA over a 32-byte message hash with BouncyCastle's lightweight API, and the two signature
 * encodings. Signing uses RFC 6979 nonces and emits low-S ({@code s <= n/2}); verification
 * accepts either S (the spec does not require low-S).
 */
public final class EcdsaSignatures {
  private EcdsaSignatures() {}

  /** Signs {@code hash} (32 bytes) with scalar {@code d}; returns the encoded signature. */
  public static byte[] sign(EcCurve curve, BigInteger d, byte[] hash, SignatureEncoding encoding) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(d, curve.domain()));
    BigInteger[] rs = signer.generateSignature(hash);
    BigInteger r = rs[0];
    BigInteger s = rs[1];
    // Low-S: (r, n - s) is the same signature's other valid form; emitting the smaller one makes
    // signatures non-malleable for verifiers that insist on it (Bitcoin-style, web5 ES256K).
    if (s.compareTo(curve.halfOrder()) > 0) {
      s = curve.order().subtract(s);
    }
    return encoding == SignatureEncoding.DER ? encodeDer(r, s) : encodeP1363(r, s);
  }

  /**
   * Verifies an encoded signature over {@code hash}.
   *
   * @throws IdentityException {@code INVALID_SIGNATURE} if malformed or not valid
   */
  public static void verify(
      ECPublicKeyParameters key, byte[] hash, byte[] signature, SignatureEncoding encoding) {
    BigInteger[] rs =
        encoding == SignatureEncoding.DER ? decodeDer(signature) : decodeP1363(signature);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    // ECDSASigner itself rejects r or s outside [1, n-1] (the r = s = 0 "psychic signature").
    if (!verifier.verifySignature(hash, rs[0], rs[1])) {
      throw new IdentityException(IdentityError.INVALID_SIGNATURE, "signature: does not verify");
    }
  }

  /** {@code r||s}, each left-padded to 32 bytes. */
  public static byte[] encodeP1363(BigInteger r, BigInteger s) {
    byte[] out = new byte[2 * EcCurve.SIZE];
    BigIntegers.asUnsignedByteArray(r, out, 0, EcCurve.SIZE);
    BigIntegers.asUnsignedByteArray(s, out, EcCurve.SIZE, EcCurve.SIZE);
    return out;
  }

  /** Splits exactly 64 bytes into r and s. */
  public static BigInteger[] decodeP1363(byte[] signature) {
    if (signature.length != 2 * EcCurve.SIZE) {
      throw new IdentityException(
          IdentityError.INVALID_SIGNATURE,
          "signature: P1363 form must be 64 bytes, got " + signature.length);
    }
    return new BigInteger[] {
      new BigInteger(1, signature, 0, EcCurve.SIZE),
      new BigInteger(1, signature, EcCurve.SIZE, EcCurve.SIZE)
    };
  }

  /** {@code SEQUENCE { INTEGER r, INTEGER s }} in DER. */
  public static byte[] encodeDer(BigInteger r, BigInteger s) {
    return Der.tlv(Der.SEQUENCE, Der.integer(r), Der.integer(s));
  }

  /** Parses a strict DER signature (no BER lengths, no padded or negative integers). */
  public static BigInteger[] decodeDer(byte[] signature) {
    Der.Reader outer = new Der.Reader(signature, IdentityError.INVALID_SIGNATURE, "signature");
    Der.Reader seq = outer.readConstructed(Der.SEQUENCE);
    outer.expectEnd();
    BigInteger r = seq.readNonNegativeInteger();
    BigInteger s = seq.readNonNegativeInteger();
    seq.expectEnd();
    return new BigInteger[] {r, s};
  }
}
