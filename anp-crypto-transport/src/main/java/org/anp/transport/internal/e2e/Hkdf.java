package org.anp.transport.internal.e2e;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 and HKDF-SHA256 (RFC 5869) over the JDK's {@code Mac}. Each thread keeps one
 * {@code Mac}, initialized with each call's key (a handshake makes 20 HMACs, and looking up a
 * provider per HMAC cost more than the HMAC itself, docs/benchmarks.md), so the class is
 * thread-safe.
 */
public final class Hkdf {
  /** Output length of SHA-256 in bytes. */
  public static final int HASH_LENGTH = 32;

  private static final int MAX_OUTPUT = 255 * HASH_LENGTH;
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(Hkdf::newMac);

  private Hkdf() {}

  /** HMAC-SHA256 of {@code message} under {@code key}; an empty key is the all-zero key. */
  public static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = MACS.get();
      // The JDK refuses an empty SecretKeySpec; HMAC pads keys with zeros, so a block of zeros
      // is the same key.
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[HASH_LENGTH] : key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** HKDF-Extract; an empty salt stands for HashLen zero bytes (RFC 5869 section 2.2). */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    return hmac(salt, ikm);
  }

  /**
   * HKDF-Expand of {@code prk} to {@code length} bytes.
   *
   * @throws IllegalArgumentException if {@code length} is negative or above 255 * 32
   */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 0 || length > MAX_OUTPUT) {
      throw new IllegalArgumentException("HKDF output length " + length + " not in 0.." + MAX_OUTPUT);
    }
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    int written = 0;
    for (int counter = 1; written < length; counter++) {
      byte[] input = new byte[block.length + info.length + 1];
      System.arraycopy(block, 0, input, 0, block.length);
      System.arraycopy(info, 0, input, block.length, info.length);
      input[input.length - 1] = (byte) counter;
      block = hmac(prk, input);
      int n = Math.min(block.length, length - written);
      System.arraycopy(block, 0, out, written, n);
      written += n;
    }
    Arrays.fill(block, (byte) 0);
    return out;
  }

  /** Full HKDF: extract with {@code salt}, then expand. */
  public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    byte[] prk = extract(salt, ikm);
    try {
      return expand(prk, info, length);
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }
}
