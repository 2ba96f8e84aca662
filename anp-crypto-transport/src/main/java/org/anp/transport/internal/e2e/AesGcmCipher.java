package org.anp.transport.internal.e2e;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;

/**
 * AES-GCM under one fixed key with one JDK {@link Cipher} kept for the key's life and
 * re-initialized with each call's IV; same formats and errors as {@link AesGcm}. Looking up a
 * {@code Cipher} and expanding the key cost several times more than sealing a 1 KiB payload on
 * this JDK (measured in benchmarks/, docs/benchmarks.md), which is why a session keeps one per
 * direction instead of calling {@link AesGcm} per frame.
 *
 * <p>Not thread-safe: confine an instance to one thread or guard it with a lock, as
 * {@link AesGcmSession} does. The JDK refuses to encrypt twice in a row under the same IV; that
 * surfaces as {@code ENCRYPTION_FAILED}.
 */
final class AesGcmCipher {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final Provider PROVIDER = provider();

  private final SecretKeySpec key;
  private final Cipher cipher;

  /**
   * @throws IllegalArgumentException if the key is not 16, 24 or 32 bytes
   */
  AesGcmCipher(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException("key: " + key.length + " bytes");
    }
    this.key = new SecretKeySpec(key, "AES");
    try {
      this.cipher = Cipher.getInstance(TRANSFORMATION, PROVIDER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(TRANSFORMATION + " is required of every JDK", e);
    }
  }

  /**
   * The provider the JDK chooses for AES-GCM, looked up once: every session makes two ciphers,
   * and searching the provider list for each was a visible part of a handshake.
   */
  private static Provider provider() {
    try {
      return Cipher.getInstance(TRANSFORMATION).getProvider();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(TRANSFORMATION + " is required of every JDK", e);
    }
  }

  /** Encrypts; returns ciphertext followed by the 16-byte tag. */
  byte[] seal(byte[] iv, byte[] aad, byte[] plaintext) {
    try {
      init(Cipher.ENCRYPT_MODE, iv);
      cipher.updateAAD(aad);
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new TransportException(TransportError.ENCRYPTION_FAILED, "AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts ciphertext followed by the tag.
   *
   * @throws TransportException {@code DECRYPTION_FAILED} if the tag does not verify or the input
   *     is shorter than a tag
   */
  byte[] open(byte[] iv, byte[] aad, byte[] ciphertextAndTag) {
    if (ciphertextAndTag.length < AesGcm.TAG_LENGTH) {
      throw new TransportException(TransportError.DECRYPTION_FAILED, "ciphertext: shorter than the tag");
    }
    try {
      init(Cipher.DECRYPT_MODE, iv);
      cipher.updateAAD(aad);
      return cipher.doFinal(ciphertextAndTag);
    } catch (AEADBadTagException e) {
      throw new TransportException(TransportError.DECRYPTION_FAILED, "tag: authentication failed");
    } catch (GeneralSecurityException e) {
      throw new TransportException(TransportError.DECRYPTION_FAILED, "AES-GCM decryption failed", e);
    }
  }

  private void init(int mode, byte[] iv) throws GeneralSecurityException {
    if (iv.length != AesGcm.IV_LENGTH) {
      throw new IllegalArgumentException("iv: " + iv.length + " bytes, expected " + AesGcm.IV_LENGTH);
    }
    cipher.init(mode, key, new GCMParameterSpec(AesGcm.TAG_LENGTH * 8, iv));
  }
}
