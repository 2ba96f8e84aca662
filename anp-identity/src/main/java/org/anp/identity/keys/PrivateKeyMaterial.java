package org.anp.identity.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Destroyable;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.internal.keys.Asn1KeyCodec;
import org.anp.identity.internal.keys.BcEcdh;
import org.anp.identity.internal.keys.BcEd25519;
import org.anp.identity.internal.keys.BcX25519;
import org.anp.identity.internal.keys.DecodedPublicKey;
import org.anp.identity.internal.keys.EcCurve;
import org.anp.identity.internal.keys.EcdsaSignatures;
import org.anp.identity.internal.keys.JwkCodec;
import org.anp.identity.internal.keys.PemCodec;
import org.anp.identity.internal.keys.Sha256;

/**
 * A private key of one {@link KeyType} together with its public key: signing, key agreement and
 * the explicitly insecure exports a key store needs.
 *
 * <p>The private bytes are a secret: {@link #toString()} is redacted, getting them out needs a
 * call whose name ends in {@code Insecure}, and {@link #destroy()} overwrites them. Every method
 * except {@link #type()}, {@link #isDestroyed()} and {@link #toString()} throws
 * {@link IllegalStateException} after {@code destroy()}. (Transient copies BouncyCastle makes
 * during one operation, such as the EC scalar as a {@link BigInteger}, cannot be wiped.)
 *
 * <p>Thread-safe for concurrent signing and agreement; destroying a key while another thread
 * still uses it is a caller error.
 *
 * <p><b>Security:</b> ECDSA signatures use RFC 6979 deterministic nonces (no dependence on the
 * quality of a random source) and are emitted in low-S form; Ed25519 is deterministic by
 * definition. X25519 agreement refuses an all-zero shared secret. Parsers raise
 * {@code INVALID_KEY} naming the field, or {@code UNSUPPORTED_KEY_TYPE}; their messages never
 * contain key bytes.
 */
public final class PrivateKeyMaterial implements Destroyable {
  private static final String PKCS8_LABEL = "PRIVATE KEY";
  private static final String SEC1_LABEL = "EC PRIVATE KEY";
  private static final int SIZE = 32;

  private final KeyType type;
  private final byte[] raw;
  private final PublicKeyMaterial publicKey;
  private volatile boolean destroyed;

  /** Takes ownership of {@code raw}. */
  private PrivateKeyMaterial(KeyType type, byte[] raw, String field) {
    this.type = type;
    this.raw = raw;
    if (type.isEc()) {
      EcCurve curve = EcCurve.of(type);
      BigInteger d = curve.scalar(raw, field);
      this.publicKey =
          PublicKeyMaterial.fromRaw(type, curve.encodeUncompressed(curve.publicPoint(d)));
    } else {
      if (raw.length != SIZE) {
        throw new IdentityException(
            IdentityError.INVALID_KEY,
            field + ": " + type + " private key must be 32 bytes, got " + raw.length);
      }
      byte[] pub = type == KeyType.ED25519 ? BcEd25519.publicKey(raw) : BcX25519.publicKey(raw);
      this.publicKey = PublicKeyMaterial.fromRaw(type, pub);
    }
  }

