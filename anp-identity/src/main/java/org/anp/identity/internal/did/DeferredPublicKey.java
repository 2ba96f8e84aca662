package org.anp.identity.internal.did;

import java.util.Arrays;
import java.util.Objects;
import org.anp.identity.IdentityException;
import org.anp.identity.internal.keys.DecodedPublicKey;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * The public key of a verification method, decoded when it is first asked for (decision 0007).
 * Parsing checks the shape of the key bytes (length, SEC1 prefix); the curve point, which costs
 * arithmetic (a square root for a compressed point, a scalar multiplication for Ed25519's
 * prime-order check), is decoded and validated by the first {@link #get()}, and the key object
 * is then kept, with BouncyCastle's precomputation for it.
 *
 * <p>Thread-safe: concurrent first calls decode once and all return the same object. A key that
 * does not decode is not remembered; every call throws the same coded exception again.
 */
public final class DeferredPublicKey {
  // The field name PublicKeyMaterial.fromRaw reports, so messages read the same as before.
  private static final String FIELD = "publicKey";

  private final KeyType type;
  private final byte[] encoded;
  private final String path;
  private volatile PublicKeyMaterial key;

  private DeferredPublicKey(KeyType type, byte[] encoded, String path, PublicKeyMaterial key) {
    this.type = type;
    this.encoded = encoded;
    this.path = path;
    this.key = key;
  }

  /** A key that is already decoded. */
  public static DeferredPublicKey of(PublicKeyMaterial key) {
    Objects.requireNonNull(key, "key");
    return new DeferredPublicKey(key.type(), key.raw(), FIELD, key);
  }

  /**
   * Key bytes of {@code type}, checked for shape only, to decode on first use; failures then
   * name {@code path}, the JSON path of the key member.
   *
   * @throws IdentityException {@code INVALID_KEY} for a wrong length or SEC1 prefix
   */
  static DeferredPublicKey encoded(KeyType type, byte[] encoded, String path) {
    DecodedPublicKey.checkShape(type, encoded, FIELD);
    return new DeferredPublicKey(type, encoded.clone(), path, null);
  }

  /** The key type, known without decoding. */
  public KeyType type() {
    return type;
  }

  /**
   * The decoded key, the same object on every call once one succeeded.
   *
   * @throws IdentityException {@code INVALID_KEY} naming the JSON path if the bytes are not a
   *     valid key of {@link #type()}
   */
  public PublicKeyMaterial get() {
    PublicKeyMaterial decoded = key;
    if (decoded != null) {
      return decoded;
    }
    synchronized (this) {
      if (key == null) {
        try {
          key = PublicKeyMaterial.fromRaw(type, encoded);
        } catch (IdentityException e) {
          throw JsonFields.at(path, e);
        }
      }
      return key;
    }
  }

  /** Equal when type and key bytes, as written, are equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof DeferredPublicKey
        && ((DeferredPublicKey) other).type == type
        && Arrays.equals(((DeferredPublicKey) other).encoded, encoded);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(encoded);
  }
}
