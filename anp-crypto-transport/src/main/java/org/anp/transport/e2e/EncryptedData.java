package org.anp.transport.e2e;

import java.util.Arrays;
import java.util.Objects;

/**
 * The AES-GCM fields of a Finished {@code verifyData} or a message's {@code encryptedData}: a
 * 12-byte IV, a 16-byte tag and the ciphertext (written as standard padded Base64 on the wire,
 * spec ambiguity 25). Immutable: arrays are copied in and out.
 */
public final class EncryptedData {
  /** IV length in bytes. */
  public static final int IV_LENGTH = 12;
  /** Tag length in bytes. */
  public static final int TAG_LENGTH = 16;

  private final byte[] iv;
  private final byte[] tag;
  private final byte[] ciphertext;

  private EncryptedData(byte[] iv, byte[] tag, byte[] ciphertext) {
    this.iv = iv;
    this.tag = tag;
    this.ciphertext = ciphertext;
  }

  /**
   * @throws IllegalArgumentException if the IV is not 12 bytes or the tag not 16 bytes
   */
  public static EncryptedData of(byte[] iv, byte[] tag, byte[] ciphertext) {
    if (iv.length != IV_LENGTH) {
      throw new IllegalArgumentException("iv: " + iv.length + " bytes, expected " + IV_LENGTH);
    }
    if (tag.length != TAG_LENGTH) {
      throw new IllegalArgumentException("tag: " + tag.length + " bytes, expected " + TAG_LENGTH);
    }
    return new EncryptedData(iv.clone(), tag.clone(), Objects.requireNonNull(ciphertext).clone());
  }

  public byte[] iv() {
    return iv.clone();
  }

  public byte[] tag() {
    return tag.clone();
  }

  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptedData other
        && Arrays.equals(iv, other.iv)
        && Arrays.equals(tag, other.tag)
        && Arrays.equals(ciphertext, other.ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(iv) + Arrays.hashCode(tag)) + Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "EncryptedData[" + ciphertext.length + " bytes]";
  }
}
