package org.anp.identity.internal.keys;

import java.math.BigInteger;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.util.BigIntegers;

/** Plain ECDH (SEC1 section 3.3.1): the shared secret is the x coordinate of {@code d * Q}. */
public final class BcEcdh {
  private BcEcdh() {}

  /** The 32-byte big-endian x coordinate of {@code d * peer}. */
  public static byte[] agree(EcCurve curve, BigInteger d, ECPublicKeyParameters peer) {
    ECDHBasicAgreement agreement = new ECDHBasicAgreement();
    agreement.init(new ECPrivateKeyParameters(d, curve.domain()));
    // The peer point was validated on decoding and both curves have cofactor 1, so the product
    // of a scalar in [1, n-1] and the peer point is never the point at infinity.
    return BigIntegers.asUnsignedByteArray(EcCurve.SIZE, agreement.calculateAgreement(peer));
  }
}
