package org.anp.identity.internal.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 from the JDK. A fresh {@link MessageDigest} per call: instances are never shared. */
public final class Sha256 {
  private Sha256() {}

  /** The 32-byte SHA-256 digest of {@code data}. */
  public static byte[] digest(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-256 (MessageDigest Javadoc).
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
