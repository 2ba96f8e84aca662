package org.anp.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PrivateKeyMaterialTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.UTF_8);
  private static final BigInteger P256_N =
      new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
  private static final BigInteger K1_N =
      new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

  /**
   * Generated with OpenSSL 3.0: {@code openssl ecparam -name secp256k1 -genkey -noout} (SEC1),
   * then {@code openssl pkcs8 -topk8 -nocrypt}; the public point from {@code openssl ec -pubout}.
   */
  private static final String OPENSSL_K1_SEC1 =
      "-----BEGIN EC PRIVATE KEY-----\n"
          + "MHQCAQEEIDjgjohccSm+R1/Zwup5WoNidj4pAuPE5axwRiTE3CfioAcGBSuBBAAK\n"
          + "oUQDQgAE5et+PtQkomhO+Dw/l7i1DRH4cN4kCeYve4d+bw60MaGgpNLAIjGqgfJR\n"
          + "z9R+da+VnhbWdVkCnqVRsQfzDnI+LA==\n"
          + "-----END EC PRIVATE KEY-----\n";
  private static final String OPENSSL_K1_PKCS8 =
      "-----BEGIN PRIVATE KEY-----\n"
          + "MIGEAgEAMBAGByqGSM49AgEGBSuBBAAKBG0wawIBAQQgOOCOiFxxKb5HX9nC6nla\n"
          + "g2J2PikC48TlrHBGJMTcJ+KhRANCAATl634+1CSiaE74PD+XuLUNEfhw3iQJ5i97\n"
          + "h35vDrQxoaCk0sAiMaqB8lHP1H51r5WeFtZ1WQKepVGxB/MOcj4s\n"
          + "-----END PRIVATE KEY-----\n";
  private static final String OPENSSL_K1_PUBLIC =
      "04e5eb7e3ed424a2684ef83c3f97b8b50d11f870de2409e62f7b877e6f0eb431a1a0a4d2c02231aa81f251cfd4"
          + "7e75af959e16d67559029ea551b107f30e723e2c";
  /** {@code openssl genpkey -algorithm ed25519 / x25519}, public keys from {@code pkey -pubout}. */
  private static final String OPENSSL_ED_PKCS8 =
      "-----BEGIN PRIVATE KEY-----\n"
          + "MC4CAQAwBQYDK2VwBCIEIAJ2dQI+d7vlK6T63goL09lyptE/hMxRnJYxS436dZIL\n"
          + "-----END PRIVATE KEY-----\n";
  private static final String OPENSSL_ED_PUBLIC =
      "4a034c56b2f4ac36bb54117867f0a56b018354ac238d80e1cc429742d2f409f1";
  private static final String OPENSSL_X_PKCS8 =
      "-----BEGIN PRIVATE KEY-----\n"
          + "MC4CAQAwBQYDK2VuBCIEIGjdrEexcNkVPrPA64F5JaieAW73du+PXOrx8BsrqKhV\n"
          + "-----END PRIVATE KEY-----\n";
  private static final String OPENSSL_X_PUBLIC =
      "cac15c8a725dd71f5e93100a52ef6dc20108508dec538dc13b02e34bced04768";

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void exportsRoundTrip(KeyType type) {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(type, RANDOM);
    byte[] raw = key.exportInsecure();
    assertThat(raw).hasSize(32);

    for (PrivateKeyMaterial copy :
        new PrivateKeyMaterial[] {
          PrivateKeyMaterial.fromRaw(type, raw),
          PrivateKeyMaterial.fromJwk(key.toJwkInsecure()),
          PrivateKeyMaterial.fromPkcs8Pem(key.toPkcs8PemInsecure()),
          PrivateKeyMaterial.fromPkcs8Der(key.toPkcs8DerInsecure())
        }) {
      assertThat(copy.type()).isEqualTo(type);
      assertThat(copy.exportInsecure()).isEqualTo(raw);
      assertThat(copy.publicKey()).isEqualTo(key.publicKey());
    }
    ObjectNode jwk = key.toJwkInsecure();
    assertThat(jwk.get("d").asText()).isEqualTo(Base64Codec.encodeUrl(raw));
    ObjectNode publicOnly = jwk.deepCopy();
    publicOnly.remove("d");
    assertThat(publicOnly).isEqualTo(key.publicKey().toJwk());
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"SECP256R1", "SECP256K1", "ED25519"})
  void signaturesVerifyAndAreDeterministic(KeyType type) {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(type, RANDOM);
    byte[] signature = key.sign(MESSAGE);
    assertThat(signature).hasSize(64).isEqualTo(key.sign(MESSAGE));
    assertThatCode(() -> key.publicKey().verify(MESSAGE, signature)).doesNotThrowAnyException();
    byte[] other = "messagf".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> key.publicKey().verify(other, signature))
        .isInstanceOf(IdentityException.class);
    PublicKeyMaterial stranger = PrivateKeyMaterial.generate(type, RANDOM).publicKey();
    assertThatThrownBy(() -> stranger.verify(MESSAGE, signature))
        .isInstanceOf(IdentityException.class);
    if (type.isEc()) {
      byte[] der = key.sign(MESSAGE, SignatureEncoding.DER);
      assertThat(der[0]).isEqualTo((byte) 0x30);
      assertThatCode(() -> key.publicKey().verify(MESSAGE, der, SignatureEncoding.DER))
          .doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> key.sign(MESSAGE, SignatureEncoding.DER))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"SECP256R1", "SECP256K1"})
  void ecdsaSignaturesAreLowS(KeyType type) {
    BigInteger half = (type == KeyType.SECP256R1 ? P256_N : K1_N).shiftRight(1);
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(type, RANDOM);
    for (int i = 0; i < 64; i++) {
      byte[] signature = key.sign(("m" + i).getBytes(StandardCharsets.UTF_8));
      assertThat(new BigInteger(1, Arrays.copyOfRange(signature, 32, 64))).isLessThanOrEqualTo(half);
    }
  }

  /** The JDK (SunEC) as the independent implementation: it verifies ours and we read its keys. */
  @Test
  void p256InteroperatesWithTheJdk() throws Exception {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.SECP256R1, RANDOM);
    PublicKey jdkPublic =
        KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(key.publicKey().toSpkiDer()));
    Signature der = Signature.getInstance("SHA256withECDSA");
    der.initVerify(jdkPublic);
    der.update(MESSAGE);
    assertThat(der.verify(key.sign(MESSAGE, SignatureEncoding.DER))).isTrue();
    Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
    p1363.initVerify(jdkPublic);
    p1363.update(MESSAGE);
    assertThat(p1363.verify(key.sign(MESSAGE))).isTrue();
    // The JDK parses our PKCS#8 and we parse the JDK's.
    assertThat(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(key.toPkcs8DerInsecure())))
        .isNotNull();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    PrivateKeyMaterial fromJdk = PrivateKeyMaterial.fromPkcs8Der(pair.getPrivate().getEncoded());
    assertThat(fromJdk.publicKey()).isEqualTo(PublicKeyMaterial.fromSpkiDer(pair.getPublic().getEncoded()));

    KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
    ecdh.init(pair.getPrivate());
    ecdh.doPhase(jdkPublic, true);
    assertThat(fromJdk.agree(key.publicKey())).isEqualTo(ecdh.generateSecret());
  }

  @Test
  void ed25519AndX25519InteroperateWithTheJdk() throws Exception {
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    PrivateKeyMaterial ours = PrivateKeyMaterial.fromPkcs8Der(ed.getPrivate().getEncoded());
    assertThat(ours.publicKey()).isEqualTo(PublicKeyMaterial.fromSpkiDer(ed.getPublic().getEncoded()));
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initSign(ed.getPrivate());
    jdk.update(MESSAGE);
    assertThat(ours.sign(MESSAGE)).isEqualTo(jdk.sign());

    KeyPair x = KeyPairGenerator.getInstance("X25519").generateKeyPair();
    PrivateKeyMaterial xOurs = PrivateKeyMaterial.fromPkcs8Der(x.getPrivate().getEncoded());
    PrivateKeyMaterial peer = PrivateKeyMaterial.generate(KeyType.X25519, RANDOM);
    KeyAgreement xdh = KeyAgreement.getInstance("XDH");
    xdh.init(x.getPrivate());
    xdh.doPhase(
        KeyFactory.getInstance("XDH").generatePublic(new X509EncodedKeySpec(peer.publicKey().toSpkiDer())),
        true);
    assertThat(xOurs.agree(peer.publicKey())).isEqualTo(xdh.generateSecret());
  }

  @Test
  void readsOpenSslKeysAndWritesTheSamePkcs8() {
    PrivateKeyMaterial sec1 = PrivateKeyMaterial.fromPkcs8Pem(OPENSSL_K1_SEC1);
    PrivateKeyMaterial pkcs8 = PrivateKeyMaterial.fromPkcs8Pem(OPENSSL_K1_PKCS8);
    assertThat(sec1.type()).isEqualTo(KeyType.SECP256K1);
    assertThat(Hex.encode(sec1.publicKey().raw())).isEqualTo(OPENSSL_K1_PUBLIC);
    assertThat(pkcs8.exportInsecure()).isEqualTo(sec1.exportInsecure());
    assertThat(pkcs8.toPkcs8PemInsecure()).isEqualTo(OPENSSL_K1_PKCS8);

    PrivateKeyMaterial ed = PrivateKeyMaterial.fromPkcs8Pem(OPENSSL_ED_PKCS8);
    assertThat(ed.type()).isEqualTo(KeyType.ED25519);
    assertThat(Hex.encode(ed.publicKey().raw())).isEqualTo(OPENSSL_ED_PUBLIC);
    assertThat(ed.toPkcs8PemInsecure()).isEqualTo(OPENSSL_ED_PKCS8);

    PrivateKeyMaterial x = PrivateKeyMaterial.fromPkcs8Pem(OPENSSL_X_PKCS8);
    assertThat(x.type()).isEqualTo(KeyType.X25519);
    assertThat(Hex.encode(x.publicKey().raw())).isEqualTo(OPENSSL_X_PUBLIC);
    assertThat(x.toPkcs8PemInsecure()).isEqualTo(OPENSSL_X_PKCS8);
  }

  @Test
  void agreementIsSymmetric() {
    for (KeyType type : new KeyType[] {KeyType.SECP256R1, KeyType.X25519}) {
      PrivateKeyMaterial a = PrivateKeyMaterial.generate(type, RANDOM);
      PrivateKeyMaterial b = PrivateKeyMaterial.generate(type, RANDOM);
      byte[] shared = a.agree(b.publicKey());
      assertThat(shared).hasSize(32).isEqualTo(b.agree(a.publicKey()));
    }
  }

  @Test
  void agreementRejectsUnsupportedTypesAndMismatchedPeers() {
    PrivateKeyMaterial k1 = PrivateKeyMaterial.generate(KeyType.SECP256K1, RANDOM);
    PrivateKeyMaterial ed = PrivateKeyMaterial.generate(KeyType.ED25519, RANDOM);
    PrivateKeyMaterial p256 = PrivateKeyMaterial.generate(KeyType.SECP256R1, RANDOM);
    PrivateKeyMaterial x = PrivateKeyMaterial.generate(KeyType.X25519, RANDOM);
    assertCode(() -> k1.agree(k1.publicKey()), IdentityError.UNSUPPORTED_KEY_TYPE, "cannot agree");
    assertCode(() -> ed.agree(ed.publicKey()), IdentityError.UNSUPPORTED_KEY_TYPE, "cannot agree");
    assertCode(() -> p256.agree(x.publicKey()), IdentityError.INVALID_KEY, "peer");
    assertCode(() -> x.agree(p256.publicKey()), IdentityError.INVALID_KEY, "peer");
    assertCode(() -> p256.agree(k1.publicKey()), IdentityError.INVALID_KEY, "peer");
    assertCode(() -> x.sign(MESSAGE), IdentityError.UNSUPPORTED_KEY_TYPE, "cannot sign");
    // A low-order X25519 peer (u = 0) gives an all-zero secret.
    assertCode(
        () -> x.agree(PublicKeyMaterial.fromRaw(KeyType.X25519, new byte[32])),
        IdentityError.INVALID_KEY,
        "all-zero");
  }

  @Test
  void ecScalarsMustBeInRange() {
    for (KeyType type : new KeyType[] {KeyType.SECP256R1, KeyType.SECP256K1}) {
      BigInteger n = type == KeyType.SECP256R1 ? P256_N : K1_N;
      assertCode(() -> PrivateKeyMaterial.fromRaw(type, new byte[32]), IdentityError.INVALID_KEY, "[1, n-1]");
      assertCode(() -> PrivateKeyMaterial.fromRaw(type, fixed(n)), IdentityError.INVALID_KEY, "[1, n-1]");
      assertCode(() -> PrivateKeyMaterial.fromRaw(type, fixed(n.add(BigInteger.ONE))), IdentityError.INVALID_KEY, "[1, n-1]");
      byte[] ones = new byte[32];
      Arrays.fill(ones, (byte) 0xff);
      assertCode(() -> PrivateKeyMaterial.fromRaw(type, ones), IdentityError.INVALID_KEY, "[1, n-1]");
      assertThat(PrivateKeyMaterial.fromRaw(type, fixed(n.subtract(BigInteger.ONE))).type()).isEqualTo(type);
      assertThat(PrivateKeyMaterial.fromRaw(type, fixed(BigInteger.ONE)).type()).isEqualTo(type);
    }
  }

  @Test
  void rejectsWrongLengths() {
    for (KeyType type : KeyType.values()) {
      for (int length : new int[] {0, 31, 33, 64}) {
        assertCode(() -> PrivateKeyMaterial.fromRaw(type, new byte[length]), IdentityError.INVALID_KEY, "privateKey");
      }
    }
  }

  @Test
  void rejectsBadPemAndPkcs8() {
    assertCode(() -> PrivateKeyMaterial.fromPkcs8Pem("garbage"), IdentityError.INVALID_KEY, "pem");
    assertCode(
        () -> PrivateKeyMaterial.fromPkcs8Pem(OPENSSL_ED_PKCS8.replace("PRIVATE KEY", "PUBLIC KEY")),
        IdentityError.INVALID_KEY,
        "pem");
    assertCode(
        () -> PrivateKeyMaterial.fromPkcs8Pem(OPENSSL_ED_PKCS8.replace("MC4C", "MC4D")),
        IdentityError.INVALID_KEY,
        "pkcs8");
    assertCode(
        () -> PrivateKeyMaterial.fromPkcs8Pem("-----BEGIN PRIVATE KEY-----\n\n-----END PRIVATE KEY-----"),
        IdentityError.INVALID_KEY,
        "pem");
    // An RSA PKCS#8 header: unsupported algorithm.
    byte[] rsa = Hex.decode("3014020100300d06092a864886f70d0101010500040000");
    rsa[1] = (byte) (rsa.length - 2);
    assertCode(() -> PrivateKeyMaterial.fromPkcs8Der(rsa), IdentityError.UNSUPPORTED_KEY_TYPE, "algorithm");
    // The PKCS#8 of key A with key B's public point: refused.
    PrivateKeyMaterial a = PrivateKeyMaterial.generate(KeyType.SECP256R1, RANDOM);
    PrivateKeyMaterial b = PrivateKeyMaterial.generate(KeyType.SECP256R1, RANDOM);
    byte[] der = a.toPkcs8DerInsecure();
    byte[] bPublic = b.publicKey().raw();
    System.arraycopy(bPublic, 0, der, der.length - bPublic.length, bPublic.length);
    assertCode(() -> PrivateKeyMaterial.fromPkcs8Der(der), IdentityError.INVALID_KEY, "pkcs8.publicKey");
    // A scalar of zero inside valid DER.
    byte[] zero = a.toPkcs8DerInsecure();
    int at = indexOf(zero, a.exportInsecure());
    Arrays.fill(zero, at, at + 32, (byte) 0);
    assertCode(() -> PrivateKeyMaterial.fromPkcs8Der(zero), IdentityError.INVALID_KEY, "[1, n-1]");
  }

  @Test
  void jwkImportChecksTheKeyPair() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.SECP256K1, RANDOM);
    ObjectNode jwk = key.toJwkInsecure();
    assertCode(() -> PrivateKeyMaterial.fromJwk(jwk.deepCopy().without("d")), IdentityError.INVALID_KEY, "jwk.d");
    String otherX = PrivateKeyMaterial.generate(KeyType.SECP256K1, RANDOM).publicKey().toJwk().get("x").asText();
    assertCode(() -> PrivateKeyMaterial.fromJwk(jwk.deepCopy().put("x", otherX)), IdentityError.INVALID_KEY, "jwk.x");
    assertCode(() -> PublicKeyMaterial.fromJwk(jwk), IdentityError.INVALID_KEY, "jwk.d");
    // The public members are optional in a private JWK.
    assertThat(PrivateKeyMaterial.fromJwk(jwk.deepCopy().without(java.util.List.of("x", "y"))).publicKey())
        .isEqualTo(key.publicKey());
  }

  @Test
  void toStringIsRedacted() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.ED25519, RANDOM);
    byte[] raw = key.exportInsecure();
    String text = key.toString();
    assertThat(text)
        .contains("ED25519")
        .contains("redacted")
        .doesNotContain(Hex.encode(raw))
        .doesNotContain(Base64Codec.encodeUrl(raw))
        .doesNotContain(Hex.encode(raw).substring(0, 8));
  }

  @Test
  void everyUseAfterDestroyThrows() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.SECP256R1, RANDOM);
    PublicKeyMaterial peer = PrivateKeyMaterial.generate(KeyType.SECP256R1, RANDOM).publicKey();
    assertThat(key.isDestroyed()).isFalse();
    key.destroy();
    assertThat(key.isDestroyed()).isTrue();
    assertThat(key.type()).isEqualTo(KeyType.SECP256R1);
    assertThat(key.toString()).contains("destroyed");
    for (ThrowingCallable use :
        new ThrowingCallable[] {
          key::publicKey,
          () -> key.sign(MESSAGE),
          () -> key.sign(MESSAGE, SignatureEncoding.DER),
          () -> key.agree(peer),
          key::exportInsecure,
          key::toPkcs8DerInsecure,
          key::toPkcs8PemInsecure,
          key::toJwkInsecure,
          () -> Sha256DigestSigning.sign(key, MESSAGE)
        }) {
      assertThatThrownBy(use).isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
    }
  }

  private static byte[] fixed(BigInteger value) {
    byte[] out = new byte[32];
    byte[] bytes = value.toByteArray();
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, out, 32 - length, length);
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  private static void assertCode(ThrowingCallable call, IdentityError code, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }
}
