package org.anp.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PublicKeyMaterialTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final BigInteger P256_P =
      new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);

  /** Generated with OpenSSL 3.0: {@code openssl ec -in key.pem -pubout} (secp256k1). */
  private static final String OPENSSL_K1_SPKI =
      "-----BEGIN PUBLIC KEY-----\n"
          + "MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAE5et+PtQkomhO+Dw/l7i1DRH4cN4kCeYv\n"
          + "e4d+bw60MaGgpNLAIjGqgfJRz9R+da+VnhbWdVkCnqVRsQfzDnI+LA==\n"
          + "-----END PUBLIC KEY-----\n";
  private static final String OPENSSL_K1_RAW =
      "04e5eb7e3ed424a2684ef83c3f97b8b50d11f870de2409e62f7b877e6f0eb431a1a0a4d2c02231aa81f251cfd4"
          + "7e75af959e16d67559029ea551b107f30e723e2c";
  /** OpenSSL 3.0 P-256 public key, PEM and compressed point. */
  private static final String OPENSSL_P256_SPKI =
      "-----BEGIN PUBLIC KEY-----\n"
          + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE5zV2kcPCaUogMtXBbhYra9iB8pLo\n"
          + "u9jIQIz22JsFNDsCYdYJ4LUbhv/RudjxZmkfgF0rAf3OBtluaDoTPCs7Eg==\n"
          + "-----END PUBLIC KEY-----\n";
  private static final String OPENSSL_P256_COMPRESSED =
      "02e7357691c3c2694a2032d5c16e162b6bd881f292e8bbd8c8408cf6d89b05343b";
  /** OpenSSL 3.0 Ed25519 and X25519 public keys with their raw bytes. */
  private static final String OPENSSL_ED_SPKI =
      "-----BEGIN PUBLIC KEY-----\n"
          + "MCowBQYDK2VwAyEASgNMVrL0rDa7VBF4Z/ClawGDVKwjjYDhzEKXQtL0CfE=\n"
          + "-----END PUBLIC KEY-----\n";
  private static final String OPENSSL_ED_RAW =
      "4a034c56b2f4ac36bb54117867f0a56b018354ac238d80e1cc429742d2f409f1";
  private static final String OPENSSL_X_SPKI =
      "-----BEGIN PUBLIC KEY-----\n"
          + "MCowBQYDK2VuAyEAysFcinJd1x9ekxAKUu9twgEIUI3sU43BOwLjS87QR2g=\n"
          + "-----END PUBLIC KEY-----\n";
  private static final String OPENSSL_X_RAW =
      "cac15c8a725dd71f5e93100a52ef6dc20108508dec538dc13b02e34bced04768";

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void encodingsRoundTrip(KeyType type) {
    PublicKeyMaterial key = PrivateKeyMaterial.generate(type, RANDOM).publicKey();

    assertThat(key.type()).isEqualTo(type);
    assertThat(key.raw()).hasSize(type.isEc() ? 65 : 32);
    assertThat(PublicKeyMaterial.fromRaw(type, key.raw())).isEqualTo(key).hasSameHashCodeAs(key);
    assertThat(PublicKeyMaterial.fromJwk(key.toJwk())).isEqualTo(key);
    assertThat(PublicKeyMaterial.fromSpkiDer(key.toSpkiDer())).isEqualTo(key);
    assertThat(PublicKeyMaterial.fromSpkiPem(key.toSpkiPem())).isEqualTo(key);
    if (type.isEc()) {
      assertThat(key.compressed()).hasSize(33);
      assertThat(PublicKeyMaterial.fromRaw(type, key.compressed())).isEqualTo(key);
    } else {
      assertThatThrownBy(key::compressed)
          .isInstanceOfSatisfying(
              IdentityException.class,
              e -> assertThat(e.code()).isEqualTo(IdentityError.UNSUPPORTED_KEY_TYPE));
    }
  }

  @Test
  void rawIsACopy() {
    PublicKeyMaterial key = PrivateKeyMaterial.generate(KeyType.ED25519, RANDOM).publicKey();
    byte[] raw = key.raw();
    raw[0] ^= 1;
    assertThat(key.raw()).isNotEqualTo(raw);
  }

  @Test
  void jwkHasFixedLengthMembersInOrder() {
    PublicKeyMaterial ec = PublicKeyMaterial.fromRaw(KeyType.SECP256K1, Hex.decode(OPENSSL_K1_RAW));
    ObjectNode jwk = ec.toJwk();
    assertThat(jwk.fieldNames()).toIterable().containsExactly("kty", "crv", "x", "y");
    assertThat(jwk.get("kty").asText()).isEqualTo("EC");
    assertThat(jwk.get("crv").asText()).isEqualTo("secp256k1");
    assertThat(jwk.get("x").asText()).hasSize(43);
    assertThat(Base64.getUrlDecoder().decode(jwk.get("y").asText()))
        .isEqualTo(Arrays.copyOfRange(Hex.decode(OPENSSL_K1_RAW), 33, 65));
    ObjectNode okp = PublicKeyMaterial.fromRaw(KeyType.X25519, Hex.decode(OPENSSL_X_RAW)).toJwk();
    assertThat(okp.fieldNames()).toIterable().containsExactly("kty", "crv", "x");
    assertThat(okp.get("kty").asText()).isEqualTo("OKP");
  }

  /** The spec's did:wba example (03-did-wba-method.md) uses the RFC 7638 thumbprint as kid. */
  @Test
  void thumbprintOfTheSpecExampleKeyIsItsKid() throws Exception {
    JsonNode jwk =
        JSON.readTree(
            "{\"crv\":\"secp256k1\",\"x\":\"NtngWpJUr-rlNNbs0u-Aa8e16OwSJu6UiFf0Rdo1oJ4\","
                + "\"y\":\"qN1jKupJlFsPFc1UkWinqljv4YE0mq_Ickwnjgasvmo\",\"kty\":\"EC\","
                + "\"kid\":\"WjKgJV7VRw3hmgU6--4v15c0Aewbcvat1BsRFTIqa5Q\"}");
    assertThat(PublicKeyMaterial.fromJwk(jwk).jwkThumbprint())
        .isEqualTo("WjKgJV7VRw3hmgU6--4v15c0Aewbcvat1BsRFTIqa5Q");
  }

  /**
   * Expected values computed independently with Python: {@code base64.urlsafe_b64encode(
   * hashlib.sha256(json.dumps(required, sort_keys=True, separators=(',',':')).encode())
   * .digest()).rstrip(b'=')}.
   */
  @Test
  void thumbprintsMatchAnIndependentComputation() {
    assertThat(PublicKeyMaterial.fromSpkiPem(OPENSSL_P256_SPKI).jwkThumbprint())
        .isEqualTo(P256_THUMBPRINT);
    assertThat(PublicKeyMaterial.fromRaw(KeyType.ED25519, Hex.decode(OPENSSL_ED_RAW)).jwkThumbprint())
        .isEqualTo(ED_THUMBPRINT);
    assertThat(PublicKeyMaterial.fromRaw(KeyType.X25519, Hex.decode(OPENSSL_X_RAW)).jwkThumbprint())
        .isEqualTo(X_THUMBPRINT);
  }

  private static final String P256_THUMBPRINT = "_X9-IyysefuhZiE_DVh-tNxTiFDNzCC-XnIaqGZ9T4E";
  private static final String ED_THUMBPRINT = "2Hd4fPV_kbS0vpzcd1EzRQSAVSAGGB9JyJiVX5KSSWM";
  private static final String X_THUMBPRINT = "0Ze08KGfWz_UaJyaiawsd0D5_X2NouOquT-wAWy_7Fk";

  @Test
  void readsOpenSslSpkiAndWritesTheSameBytes() {
    PublicKeyMaterial k1 = PublicKeyMaterial.fromSpkiPem(OPENSSL_K1_SPKI);
    assertThat(k1.type()).isEqualTo(KeyType.SECP256K1);
    assertThat(Hex.encode(k1.raw())).isEqualTo(OPENSSL_K1_RAW);
    assertThat(k1.toSpkiPem()).isEqualTo(OPENSSL_K1_SPKI);

    PublicKeyMaterial p256 = PublicKeyMaterial.fromSpkiPem(OPENSSL_P256_SPKI);
    assertThat(p256.type()).isEqualTo(KeyType.SECP256R1);
    assertThat(Hex.encode(p256.compressed())).isEqualTo(OPENSSL_P256_COMPRESSED);
    assertThat(p256.toSpkiPem()).isEqualTo(OPENSSL_P256_SPKI);

    PublicKeyMaterial ed = PublicKeyMaterial.fromSpkiPem(OPENSSL_ED_SPKI);
    assertThat(ed.type()).isEqualTo(KeyType.ED25519);
    assertThat(Hex.encode(ed.raw())).isEqualTo(OPENSSL_ED_RAW);
    assertThat(ed.toSpkiPem()).isEqualTo(OPENSSL_ED_SPKI);

    PublicKeyMaterial x = PublicKeyMaterial.fromSpkiPem(OPENSSL_X_SPKI);
    assertThat(x.type()).isEqualTo(KeyType.X25519);
    assertThat(Hex.encode(x.raw())).isEqualTo(OPENSSL_X_RAW);
    assertThat(x.toSpkiPem()).isEqualTo(OPENSSL_X_SPKI);
  }

  /** The JDK (SunEC) as an independent implementation: SPKI both ways and signatures both ways. */
  @Test
  void interoperatesWithTheJdkForP256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    PublicKeyMaterial ours = PublicKeyMaterial.fromSpkiDer(pair.getPublic().getEncoded());
    ECPublicKey jdk = (ECPublicKey) pair.getPublic();
    assertThat(new BigInteger(1, Arrays.copyOfRange(ours.raw(), 1, 33))).isEqualTo(jdk.getW().getAffineX());
    assertThat(new BigInteger(1, Arrays.copyOfRange(ours.raw(), 33, 65))).isEqualTo(jdk.getW().getAffineY());
    assertThat(ours.toSpkiDer()).isEqualTo(pair.getPublic().getEncoded());
    assertThat(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(ours.toSpkiDer())))
        .isEqualTo(pair.getPublic());

    byte[] message = "interop".getBytes(StandardCharsets.UTF_8);
    Signature der = Signature.getInstance("SHA256withECDSA");
    der.initSign(pair.getPrivate());
    der.update(message);
    byte[] derSignature = der.sign();
    assertThatCode(() -> ours.verify(message, derSignature, SignatureEncoding.DER)).doesNotThrowAnyException();
    Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
    p1363.initSign(pair.getPrivate());
    p1363.update(message);
    byte[] p1363Signature = p1363.sign();
    assertThatCode(() -> ours.verify(message, p1363Signature)).doesNotThrowAnyException();
    assertThatThrownBy(() -> ours.verify(message, derSignature))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void interoperatesWithTheJdkForEd25519AndX25519() throws Exception {
    for (String algorithm : new String[] {"Ed25519", "X25519"}) {
      KeyPair pair = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
      PublicKeyMaterial ours = PublicKeyMaterial.fromSpkiDer(pair.getPublic().getEncoded());
      assertThat(ours.type().jwkCurve()).isEqualTo(algorithm);
      assertThat(ours.toSpkiDer()).isEqualTo(pair.getPublic().getEncoded());
    }
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initSign(pair.getPrivate());
    byte[] message = "interop".getBytes(StandardCharsets.UTF_8);
    jdk.update(message);
    byte[] signature = jdk.sign();
    PublicKeyMaterial ours = PublicKeyMaterial.fromSpkiDer(pair.getPublic().getEncoded());
    assertThatCode(() -> ours.verify(message, signature)).doesNotThrowAnyException();
  }

  @Test
  void equalityIsByTypeAndCanonicalBytes() {
    PublicKeyMaterial p256 = PublicKeyMaterial.fromSpkiPem(OPENSSL_P256_SPKI);
    assertThat(PublicKeyMaterial.fromRaw(KeyType.SECP256R1, Hex.decode(OPENSSL_P256_COMPRESSED)))
        .isEqualTo(p256);
    byte[] thirtyTwo = Hex.decode(OPENSSL_X_RAW);
    assertThat(PublicKeyMaterial.fromRaw(KeyType.X25519, thirtyTwo))
        .isNotEqualTo(PublicKeyMaterial.fromRaw(KeyType.ED25519, Hex.decode(OPENSSL_ED_RAW)))
        .isNotEqualTo(p256);
    assertThat(p256.toString()).contains("SECP256R1").contains(p256.jwkThumbprint());
  }

  @Test
  void rejectsWrongRawLengths() {
    byte[] point = Hex.decode(OPENSSL_K1_RAW);
    for (int length : new int[] {0, 1, 32, 64, 66}) {
      assertInvalidKey(() -> PublicKeyMaterial.fromRaw(KeyType.SECP256K1, Arrays.copyOf(point, length)), "publicKey");
    }
    for (int length : new int[] {0, 31, 33, 65}) {
      assertInvalidKey(() -> PublicKeyMaterial.fromRaw(KeyType.ED25519, new byte[length]), "32 bytes");
      assertInvalidKey(() -> PublicKeyMaterial.fromRaw(KeyType.X25519, new byte[length]), "32 bytes");
    }
  }

  @Test
  void rejectsBadPoints() {
    byte[] point = Hex.decode(OPENSSL_K1_RAW);
    byte[] offCurve = point.clone();
    offCurve[64] ^= 1;
    assertInvalidKey(() -> PublicKeyMaterial.fromRaw(KeyType.SECP256K1, offCurve), "not on secp256k1");
    // The same coordinates are not a P-256 point.
    assertInvalidKey(() -> PublicKeyMaterial.fromRaw(KeyType.SECP256R1, point), "not on P-256");
    byte[] hybrid = point.clone();
    hybrid[0] = 6;
    assertInvalidKey(() -> PublicKeyMaterial.fromRaw(KeyType.SECP256K1, hybrid), "prefix 0x06");
    byte[] xIsP = new byte[65];
    xIsP[0] = 4;
    byte[] p = P256_P.toByteArray();
    System.arraycopy(p, p.length - 32, xIsP, 1, 32);
    assertInvalidKey(() -> PublicKeyMaterial.fromRaw(KeyType.SECP256R1, xIsP), "publicKey.x");
    byte[] yIsP = new byte[65];
    yIsP[0] = 4;
    System.arraycopy(p, p.length - 32, yIsP, 33, 32);
    assertInvalidKey(() -> PublicKeyMaterial.fromRaw(KeyType.SECP256R1, yIsP), "publicKey.y");
    byte[] infinity = new byte[65];
    infinity[0] = 4;
    assertInvalidKey(() -> PublicKeyMaterial.fromRaw(KeyType.SECP256R1, infinity), "not on P-256");
    // About half of all x have no point; some x below 100 must be refused when compressed.
    byte[] compressed = new byte[33];
    compressed[0] = 2;
    boolean found = false;
    for (int x = 1; x < 100 && !found; x++) {
      compressed[32] = (byte) x;
      try {
        PublicKeyMaterial.fromRaw(KeyType.SECP256R1, compressed);
      } catch (IdentityException e) {
        assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY);
        assertThat(e.getMessage()).contains("no point with this x");
        found = true;
      }
    }
    assertThat(found).as("some small x is not on P-256").isTrue();
  }

  @Test
  void rejectsBadEd25519Points() {
    // y = 2^255 - 1 is not canonical (>= p).
    byte[] nonCanonical = new byte[32];
    Arrays.fill(nonCanonical, (byte) 0xff);
    nonCanonical[31] = 0x7f;
    assertInvalidKey(() -> PublicKeyMaterial.fromRaw(KeyType.ED25519, nonCanonical), "Ed25519");
    // The neutral element (y = 1) has small order: no honest key.
    byte[] identity = new byte[32];
    identity[0] = 1;
    assertInvalidKey(() -> PublicKeyMaterial.fromRaw(KeyType.ED25519, identity), "Ed25519");
  }

  @Test
  void rejectsBadJwks() throws Exception {
    ObjectNode good = PublicKeyMaterial.fromSpkiPem(OPENSSL_P256_SPKI).toJwk();
    assertInvalidKey(() -> PublicKeyMaterial.fromJwk(JSON.readTree("[]")), "jwk");
    assertInvalidKey(() -> PublicKeyMaterial.fromJwk(good.deepCopy().without("kty")), "jwk.kty");
    assertInvalidKey(() -> PublicKeyMaterial.fromJwk(good.deepCopy().without("crv")), "jwk.crv");
    assertInvalidKey(() -> PublicKeyMaterial.fromJwk(good.deepCopy().without("x")), "jwk.x");
    assertInvalidKey(() -> PublicKeyMaterial.fromJwk(good.deepCopy().without("y")), "jwk.y");
    assertInvalidKey(() -> PublicKeyMaterial.fromJwk(good.deepCopy().put("kty", "OKP")), "jwk.kty");
    assertInvalidKey(() -> PublicKeyMaterial.fromJwk(good.deepCopy().put("x", 5)), "jwk.x");
    assertInvalidKey(() -> PublicKeyMaterial.fromJwk(good.deepCopy().put("x", "AAAA")), "jwk.x");
    assertInvalidKey(() -> PublicKeyMaterial.fromJwk(good.deepCopy().put("x", "a+b/" + good.get("x").asText().substring(4))), "jwk.x");
    assertInvalidKey(() -> PublicKeyMaterial.fromJwk(good.deepCopy().put("d", good.get("x").asText())), "jwk.d");
    assertUnsupported(() -> PublicKeyMaterial.fromJwk(good.deepCopy().put("crv", "P-384")), "jwk.crv");
    assertUnsupported(() -> PublicKeyMaterial.fromJwk(good.deepCopy().put("kty", "RSA")), "jwk.kty");
    ObjectNode okp = PublicKeyMaterial.fromRaw(KeyType.X25519, Hex.decode(OPENSSL_X_RAW)).toJwk();
    assertInvalidKey(() -> PublicKeyMaterial.fromJwk(okp.deepCopy().put("y", okp.get("x").asText())), "jwk.y");
    // A point moved off the curve is caught after the members parse.
    byte[] y = Base64.getUrlDecoder().decode(good.get("y").asText());
    y[31] ^= 1;
    assertInvalidKey(
        () -> PublicKeyMaterial.fromJwk(good.deepCopy().put("y", Base64.getUrlEncoder().withoutPadding().encodeToString(y))),
        "not on P-256");
  }

  @Test
  void rejectsBadPemAndDer() {
    byte[] der = PublicKeyMaterial.fromSpkiPem(OPENSSL_P256_SPKI).toSpkiDer();
    assertInvalidKey(() -> PublicKeyMaterial.fromSpkiPem("hello"), "pem");
    assertInvalidKey(() -> PublicKeyMaterial.fromSpkiPem(OPENSSL_P256_SPKI.replace("PUBLIC KEY", "PRIVATE KEY")), "pem");
    assertInvalidKey(() -> PublicKeyMaterial.fromSpkiPem(OPENSSL_P256_SPKI.replace("MFkw", "M!kw")), "pem");
    assertInvalidKey(() -> PublicKeyMaterial.fromSpkiPem(OPENSSL_P256_SPKI.replace("-----END PUBLIC KEY-----", "")), "pem");
    assertInvalidKey(() -> PublicKeyMaterial.fromSpkiPem(OPENSSL_P256_SPKI + "trailing"), "pem");
    assertInvalidKey(() -> PublicKeyMaterial.fromSpkiDer(Arrays.copyOf(der, der.length - 1)), "spki");
    assertInvalidKey(() -> PublicKeyMaterial.fromSpkiDer(Arrays.copyOf(der, der.length + 1)), "spki");
    assertInvalidKey(() -> PublicKeyMaterial.fromSpkiDer(new byte[0]), "spki");
    // BER: the outer length written in long form (0x81 0x59) instead of the short form.
    byte[] ber = new byte[der.length + 1];
    ber[0] = 0x30;
    ber[1] = (byte) 0x81;
    System.arraycopy(der, 1, ber, 2, der.length - 1);
    assertInvalidKey(() -> PublicKeyMaterial.fromSpkiDer(ber), "minimally");
    // RSA SubjectPublicKeyInfo (algorithm 1.2.840.113549.1.1.1) is not supported.
    byte[] rsa =
        Hex.decode("301a300d06092a864886f70d010101050003090030060201030201ff");
    assertUnsupported(() -> PublicKeyMaterial.fromSpkiDer(rsa), "spki.algorithm");
    // P-384 named curve.
    byte[] p384 = Hex.decode("3012301006072a8648ce3d020106052b81040022");
    assertUnsupported(() -> PublicKeyMaterial.fromSpkiDer(p384), "named curve");
  }

  @Test
  void verifyRejectsWrongSignatureShapes() {
    PrivateKeyMaterial k1 = PrivateKeyMaterial.generate(KeyType.SECP256K1, RANDOM);
    byte[] message = "m".getBytes(StandardCharsets.UTF_8);
    byte[] signature = k1.sign(message);
    PublicKeyMaterial key = k1.publicKey();
    assertInvalidSignature(() -> key.verify(message, Arrays.copyOf(signature, 63)));
    assertInvalidSignature(() -> key.verify(message, Arrays.copyOf(signature, 65)));
    assertInvalidSignature(() -> key.verify(message, signature, SignatureEncoding.DER));
    byte[] der = k1.sign(message, SignatureEncoding.DER);
    assertThatCode(() -> key.verify(message, der, SignatureEncoding.DER)).doesNotThrowAnyException();
    assertInvalidSignature(() -> key.verify(message, Arrays.copyOf(der, der.length + 1), SignatureEncoding.DER));
    PublicKeyMaterial x = PublicKeyMaterial.fromRaw(KeyType.X25519, Hex.decode(OPENSSL_X_RAW));
    assertThatThrownBy(() -> x.verify(message, signature))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.UNSUPPORTED_KEY_TYPE));
    PublicKeyMaterial ed = PublicKeyMaterial.fromRaw(KeyType.ED25519, Hex.decode(OPENSSL_ED_RAW));
    assertThatThrownBy(() -> ed.verify(message, signature, SignatureEncoding.DER))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertInvalidKey(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }

  private static void assertUnsupported(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IdentityError.UNSUPPORTED_KEY_TYPE);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }

  private static void assertInvalidSignature(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_SIGNATURE));
  }
}
