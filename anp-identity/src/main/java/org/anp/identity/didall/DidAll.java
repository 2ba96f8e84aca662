package org.anp.identity.didall;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base58Check;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PublicKeyMaterial;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/**
 * A did:all identifier (deprecated method, kept for legacy peers; spec/identity.md 2.1): {@code
 * did:all:<id>[@<host>[:<port>]]}, where {@code id} is the Bitcoin-style address of the P-256
 * key: {@code base58check(0x00 || RIPEMD-160(SHA-256(04||X||Y)))}. The optional suffix names the
 * hosting node that serves the document.
 *
 * <p>Note that {@code @} is not a W3C DID character, so did:all DIDs with a hosting suffix are
 * handled as text here. Immutable and thread-safe.
 *
 * @param id the address (checked: base58check, version byte 0, 20-byte hash)
 * @param host the lower-case hosting node, if named
 * @param port the hosting node's port, if named (only with a host)
 */
public record DidAll(String id, Optional<String> host, OptionalInt port) {
  private static final String PREFIX = "did:all:";

  /** Validates the parts. */
  public DidAll {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(port, "port");
    byte[] payload;
    try {
      payload = Base58Check.decode(id);
    } catch (IdentityException e) {
      throw new IdentityException(IdentityError.INVALID_DID, "did:all id: not base58check", e);
    }
    if (payload.length != 21 || payload[0] != 0) {
      throw new IdentityException(
          IdentityError.INVALID_DID, "did:all id: expected version 0x00 and a 20-byte hash");
    }
    if (port.isPresent() && host.isEmpty()) {
      throw new IllegalArgumentException("a port needs a host");
    }
    if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
      throw new IdentityException(IdentityError.INVALID_DID, "did:all port: out of range");
    }
    if (host.isPresent()) {
      String h = host.get();
      if (h.isEmpty()
          || !h.equals(h.toLowerCase(Locale.ROOT))
          || !h.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
        throw new IdentityException(IdentityError.INVALID_DID, "did:all host: invalid: " + h);
      }
    }
  }

  /** The DID of a P-256 key, without a hosting node. */
  public static DidAll fromPublicKey(PublicKeyMaterial key) {
    return new DidAll(deriveId(key), Optional.empty(), OptionalInt.empty());
  }

  /**
   * The did:all address of a P-256 key: {@code base58check(0x00 || RIPEMD-160(SHA-256(pub65)))}.
   *
   * @throws IdentityException {@code UNSUPPORTED_KEY_TYPE} for a key that is not P-256
   */
  public static String deriveId(PublicKeyMaterial key) {
    Objects.requireNonNull(key, "key");
    if (key.type() != KeyType.SECP256R1) {
      throw new IdentityException(
          IdentityError.UNSUPPORTED_KEY_TYPE, "did:all keys must be secp256r1, not " + key.type());
    }
    return deriveIdFromPoint(key.raw());
  }

  /** The address of a 65-byte uncompressed point, as bytes (no curve check). */
  static String deriveIdFromPoint(byte[] uncompressedPoint) {
    byte[] sha;
    try {
      sha = MessageDigest.getInstance("SHA-256").digest(uncompressedPoint);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
    RIPEMD160Digest ripemd = new RIPEMD160Digest();
    ripemd.update(sha, 0, sha.length);
    byte[] payload = new byte[21];
    ripemd.doFinal(payload, 1);
    return Base58Check.encode(payload);
  }

  /**
   * Parses {@code did:all:<id>[@<host>[:<port>]]}; the host is lower-cased.
   *
   * @throws IdentityException {@code INVALID_DID} naming the bad part
   */
  public static DidAll parse(String did) {
    Objects.requireNonNull(did, "did");
    if (!did.startsWith(PREFIX)) {
      throw new IdentityException(IdentityError.INVALID_DID, "method: not a did:all DID");
    }
    String rest = did.substring(PREFIX.length());
    int at = rest.indexOf('@');
    if (at < 0) {
      return new DidAll(rest, Optional.empty(), OptionalInt.empty());
    }
    String id = rest.substring(0, at);
    String node = rest.substring(at + 1);
    OptionalInt port = OptionalInt.empty();
    int colon = node.indexOf(':');
    if (colon >= 0) {
      String digits = node.substring(colon + 1);
      if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IdentityException(IdentityError.INVALID_DID, "did:all port: not a number: " + digits);
      }
      port = OptionalInt.of(Integer.parseInt(digits));
      node = node.substring(0, colon);
    }
    return new DidAll(id, Optional.of(node.toLowerCase(Locale.ROOT)), port);
  }

  /** This DID with a hosting node suffix. */
  public DidAll withHost(String host, OptionalInt port) {
    return new DidAll(id, Optional.of(host.toLowerCase(Locale.ROOT)), port);
  }

  /** Whether {@code key} is the key this DID's address was derived from. */
  public boolean matches(PublicKeyMaterial key) {
    return key.type() == KeyType.SECP256R1 && deriveId(key).equals(id);
  }

  /** The DID text. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(PREFIX).append(id);
    host.ifPresent(h -> s.append('@').append(h));
    port.ifPresent(p -> s.append(':').append(p));
    return s.toString();
  }
}
