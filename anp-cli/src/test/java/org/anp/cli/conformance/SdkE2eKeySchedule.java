package org.anp.cli.conformance;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The reference SDK's e2e-legacy key schedule ({@code derive_tls13_data_keys},
 * {@code generate_16_char_from_random_num}, {@code hkdf_label} with the {@code "als10 "} prefix),
 * ECDH and AES-GCM, written again with the JDK alone, for tests that check what our emitters
 * write without going through our own engines. Checked against the SDK's recorded values first.
 */
final class SdkE2eKeySchedule {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] ZEROS = new byte[32];

  private SdkE2eKeySchedule() {}

  /** The source's and destination's data keys and the key id of one session. */
  record Keys(byte[] sourceKey, byte[] destinationKey, String secretKeyId) {}

  static Keys derive(byte[] sharedSecret, String sourceRandom, String destinationRandom) {
    byte[] extracted = expand(extract(ZEROS, sharedSecret), new byte[0], 32);
    byte[] randoms = (sourceRandom + destinationRandom).getBytes(US_ASCII);
    byte[] sourceTraffic = expand(extracted, label(32, "s ap traffic", randoms), 32);
    byte[] destinationTraffic = expand(extracted, label(32, "d ap traffic", randoms), 32);
    byte[] sourceKey = expand(extract(ZEROS, sourceTraffic), label(32, "key", sourceTraffic), 16);
    byte[] destinationKey = expand(extract(ZEROS, destinationTraffic), label(32, "key", destinationTraffic), 16);
    String id = HEX.formatHex(expand(extract(ZEROS, randoms), new byte[0], 8));
    return new Keys(sourceKey, destinationKey, id);
  }

  /** ECDH on P-256 from a raw private scalar and an uncompressed public point, both hex. */
  static byte[] ecdh(String privateHex, String publicUncompressedHex) throws GeneralSecurityException {
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec curve = p.getParameterSpec(ECParameterSpec.class);
    KeyFactory factory = KeyFactory.getInstance("EC");
    PrivateKey priv = factory.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, HEX.parseHex(privateHex)), curve));
    byte[] point = HEX.parseHex(publicUncompressedHex);
    if (point.length != 65 || point[0] != 4) {
      throw new IllegalArgumentException("not an uncompressed P-256 point: " + publicUncompressedHex);
    }
    PublicKey pub = factory.generatePublic(new ECPublicKeySpec(new ECPoint(
        new BigInteger(1, Arrays.copyOfRange(point, 1, 33)), new BigInteger(1, Arrays.copyOfRange(point, 33, 65))), curve));
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(priv);
    agreement.doPhase(pub, true);
    return agreement.generateSecret();
  }

  /** AES-GCM without associated data over the base64 fields {@code iv}, {@code ciphertext}, {@code tag}. */
  static byte[] open(byte[] key, String iv, String ciphertext, String tag) throws GeneralSecurityException {
    Base64.Decoder b64 = Base64.getDecoder();
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();
    sealed.writeBytes(b64.decode(ciphertext));
    sealed.writeBytes(b64.decode(tag));
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, b64.decode(iv)));
    return cipher.doFinal(sealed.toByteArray());
  }

  private static byte[] label(int length, String label, byte[] context) {
    byte[] full = ("als10 " + label).getBytes(UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(length >> 8);
    out.write(length);
    out.write(full.length);
    out.writeBytes(full);
    out.write(context.length);
    out.writeBytes(context);
    return out.toByteArray();
  }

  private static byte[] extract(byte[] salt, byte[] ikm) {
    return hmac(salt, ikm);
  }

  private static byte[] expand(byte[] prk, byte[] info, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] block = new byte[0];
    for (int i = 1; out.size() < length; i++) {
      ByteArrayOutputStream input = new ByteArrayOutputStream();
      input.writeBytes(block);
      input.writeBytes(info);
      input.write(i);
      block = hmac(prk, input.toByteArray());
      out.writeBytes(block);
    }
    return Arrays.copyOf(out.toByteArray(), length);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }
}
