package org.anp.transport.internal.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Keys of the key-value buckets: never raw input (a KV key allows only a few characters and is
 * part of a NATS subject), but the SHA-256 of the length-prefixed UTF-8 parts in base64url without
 * padding, 43 characters whatever the input. Also checks bucket names.
 */
public final class KvKeys {
  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private KvKeys() {}

  /** The key for {@code parts}, e.g. a DID and a nonce; unambiguous (each part is length-prefixed). */
  public static String of(String... parts) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
      sha256.update(bytes);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
  }

  /**
   * Checks a bucket name: 1 to 64 of letters, digits, {@code _} and {@code -}.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String bucket(String name) {
    if (!BUCKET.matcher(name).matches()) {
      throw new IllegalArgumentException("bucket: 1 to 64 of A-Z a-z 0-9 _ -, got \"" + name + "\"");
    }
    return name;
  }
}
