package org.anp.transport.internal.e2e;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;

/**
 * AES-GCM with a 96-bit IV and a 128-bit tag on the JDK provider (measured several times faster
 * than BouncyCastle's here). The output of {@link #seal} is ciphertext followed by the tag, as the
 * JDK returns it. A fresh {@code Cipher} per call, so the class is thread-safe.
 */
public final class AesGcm {
  /** IV length in bytes. */
  public static final int IV_LENGTH = 12;
  /** Tag length in bytes. */
  public static final int TAG_LENGTH = 16;

  private AesGcm() {}

  /** Encrypts; returns ciphertext followed by the 16-byte tag. */
  public static byte[] seal(byte[] key, byte[] iv, byte[] aad, byte[] plaintext) {
    try {
      Cipher cipher = init(Cipher.ENCRYPT_MODE, key, iv);
      cipher.updateAAD(aad);
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new TransportException(TransportError.ENCRYPTION_FAILED, "AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts ciphertext followed by the tag.
   *
   * @throws TransportException {@code DECRYPTION_FAILED} if the tag does not verify or the
   *     input is shorter than a tag
   */
  public static byte[] open(byte[] key, byte[] iv, byte[] aad, byte[] ciphertextAndTag) {
    if (ciphertextAndTag.length < TAG_LENGTH) {
      throw new TransportException(TransportError.DECRYPTION_FAILED, "ciphertext: shorter than the tag");
    }
    try {
      Cipher cipher = init(Cipher.DECRYPT_MODE, key, iv);
      cipher.updateAAD(aad);
      return cipher.doFinal(ciphertextAndTag);
    } catch (AEADBadTagException e) {
      throw new TransportException(TransportError.DECRYPTION_FAILED, "tag: authentication failed");
    } catch (GeneralSecurityException e) {
      throw new TransportException(TransportError.DECRYPTION_FAILED, "AES-GCM decryption failed", e);
    }
  }

  /** {@code a} followed by {@code b}. */
  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Cipher init(int mode, byte[] key, byte[] iv) throws GeneralSecurityException {
    if (iv.length != IV_LENGTH) {
      throw new IllegalArgumentException("iv: " + iv.length + " bytes, expected " + IV_LENGTH);
    }
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException("key: " + key.length + " bytes");
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
    return cipher;
  }
}
