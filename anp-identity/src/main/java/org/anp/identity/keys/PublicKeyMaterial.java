package org.anp.identity.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.internal.keys.Asn1KeyCodec;
import org.anp.identity.internal.keys.DecodedPublicKey;
import org.anp.identity.internal.keys.EcCurve;
import org.anp.identity.internal.keys.JwkCodec;
import org.anp.identity.internal.keys.PemCodec;

/**
 * A validated public key of one {@link KeyType}, with its encodings (raw, JWK, SPKI DER/PEM) and
 * signature verification.
 *
 * <p>Immutable and thread-safe. The key is decoded and validated once, on construction (EC:
 * coordinates below p and the point on the curve; Ed25519: a canonical point of prime order;
 * X25519: 32 bytes), and the decoded form is kept, so verifying repeatedly with one instance
 * (for example one cached with a DID document) does not pay for decoding again. Two instances
 * are equal when type and canonical bytes are equal, whatever encoding they were read from.
 *
 * <p><b>Security:</b> {@link #verify} returns normally only for a valid signature; every other
 * outcome is an {@link IdentityException} coded {@code INVALID_SIGNATURE}. Signature lengths are
 * checked exactly (P1363 and Ed25519: 64 bytes) and DER is parsed strictly. Low-S is not
 * required. Parsers raise {@code INVALID_KEY} naming the field for malformed keys and
 * {@code UNSUPPORTED_KEY_TYPE} for other algorithms or curves.
 */
public final class PublicKeyMaterial {
  private static final String PEM_LABEL = "PUBLIC KEY";

  private final KeyType type;
  private final byte[] raw;
  private final DecodedPublicKey decoded;

  private PublicKeyMaterial(KeyType type, DecodedPublicKey decoded) {
    this.type = type;
    this.decoded = decoded;
    this.raw = decoded.encoded();
  }

  /**
   * A public key from its raw bytes: for EC types a SEC1 point, 33-byte compressed
   * ({@code 02|03||X}) or 65-byte uncompressed ({@code 04||X||Y}); for Ed25519 and X25519 the
   * 32-byte RFC 8032 / RFC 7748 encoding.
   *
   * @throws IdentityException {@code INVALID_KEY} for a wrong length or an invalid point
   */
  public static PublicKeyMaterial fromRaw(KeyType type, byte[] raw) {
    return decode(type, raw, "publicKey");
  }

  /**
   * A public key from a JWK ({@code kty} EC or OKP, {@code crv}, {@code x}, EC also {@code y};
   * 32-byte base64url values). Other members are ignored; a {@code d} member is refused.
   *
   * @throws IdentityException {@code INVALID_KEY} naming the member, {@code UNSUPPORTED_KEY_TYPE}
   */
  public static PublicKeyMaterial fromJwk(JsonNode jwk) {
    Objects.requireNonNull(jwk, "jwk");
    JwkCodec.Parts parts = JwkCodec.parse(jwk, false);
    return decode(parts.type(), parts.publicKey().orElseThrow(), "jwk");
  }

  /**
   * A public key from a DER X.509 SubjectPublicKeyInfo (named curves only).
   *
   * @throws IdentityException {@code INVALID_KEY}, {@code UNSUPPORTED_KEY_TYPE}
   */
  public static PublicKeyMaterial fromSpkiDer(byte[] der) {
    Objects.requireNonNull(der, "der");
    Asn1KeyCodec.PublicParts parts = Asn1KeyCodec.parseSpki(der);
    return decode(parts.type(), parts.key(), "spki.subjectPublicKey");
  }

  /**
   * A public key from a PEM {@code PUBLIC KEY} block.
   *
   * @throws IdentityException {@code INVALID_KEY}, {@code UNSUPPORTED_KEY_TYPE}
   */
  public static PublicKeyMaterial fromSpkiPem(String pem) {
    Objects.requireNonNull(pem, "pem");
    return fromSpkiDer(PemCodec.decode(pem, List.of(PEM_LABEL)).der());
  }

  private static PublicKeyMaterial decode(KeyType type, byte[] raw, String field) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(raw, "raw");
    return new PublicKeyMaterial(type, DecodedPublicKey.decode(type, raw, field));
  }

  /** The key type. */
  public KeyType type() {
    return type;
  }

  /** The canonical raw key: 65-byte uncompressed point for EC types, else 32 bytes. A copy. */
  public byte[] raw() {
    return raw.clone();
  }

  /**
   * The 33-byte compressed SEC1 point ({@code 02|03||X}).
   *
   * @throws IdentityException {@code UNSUPPORTED_KEY_TYPE} for Ed25519 and X25519
   */
  public byte[] compressed() {
    if (!type.isEc()) {
      throw new IdentityException(
          IdentityError.UNSUPPORTED_KEY_TYPE, "publicKey: " + type + " has no compressed form");
    }
    return EcCurve.of(type).encodeCompressed(((DecodedPublicKey.Ec) decoded).parameters().getQ());
  }

  /** A new JWK: {@code kty}, {@code crv}, {@code x} and for EC {@code y}, 32 bytes each. */
  public ObjectNode toJwk() {
    return JwkCodec.write(type, raw, Optional.empty());
  }

  /**
   * The RFC 7638 JWK thumbprint: base64url (no padding) of SHA-256 over the required members
   * ({@code crv}, {@code kty}, {@code x}[, {@code y}]) in that order, without white space. ANP
   * uses it as the verification-method fragment and {@code kid} of did:wba keys.
   */
  public String jwkThumbprint() {
    return JwkCodec.thumbprint(type, raw);
  }

  /** DER X.509 SubjectPublicKeyInfo (EC points uncompressed, named curve). */
  public byte[] toSpkiDer() {
    return Asn1KeyCodec.encodeSpki(type, raw);
  }

  /** PEM {@code PUBLIC KEY} block with 64-character lines and {@code \n} line ends. */
  public String toSpkiPem() {
    return PemCodec.encode(PEM_LABEL, toSpkiDer());
  }

  /**
   * Verifies a signature over {@code message}. EC: ECDSA with SHA-256 (the message is hashed
   * here) in the given encoding. Ed25519: pure EdDSA; only {@link SignatureEncoding#P1363_FIXED}
   * (the 64-byte form) applies.
   *
   * @throws IdentityException {@code INVALID_SIGNATURE} unless the signature is valid;
   *     {@code UNSUPPORTED_KEY_TYPE} for X25519
   * @throws IllegalArgumentException for {@code DER} with an Ed25519 key
   */
  public void verify(byte[] message, byte[] signature, SignatureEncoding encoding) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(encoding, "encoding");
    decoded.verify(message, signature, encoding);
  }

  /**
   * Verifies a 64-byte signature: {@code r||s} for EC types, RFC 8032 for Ed25519.
   *
   * @throws IdentityException {@code INVALID_SIGNATURE}; {@code UNSUPPORTED_KEY_TYPE} for X25519
   */
  public void verify(byte[] message, byte[] signature) {
    verify(message, signature, SignatureEncoding.P1363_FIXED);
  }

  /** The decoded key, for the agreement in {@link PrivateKeyMaterial}. */
  DecodedPublicKey decoded() {
    return decoded;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PublicKeyMaterial
        && ((PublicKeyMaterial) other).type == type
        && Arrays.equals(((PublicKeyMaterial) other).raw, raw);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(raw);
  }

  /** Type and JWK thumbprint. */
  @Override
  public String toString() {
    return "PublicKeyMaterial[" + type + ", " + jwkThumbprint() + "]";
  }
}
