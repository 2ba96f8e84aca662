package org.anp.identity.internal.keys;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.keys.KeyType;

/**
 * X.509 SubjectPublicKeyInfo (RFC 5280, RFC 5480, RFC 8410), PKCS#8 / OneAsymmetricKey (RFC
 * 5208, RFC 5958) and SEC1 ECPrivateKey (RFC 5915) for the four key types, in strict DER. Only
 * named curves are accepted; explicit curve parameters are refused as unsupported.
 */
public final class Asn1KeyCodec {
  private static final byte[] EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 2, 1};
  private static final byte[] ED25519 = {0x2b, 0x65, 0x70};
  private static final byte[] X25519 = {0x2b, 0x65, 0x6e};
  private static final int CONTEXT_0 = 0xa0;
  private static final int CONTEXT_1 = 0xa1;
  private static final int CONTEXT_1_PRIMITIVE = 0x81;

  private Asn1KeyCodec() {}

  /** The key type and public key bytes (SEC1 point or 32 bytes) of a SubjectPublicKeyInfo. */
  public record PublicParts(KeyType type, byte[] key) {}

  /** The key type, private bytes (32) and embedded public key, if any, of a private key. */
  public record PrivateParts(KeyType type, byte[] key, Optional<byte[]> publicKey) {}

  /**
   * Parses a DER SubjectPublicKeyInfo.
   *
   * @throws IdentityException {@code INVALID_KEY} for malformed DER, {@code UNSUPPORTED_KEY_TYPE}
   *     for another algorithm or curve
   */
  public static PublicParts parseSpki(byte[] der) {
    Der.Reader top = new Der.Reader(der, IdentityError.INVALID_KEY, "spki");
    Der.Reader spki = top.readConstructed(Der.SEQUENCE);
    top.expectEnd();
    KeyType type = algorithm(spki.readConstructed(Der.SEQUENCE), "spki.algorithm");
    byte[] key = spki.readBitString(Der.BIT_STRING);
    spki.expectEnd();
    return new PublicParts(type, key);
  }

  /** Encodes a SubjectPublicKeyInfo; {@code key} is the canonical raw public key. */
  public static byte[] encodeSpki(KeyType type, byte[] key) {
    return Der.tlv(Der.SEQUENCE, algorithmIdentifier(type), Der.bitString(Der.BIT_STRING, key));
  }

  /**
   * Parses a DER PKCS#8 PrivateKeyInfo (version 0) or OneAsymmetricKey (version 1).
   *
   * @throws IdentityException {@code INVALID_KEY} or {@code UNSUPPORTED_KEY_TYPE}
   */
  public static PrivateParts parsePkcs8(byte[] der) {
    Der.Reader top = new Der.Reader(der, IdentityError.INVALID_KEY, "pkcs8");
    Der.Reader info = top.readConstructed(Der.SEQUENCE);
    top.expectEnd();
    BigInteger version = info.readNonNegativeInteger();
    if (version.compareTo(BigInteger.ONE) > 0) {
      throw info.fail("unsupported version " + version);
    }
    KeyType type = algorithm(info.readConstructed(Der.SEQUENCE), "pkcs8.privateKeyAlgorithm");
    byte[] inner = info.read(Der.OCTET_STRING);
    if (info.hasMore() && info.peekTag() == CONTEXT_0) {
      info.read(CONTEXT_0); // attributes carry nothing this library uses
    }
    Optional<byte[]> outerPublic = Optional.empty();
    if (info.hasMore() && info.peekTag() == CONTEXT_1_PRIMITIVE) {
      if (version.signum() == 0) {
        throw info.fail("publicKey is only allowed in version 1 (RFC 5958)");
      }
      outerPublic = Optional.of(info.readBitString(CONTEXT_1_PRIMITIVE));
    }
    info.expectEnd();
    if (type.isEc()) {
      PrivateParts ec = parseEcPrivateKey(inner, Optional.of(EcCurve.of(type)), "pkcs8.privateKey");
      if (ec.publicKey().isPresent() && outerPublic.isPresent()
          && !Arrays.equals(ec.publicKey().get(), outerPublic.get())) {
        throw new IdentityException(
            IdentityError.INVALID_KEY, "pkcs8.publicKey: differs from the ECPrivateKey's");
      }
      return ec.publicKey().isPresent() ? ec : new PrivateParts(type, ec.key(), outerPublic);
    }
    Der.Reader curvePrivateKey =
        new Der.Reader(inner, IdentityError.INVALID_KEY, "pkcs8.privateKey");
    byte[] key = curvePrivateKey.read(Der.OCTET_STRING);
    curvePrivateKey.expectEnd();
    if (key.length != 32) {
      throw curvePrivateKey.fail("expected 32 bytes, got " + key.length);
    }
    return new PrivateParts(type, key, outerPublic);
  }

  /**
   * Parses a DER SEC1 ECPrivateKey (OpenSSL's "EC PRIVATE KEY"); the curve must be named in it.
   *
   * @throws IdentityException {@code INVALID_KEY} or {@code UNSUPPORTED_KEY_TYPE}
   */
  public static PrivateParts parseSec1(byte[] der) {
    return parseEcPrivateKey(der, Optional.empty(), "sec1");
  }

  /** Encodes PKCS#8 (version 0); for EC keys the ECPrivateKey carries the public point. */
  public static byte[] encodePkcs8(KeyType type, byte[] key, byte[] publicKey) {
    byte[] inner;
    if (type.isEc()) {
      inner =
          Der.tlv(
              Der.SEQUENCE,
              Der.integer(BigInteger.ONE),
              Der.tlv(Der.OCTET_STRING, key),
              Der.tlv(CONTEXT_1, Der.bitString(Der.BIT_STRING, publicKey)));
    } else {
      inner = Der.tlv(Der.OCTET_STRING, key);
    }
    return Der.tlv(
        Der.SEQUENCE,
        Der.integer(BigInteger.ZERO),
        algorithmIdentifier(type),
        Der.tlv(Der.OCTET_STRING, inner));
  }

  private static PrivateParts parseEcPrivateKey(
      byte[] der, Optional<EcCurve> fromAlgorithm, String field) {
    Der.Reader top = new Der.Reader(der, IdentityError.INVALID_KEY, field);
    Der.Reader ec = top.readConstructed(Der.SEQUENCE);
    top.expectEnd();
    if (!ec.readNonNegativeInteger().equals(BigInteger.ONE)) {
      throw ec.fail("ECPrivateKey version must be 1");
    }
    byte[] d = ec.read(Der.OCTET_STRING);
    if (d.length == 0 || d.length > EcCurve.SIZE) {
      throw ec.fail("private key must be 1 to 32 bytes, got " + d.length);
    }
    // RFC 5915 asks for the full 32 bytes, but some encoders drop leading zero bytes.
    byte[] key = new byte[EcCurve.SIZE];
    System.arraycopy(d, 0, key, EcCurve.SIZE - d.length, d.length);
    Optional<EcCurve> curve = fromAlgorithm;
    if (ec.hasMore() && ec.peekTag() == CONTEXT_0) {
      Der.Reader parameters = ec.readConstructed(CONTEXT_0);
      EcCurve named = namedCurve(parameters, field + ".parameters");
      parameters.expectEnd();
      if (curve.isPresent() && curve.get() != named) {
        throw ec.fail("parameters name a different curve than the algorithm");
      }
      curve = Optional.of(named);
    }
    Optional<byte[]> publicKey = Optional.empty();
    if (ec.hasMore() && ec.peekTag() == CONTEXT_1) {
      Der.Reader wrapped = ec.readConstructed(CONTEXT_1);
      publicKey = Optional.of(wrapped.readBitString(Der.BIT_STRING));
      wrapped.expectEnd();
    }
    ec.expectEnd();
    EcCurve resolved = curve.orElseThrow(() -> ec.fail("the curve is not named"));
    return new PrivateParts(resolved.type(), key, publicKey);
  }

  private static KeyType algorithm(Der.Reader algorithm, String field) {
    byte[] oid = algorithm.read(Der.OID);
    KeyType type;
    if (Arrays.equals(oid, EC_PUBLIC_KEY)) {
      type = namedCurve(algorithm, field + ".parameters").type();
    } else if (Arrays.equals(oid, ED25519)) {
      type = KeyType.ED25519;
    } else if (Arrays.equals(oid, X25519)) {
      type = KeyType.X25519;
    } else {
      throw new IdentityException(
          IdentityError.UNSUPPORTED_KEY_TYPE, field + ": unsupported algorithm OID");
    }
    // RFC 8410 section 3: the Ed25519/X25519 parameters must be absent.
    algorithm.expectEnd();
    return type;
  }

  private static EcCurve namedCurve(Der.Reader reader, String field) {
    if (!reader.hasMore() || reader.peekTag() != Der.OID) {
      throw new IdentityException(
          IdentityError.UNSUPPORTED_KEY_TYPE,
          field + ": only named curves are supported, not explicit parameters");
    }
    return EcCurve.fromOid(reader.read(Der.OID))
        .orElseThrow(
            () ->
                new IdentityException(
                    IdentityError.UNSUPPORTED_KEY_TYPE, field + ": unsupported named curve"));
  }

  private static byte[] algorithmIdentifier(KeyType type) {
    switch (type) {
      case SECP256R1:
      case SECP256K1:
        return Der.tlv(
            Der.SEQUENCE,
            Der.tlv(Der.OID, EC_PUBLIC_KEY),
            Der.tlv(Der.OID, EcCurve.of(type).oid()));
      case ED25519:
        return Der.tlv(Der.SEQUENCE, Der.tlv(Der.OID, ED25519));
      case X25519:
        return Der.tlv(Der.SEQUENCE, Der.tlv(Der.OID, X25519));
      default:
        throw new IllegalArgumentException("unknown key type " + type);
    }
  }
}
