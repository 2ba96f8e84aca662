package org.anp.benchmarks;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The provider choice for each primitive of the E2E path other than ECDSA (which {@link
 * EcdsaP256Benchmark} covers), measured side by side: P-256 key generation and ECDH, AES-128-GCM
 * sealing of 1 KiB, and HMAC-SHA256 of a 64-byte input (one HKDF step), each on the JDK's
 * default providers and on BouncyCastle. The BouncyCastle EC side goes through the project's
 * {@link PrivateKeyMaterial} (BouncyCastle's lightweight API); the symmetric side uses
 * BouncyCastle's lightweight classes directly. Reusable objects ({@code Cipher}, {@code Mac},
 * {@code KeyAgreement} keys, the BouncyCastle engines) are kept between calls on both sides.
 *
 * <p>Not thread-safe; JMH gives each thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProviderBenchmark {
  private static final int TAG_BITS = 128;

  private final SecureRandom random = new SecureRandom();
  private final byte[] payload = new byte[1024];
  private final byte[] hmacInput = new byte[64];
  private final byte[] iv = new byte[12];
  private KeyPairGenerator jdkGenerator;
  private KeyPair jdkPair;
  private KeyPair jdkPeer;
  private PrivateKeyMaterial bcPrivate;
  private PublicKeyMaterial bcPeer;
  private SecretKeySpec aesKey;
  private Cipher jdkGcm;
  private GCMModeCipher bcGcm;
  private KeyParameter bcAesKey;
  private Mac jdkHmac;
  private HMac bcHmac;

  @Setup
  public void setUp() throws GeneralSecurityException {
    random.nextBytes(payload);
    random.nextBytes(hmacInput);
    jdkGenerator = KeyPairGenerator.getInstance("EC");
    jdkGenerator.initialize(new ECGenParameterSpec("secp256r1"), random);
    jdkPair = jdkGenerator.generateKeyPair();
    jdkPeer = jdkGenerator.generateKeyPair();
    bcPrivate = PrivateKeyMaterial.fromRaw(KeyType.SECP256R1, scalar(jdkPair));
    bcPeer = PublicKeyMaterial.fromSpkiDer(jdkPeer.getPublic().getEncoded());
    byte[] key = new byte[16];
    random.nextBytes(key);
    aesKey = new SecretKeySpec(key, "AES");
    jdkGcm = Cipher.getInstance("AES/GCM/NoPadding");
    bcGcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
    bcAesKey = new KeyParameter(key);
    jdkHmac = Mac.getInstance("HmacSHA256");
    jdkHmac.init(new SecretKeySpec(key, "HmacSHA256"));
    bcHmac = new HMac(new SHA256Digest());
    bcHmac.init(new KeyParameter(key));
  }

  @Benchmark
  public KeyPair jdkP256KeyGeneration() {
    return jdkGenerator.generateKeyPair();
  }

  @Benchmark
  public PrivateKeyMaterial bcP256KeyGeneration() {
    return PrivateKeyMaterial.generate(KeyType.SECP256R1, random);
  }

  @Benchmark
  public byte[] jdkP256Ecdh() throws GeneralSecurityException {
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(jdkPair.getPrivate());
    agreement.doPhase(jdkPeer.getPublic(), true);
    return agreement.generateSecret();
  }

  @Benchmark
  public byte[] bcP256Ecdh() {
    return bcPrivate.agree(bcPeer);
  }

  @Benchmark
  public byte[] jdkAesGcmSeal1KiB() throws GeneralSecurityException {
    random.nextBytes(iv);
    jdkGcm.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, iv));
    return jdkGcm.doFinal(payload);
  }

  @Benchmark
  public byte[] bcAesGcmSeal1KiB() throws InvalidCipherTextException {
    random.nextBytes(iv);
    bcGcm.init(true, new AEADParameters(bcAesKey, TAG_BITS, iv.clone()));
    byte[] out = new byte[bcGcm.getOutputSize(payload.length)];
    int written = bcGcm.processBytes(payload, 0, payload.length, out, 0);
    bcGcm.doFinal(out, written);
    return out;
  }

  @Benchmark
  public byte[] jdkHmacSha256() {
    return jdkHmac.doFinal(hmacInput);
  }

  @Benchmark
  public byte[] bcHmacSha256() {
    byte[] out = new byte[32];
    bcHmac.update(hmacInput, 0, hmacInput.length);
    bcHmac.doFinal(out, 0);
    return out;
  }

  /** The JDK and BouncyCastle agreement results, for the unit test (they must be equal). */
  byte[][] bothAgreements() throws GeneralSecurityException {
    return new byte[][] {jdkP256Ecdh(), bcP256Ecdh()};
  }

  /** Opens {@code sealed} with the JDK under the last IV, for the unit test. */
  byte[] jdkOpen(byte[] sealed) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, iv));
    return cipher.doFinal(sealed);
  }

  byte[] payload() {
    return payload.clone();
  }

  private static byte[] scalar(KeyPair pair) {
    byte[] minimal = ((ECPrivateKey) pair.getPrivate()).getS().toByteArray();
    byte[] fixed = new byte[32];
    int length = Math.min(minimal.length, 32);
    System.arraycopy(minimal, minimal.length - length, fixed, 32 - length, length);
    return fixed;
  }
}
