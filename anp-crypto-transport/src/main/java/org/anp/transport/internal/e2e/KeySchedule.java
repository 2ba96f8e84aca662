package org.anp.transport.internal.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.anp.identity.codec.Hex;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;

/**
 * The ANP E2E 1.0 key schedule, byte for byte as the reference SDK computes it
 * (spec/e2e-transport.md section 4, ambiguity 21): the "extract" step is a full HKDF with an empty
 * info, the traffic secrets are HKDF-Expand under "als10 "-prefixed labels over the two random
 * strings, and each data key is another full HKDF whose label declares 32 bytes although only
 * the key length is taken. Stateless and thread-safe.
 */
public final class KeySchedule {
  private static final byte[] LABEL_PREFIX = "als10 ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_SALT = new byte[0];
  private static final byte[] NO_INFO = new byte[0];
  private static final int SECRET_KEY_ID_BYTES = 8;

  private KeySchedule() {}

  /**
   * Derives both data keys and the key id from the ECDH shared secret and the two hello randoms.
   *
   * @param sharedSecret the ECDH x-coordinate, 32 bytes
   * @param sourceRandom the sourceHello {@code random} string
   * @param destinationRandom the destinationHello {@code random} string
   * @param keyLength the cipher suite's key length in bytes (16 for AES-128)
   * @throws TransportException {@code INVALID_MESSAGE} if the randoms together exceed 255 bytes
   */
  public static DerivedKeys derive(
      byte[] sharedSecret, String sourceRandom, String destinationRandom, int keyLength) {
    byte[] extracted = extracted(sharedSecret);
    byte[] sourceTraffic = trafficSecret(extracted, "s ap traffic", sourceRandom, destinationRandom);
    byte[] destinationTraffic =
        trafficSecret(extracted, "d ap traffic", sourceRandom, destinationRandom);
    try {
      return new DerivedKeys(
          dataKey(sourceTraffic, keyLength),
          dataKey(destinationTraffic, keyLength),
          secretKeyId(sourceRandom, destinationRandom));
    } finally {
      Arrays.fill(extracted, (byte) 0);
      Arrays.fill(sourceTraffic, (byte) 0);
      Arrays.fill(destinationTraffic, (byte) 0);
    }
  }

  /** The full HKDF with an empty info over the first traffic input; exposed for vector tests. */
  static byte[] extracted(byte[] sharedSecret) {
    return Hkdf.derive(NO_SALT, sharedSecret, NO_INFO, Hkdf.HASH_LENGTH);
  }

  /** A traffic secret ("s ap traffic" or "d ap traffic"); exposed for vector tests. */
  static byte[] trafficSecret(byte[] extracted, String label, String sourceRandom, String destinationRandom) {
    return Hkdf.expand(
        extracted, label(Hkdf.HASH_LENGTH, label, context(sourceRandom, destinationRandom)), Hkdf.HASH_LENGTH);
  }

  /** secretKeyId: 8 bytes of HKDF over the UTF-8 of both randoms, as lower-case hex. */
  public static String secretKeyId(String sourceRandom, String destinationRandom) {
    byte[] ikm = (sourceRandom + destinationRandom).getBytes(StandardCharsets.UTF_8);
    return Hex.encode(Hkdf.derive(NO_SALT, ikm, NO_INFO, SECRET_KEY_ID_BYTES));
  }

  /**
   * The TLS-1.3-style label: length (2 bytes), label length (1 byte), "als10 " + label, context
   * length (1 byte), context.
   */
  static byte[] label(int length, String label, byte[] context) {
    byte[] name = label.getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(length >>> 8);
    out.write(length);
    out.write(LABEL_PREFIX.length + name.length);
    out.writeBytes(LABEL_PREFIX);
    out.writeBytes(name);
    out.write(context.length);
    out.writeBytes(context);
    return out.toByteArray();
  }

  static byte[] dataKey(byte[] trafficSecret, int keyLength) {
    // The reference SDK labels the key with length 32 whatever the suite's key length is.
    return Hkdf.derive(NO_SALT, trafficSecret, label(Hkdf.HASH_LENGTH, "key", trafficSecret), keyLength);
  }

  private static byte[] context(String sourceRandom, String destinationRandom) {
    byte[] context = (sourceRandom + destinationRandom).getBytes(StandardCharsets.UTF_8);
    if (context.length > 255) {
      throw new TransportException(
          TransportError.INVALID_MESSAGE,
          "random: source and destination randoms together are " + context.length
              + " bytes, limit 255");
    }
    return context;
  }
}
