package org.anp.benchmarks;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ECDSA P-256 with SHA-256 over a 64-byte message: sign and verify with the JDK's SunEC provider
 * ({@code SHA256withECDSA}) against BouncyCastle's lightweight API ({@link ECDSASigner} over a
 * SHA-256 digest on BouncyCastle's optimized P-256 curve, with a random nonce as the JDK uses).
 * Both sides use the same key pair and DER signatures, so each verifies the other's output.
 *
 * <p>One instance per benchmark thread; not thread-safe.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EcdsaP256Benchmark {

  private static final String JDK_PROVIDER = "SunEC";
  private static final String JDK_ALGORITHM = "SHA256withECDSA";

  private final SecureRandom random = new SecureRandom();
  private final byte[] message = new byte[64];

  private Signature jdkSigner;
  private Signature jdkVerifier;
  private ECDSASigner bcSigner;
  private ECDSASigner bcVerifier;
  private ECDomainParameters domain;
  private byte[] jdkSignature;
  private byte[] bcSignature;

  /** Generates the key pair (JDK), mirrors it into BouncyCastle parameters, signs once each. */
  @Setup
  public void setUp() throws GeneralSecurityException {
    random.nextBytes(message);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", JDK_PROVIDER);
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    KeyPair keys = generator.generateKeyPair();

    jdkSigner = Signature.getInstance(JDK_ALGORITHM, JDK_PROVIDER);
    jdkSigner.initSign(keys.getPrivate(), random);
    jdkVerifier = Signature.getInstance(JDK_ALGORITHM, JDK_PROVIDER);
    jdkVerifier.initVerify(keys.getPublic());

    // The curve-specific field arithmetic; the generic table's curve is several times slower.
    X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
    domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
    ECPrivateKey privateKey = (ECPrivateKey) keys.getPrivate();
    ECPublicKey publicKey = (ECPublicKey) keys.getPublic();
    ECPrivateKeyParameters bcPrivate = new ECPrivateKeyParameters(privateKey.getS(), domain);
    ECPublicKeyParameters bcPublic =
        new ECPublicKeyParameters(
            curve
                .getCurve()
                .createPoint(publicKey.getW().getAffineX(), publicKey.getW().getAffineY()),
            domain);
    bcSigner = new ECDSASigner();
    bcSigner.init(true, new ParametersWithRandom(bcPrivate, random));
    bcVerifier = new ECDSASigner();
    bcVerifier.init(false, bcPublic);

    jdkSignature = jdkSign();
    bcSignature = bcSign();
  }

  @Benchmark
  public byte[] jdkSign() throws GeneralSecurityException {
    jdkSigner.update(message);
    return jdkSigner.sign();
  }

  @Benchmark
  public boolean jdkVerify() throws GeneralSecurityException {
    return jdkVerify(message, jdkSignature);
  }

  @Benchmark
  public byte[] bcSign() {
    BigInteger[] rs = bcSigner.generateSignature(sha256(message));
    try {
      return StandardDSAEncoding.INSTANCE.encode(domain.getN(), rs[0], rs[1]);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
    }
  }

  @Benchmark
  public boolean bcVerify() {
    return bcVerify(message, bcSignature);
  }

  boolean jdkVerify(byte[] data, byte[] derSignature) throws GeneralSecurityException {
    jdkVerifier.update(data);
    return jdkVerifier.verify(derSignature);
  }

  boolean bcVerify(byte[] data, byte[] derSignature) {
    BigInteger[] rs;
    try {
      rs = StandardDSAEncoding.INSTANCE.decode(domain.getN(), derSignature);
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
    return bcVerifier.verifySignature(sha256(data), rs[0], rs[1]);
  }

  byte[] message() {
    return message.clone();
  }

  private static byte[] sha256(byte[] data) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(data, 0, data.length);
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }
}
