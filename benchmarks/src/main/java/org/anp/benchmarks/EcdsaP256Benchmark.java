package org.anp.benchmarks;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.keys.SignatureEncoding;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ECDSA P-256 with SHA-256 over a 64-byte message: sign and verify with the JDK's SunEC provider
 * ({@code SHA256withECDSA}, random nonce) against the project's own keys, {@link
 * PrivateKeyMaterial} and {@link PublicKeyMaterial} (BouncyCastle's lightweight API, RFC 6979
 * nonce). Both sides use the same key pair and DER signatures, so each verifies the other's
 * output. The public key objects are decoded once, in setup, as a DID-document cache keeps them.
 *
 * <p>One instance per benchmark thread; not thread-safe.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EcdsaP256Benchmark {

  private static final String JDK_PROVIDER = "SunEC";
  private static final String JDK_ALGORITHM = "SHA256withECDSA";
  private static final int SCALAR_BYTES = 32;

  private final SecureRandom random = new SecureRandom();
  private final byte[] message = new byte[64];

  private Signature jdkSigner;
  private Signature jdkVerifier;
  private PrivateKeyMaterial bcPrivate;
  private PublicKeyMaterial bcPublic;
  private byte[] jdkSignature;
  private byte[] bcSignature;

  /** Generates one key pair (JDK), loads it into both implementations, signs once with each. */
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

    BigInteger scalar = ((ECPrivateKey) keys.getPrivate()).getS();
    bcPrivate = PrivateKeyMaterial.fromRaw(KeyType.SECP256R1, toFixedBytes(scalar));
    bcPublic = PublicKeyMaterial.fromSpkiDer(keys.getPublic().getEncoded());

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
    return bcPrivate.sign(message, SignatureEncoding.DER);
  }

  @Benchmark
  public PublicKeyMaterial bcVerify() {
    bcPublic.verify(message, bcSignature, SignatureEncoding.DER);
    return bcPublic;
  }

  boolean jdkVerify(byte[] data, byte[] derSignature) throws GeneralSecurityException {
    jdkVerifier.update(data);
    return jdkVerifier.verify(derSignature);
  }

  PublicKeyMaterial bcPublicKey() {
    return bcPublic;
  }

  PrivateKeyMaterial bcPrivateKey() {
    return bcPrivate;
  }

  byte[] message() {
    return message.clone();
  }

  private static byte[] toFixedBytes(BigInteger scalar) {
    byte[] minimal = scalar.toByteArray();
    byte[] fixed = new byte[SCALAR_BYTES];
    int length = Math.min(minimal.length, SCALAR_BYTES);
    System.arraycopy(minimal, minimal.length - length, fixed, SCALAR_BYTES - length, length);
    return fixed;
  }
}