  /**
   * A fresh key pair. EC scalars are uniform in {@code [1, n-1]}; Ed25519 seeds and X25519 keys
   * are 32 random bytes.
   */
  public static PrivateKeyMaterial generate(KeyType type, SecureRandom random) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(random, "random");
    byte[] raw;
    if (type.isEc()) {
      raw = EcCurve.of(type).randomScalar(random);
    } else {
      raw = new byte[SIZE];
      random.nextBytes(raw);
    }
    return new PrivateKeyMaterial(type, raw, "generated");
  }

  /**
   * A private key from 32 raw bytes: the big-endian scalar (EC, must be in {@code [1, n-1]}),
   * the RFC 8032 seed (Ed25519) or the RFC 7748 scalar (X25519). The bytes are copied.
   *
   * @throws IdentityException {@code INVALID_KEY}
   */
  public static PrivateKeyMaterial fromRaw(KeyType type, byte[] raw) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(raw, "raw");
    return new PrivateKeyMaterial(type, raw.clone(), "privateKey");
  }

  /**
   * A private key from a PEM {@code PRIVATE KEY} (PKCS#8, RFC 5208/5958) or {@code EC PRIVATE
   * KEY} (SEC1, RFC 5915) block; the type comes from the algorithm OID and named curve. An
   * embedded public key must match the private key.
   *
   * @throws IdentityException {@code INVALID_KEY}, {@code UNSUPPORTED_KEY_TYPE}
   */
  public static PrivateKeyMaterial fromPkcs8Pem(String pem) {
    Objects.requireNonNull(pem, "pem");
    PemCodec.Block block = PemCodec.decode(pem, List.of(PKCS8_LABEL, SEC1_LABEL));
    try {
      return fromParts(
          block.label().equals(SEC1_LABEL)
              ? Asn1KeyCodec.parseSec1(block.der())
              : Asn1KeyCodec.parsePkcs8(block.der()),
          "pkcs8");
    } finally {
      Arrays.fill(block.der(), (byte) 0);
    }
  }

  /**
   * A private key from DER PKCS#8.
   *
   * @throws IdentityException {@code INVALID_KEY}, {@code UNSUPPORTED_KEY_TYPE}
   */
  public static PrivateKeyMaterial fromPkcs8Der(byte[] der) {
    Objects.requireNonNull(der, "der");
    return fromParts(Asn1KeyCodec.parsePkcs8(der), "pkcs8");
  }

  /**
   * A private key from a JWK with {@code d}. If {@code x} (and {@code y}) are present they must
   * be the public key of {@code d}.
   *
   * @throws IdentityException {@code INVALID_KEY} naming the member, {@code UNSUPPORTED_KEY_TYPE}
   */
  public static PrivateKeyMaterial fromJwk(JsonNode jwk) {
    Objects.requireNonNull(jwk, "jwk");
    JwkCodec.Parts parts = JwkCodec.parse(jwk, true);
    PrivateKeyMaterial key =
        new PrivateKeyMaterial(parts.type(), parts.privateKey().orElseThrow(), "jwk.d");
    if (parts.publicKey().isPresent()
        && !Arrays.equals(parts.publicKey().get(), key.publicKey.raw())) {
      key.destroy();
      throw new IdentityException(IdentityError.INVALID_KEY, "jwk.x: not the public key of jwk.d");
    }
    return key;
  }

  private static PrivateKeyMaterial fromParts(Asn1KeyCodec.PrivateParts parts, String field) {
    PrivateKeyMaterial key =
        new PrivateKeyMaterial(parts.type(), parts.key(), field + ".privateKey");
    if (parts.publicKey().isPresent()) {
      PublicKeyMaterial embedded =
          PublicKeyMaterial.fromRaw(parts.type(), parts.publicKey().get());
      if (!embedded.equals(key.publicKey)) {
        key.destroy();
        throw new IdentityException(
            IdentityError.INVALID_KEY, field + ".publicKey: not the public key of the private key");
      }
    }
    return key;
  }

  /** The key type; available after {@link #destroy()}. */
  public KeyType type() {
    return type;
  }

  /** The matching public key. */
  public PublicKeyMaterial publicKey() {
    checkAlive();
    return publicKey;
  }

  /**
   * Signs {@code message}. EC: ECDSA with SHA-256 (the message is hashed here), RFC 6979 nonce,
   * low-S, in the given encoding. Ed25519: pure EdDSA, 64 bytes; only
   * {@link SignatureEncoding#P1363_FIXED} applies.
   *
   * @throws IdentityException {@code UNSUPPORTED_KEY_TYPE} for X25519
   * @throws IllegalArgumentException for {@code DER} with an Ed25519 key
   */
  public byte[] sign(byte[] message, SignatureEncoding encoding) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(encoding, "encoding");
    checkAlive();
    switch (type) {
      case SECP256R1:
      case SECP256K1:
        return EcdsaSignatures.sign(
            EcCurve.of(type), new BigInteger(1, raw), Sha256.digest(message), encoding);
      case ED25519:
        if (encoding != SignatureEncoding.P1363_FIXED) {
          throw new IllegalArgumentException("Ed25519 signatures have no " + encoding + " form");
        }
        return BcEd25519.sign(raw, publicKey.raw(), message);
      default:
        throw new IdentityException(
            IdentityError.UNSUPPORTED_KEY_TYPE, "privateKey: " + type + " keys cannot sign");
    }
  }

  /**
   * Signs {@code message} in the 64-byte form ({@code r||s} for EC); see
   * {@link #sign(byte[], SignatureEncoding)}.
   */
  public byte[] sign(byte[] message) {
    return sign(message, SignatureEncoding.P1363_FIXED);
  }

  /**
   * Diffie-Hellman with {@code peer}, which must have the same type. P-256: the 32-byte
   * big-endian x coordinate of the shared point (SEC1 ECDH). X25519: the 32-byte RFC 7748
   * output. No key derivation is applied.
   *
   * @throws IdentityException {@code UNSUPPORTED_KEY_TYPE} for secp256k1 and Ed25519;
   *     {@code INVALID_KEY} for a peer of another type or an all-zero X25519 result
   */
  public byte[] agree(PublicKeyMaterial peer) {
    Objects.requireNonNull(peer, "peer");
    checkAlive();
    if (!type.canAgree()) {
      throw new IdentityException(
          IdentityError.UNSUPPORTED_KEY_TYPE, "privateKey: " + type + " keys cannot agree");
    }
    if (peer.type() != type) {
      throw new IdentityException(
          IdentityError.INVALID_KEY, "peer: a " + peer.type() + " key cannot agree with " + type);
    }
    if (type == KeyType.X25519) {
      return BcX25519.agree(raw, peer.raw());
    }
    return BcEcdh.agree(
        EcCurve.of(type),
        new BigInteger(1, raw),
        ((DecodedPublicKey.Ec) peer.decoded()).parameters());
  }

  /** The 32 raw private bytes (see {@link #fromRaw}). For key stores only. */
  public byte[] exportInsecure() {
    checkAlive();
    return raw.clone();
  }

  /** DER PKCS#8 (version 0; EC keys include the public point). For key stores only. */
  public byte[] toPkcs8DerInsecure() {
    checkAlive();
    return Asn1KeyCodec.encodePkcs8(type, raw, publicKey.raw());
  }

  /** PEM {@code PRIVATE KEY} (PKCS#8). For key stores only. */
  public String toPkcs8PemInsecure() {
    byte[] der = toPkcs8DerInsecure();
    try {
      return PemCodec.encode(PKCS8_LABEL, der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /** A new private JWK: the public members plus {@code d}. For key stores only. */
  public ObjectNode toJwkInsecure() {
    checkAlive();
    return JwkCodec.write(type, publicKey.raw(), Optional.of(raw.clone()));
  }

  /** Overwrites the private bytes; later use throws {@link IllegalStateException}. */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(raw, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Type only; never key material. */
  @Override
  public String toString() {
    return "PrivateKeyMaterial[" + type + ", redacted" + (destroyed ? ", destroyed" : "") + "]";
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("private key has been destroyed");
    }
  }
}
