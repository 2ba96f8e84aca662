package org.anp.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
import org.junit.jupiter.api.Test;

/** The did:wba digest-signing rule, checked against the [VECTOR]s of spec identity.md 1.4. */
class Sha256DigestSigningTest {
  private static final byte[] CANONICAL =
      ("{\"did\":\"did:wba:example.com:user:alice\",\"nonce\":\"abc123\","
              + "\"service\":\"example.com\",\"timestamp\":\"2024-12-05T12:34:56Z\"}")
          .getBytes(StandardCharsets.UTF_8);
  private static final String DIGEST =
      "0d08a33102b18d41b2481fd1d865b3f9251317371ff7aab933970ff89d7efc63";
  private static final String K1_D =
      "2f50fff1e6dbb54810313a36e7b1ce0f016bffd78b00b0a9f7ecb3325e1e6fb8";
  private static final String K1_X = "0H3UrKO-hukxjD4Ehsp5iIQkhlumdgSLWu5qO13eRmo";
  private static final String K1_Y = "3OwztI3qRskf1IVa__qAuqc98mTdILTfk_wILBUSZ9I";
  private static final String K1_SIGNATURE =
      "SPadMBKXHePhfKnRbEmUqxupwEzdWI2j97XaXr3GVN7gwytrWJhw3JMuXJ6Q_gTlgbOYVjjGPq-JZ7hOMpD6XA";
  private static final String ED_SEED =
      "ff17e189fb6e9836bdf5de456e236054eda4cc011aacaafee0f83502671f7aa4";
  private static final String ED_PUBLIC =
      "aae5131a4cfb2dcdeea5b7cbd3c3920b1c5baa319621870728b52e0c18a76b38";
  private static final String ED_SIGNATURE =
      "3OyEhkZ6chwRdin2XB2bWOzWTb1JwQ3bOpKeBtoZ4Q-v0aW-kFfUcSW94BJ9M2-LoffgWl0ckb0hsFCEbAuTCQ";

  private static final PrivateKeyMaterial K1 =
      PrivateKeyMaterial.fromRaw(KeyType.SECP256K1, Hex.decode(K1_D));
  private static final PrivateKeyMaterial ED =
      PrivateKeyMaterial.fromRaw(KeyType.ED25519, Hex.decode(ED_SEED));

  @Test
  void specDigestIsSha256OfCanonicalJson() throws Exception {
    assertThat(Hex.encode(MessageDigest.getInstance("SHA-256").digest(CANONICAL))).isEqualTo(DIGEST);
  }

  @Test
  void specSecp256k1KeyMatchesJwk() {
    assertThat(K1.publicKey().toJwk().get("x").asText()).isEqualTo(K1_X);
    assertThat(K1.publicKey().toJwk().get("y").asText()).isEqualTo(K1_Y);
  }

  @Test
  void specSecp256k1SignatureVerifiesAsDigestSigning() {
    byte[] signature = Base64Codec.decodeUrl(K1_SIGNATURE);
    assertThatCode(() -> Sha256DigestSigning.verify(K1.publicKey(), CANONICAL, signature))
        .doesNotThrowAnyException();
    // The same thing spelled out: ECDSA-with-SHA-256 over the 32 digest bytes.
    assertThatCode(() -> K1.publicKey().verify(Hex.decode(DIGEST), signature))
        .doesNotThrowAnyException();
  }

  @Test
  void specSecp256k1SignatureIsNotASingleHashSignature() {
    byte[] signature = Base64Codec.decodeUrl(K1_SIGNATURE);
    assertThatThrownBy(() -> K1.publicKey().verify(CANONICAL, signature))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_SIGNATURE));
  }

  /**
   * RFC 6979 plus low-S: the vector's signature has a high S, so ours must be the same signature
   * with the same r and {@code s' = n - s}.
   */
  @Test
  void secp256k1SignatureIsTheLowSFormOfTheSpecVector() {
    BigInteger n = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    byte[] vector = Base64Codec.decodeUrl(K1_SIGNATURE);
    BigInteger vectorS = new BigInteger(1, Arrays.copyOfRange(vector, 32, 64));
    assertThat(vectorS).isGreaterThan(n.shiftRight(1));

    byte[] ours = Sha256DigestSigning.sign(K1, CANONICAL);

    assertThat(ours).hasSize(64).isEqualTo(Sha256DigestSigning.sign(K1, CANONICAL));
    assertThat(Arrays.copyOfRange(ours, 0, 32)).isEqualTo(Arrays.copyOfRange(vector, 0, 32));
    assertThat(new BigInteger(1, Arrays.copyOfRange(ours, 32, 64))).isEqualTo(n.subtract(vectorS));
    assertThatCode(() -> Sha256DigestSigning.verify(K1.publicKey(), CANONICAL, ours))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> K1.publicKey().verify(CANONICAL, ours))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void specEd25519SeedGivesPublicKey() {
    assertThat(Hex.encode(ED.publicKey().raw())).isEqualTo(ED_PUBLIC);
  }

  @Test
  void specEd25519SignatureIsReproducedAndVerifies() {
    byte[] signature = Sha256DigestSigning.sign(ED, CANONICAL);
    assertThat(Base64Codec.encodeUrl(signature)).isEqualTo(ED_SIGNATURE);
    assertThatCode(() -> Sha256DigestSigning.verify(ED.publicKey(), CANONICAL, signature))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> ED.publicKey().verify(CANONICAL, signature))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void tamperedDataOrSignatureIsRejected() {
    byte[] signature = Base64Codec.decodeUrl(K1_SIGNATURE);
    byte[] otherData = CANONICAL.clone();
    otherData[5] ^= 1;
    assertInvalid(K1.publicKey(), otherData, signature);
    byte[] flipped = signature.clone();
    flipped[40] ^= 0x10;
    assertInvalid(K1.publicKey(), CANONICAL, flipped);
    PublicKeyMaterial otherKey =
        PrivateKeyMaterial.fromRaw(KeyType.SECP256K1, Hex.decode(ED_SEED)).publicKey();
    assertInvalid(otherKey, CANONICAL, signature);
  }

  /** Reference clients drop a leading zero byte of r or s: 63 bytes, either split must work. */
  @Test
  void sixtyThreeByteSignaturesAreTriedWithBothSplits() {
    for (boolean rShort : new boolean[] {true, false}) {
      byte[] data = dataWhere(rShort);
      byte[] shortened = minimal(Sha256DigestSigning.sign(K1, data));
      assertThatCode(() -> Sha256DigestSigning.verify(K1.publicKey(), data, shortened))
          .as("short %s", rShort ? "r" : "s")
          .doesNotThrowAnyException();
      shortened[62] ^= 1;
      assertInvalid(K1.publicKey(), data, shortened);
    }
  }

  @Test
  void wrongLengthsAreRejected() {
    byte[] signature = Base64Codec.decodeUrl(K1_SIGNATURE);
    assertInvalid(K1.publicKey(), CANONICAL, new byte[0]);
    assertInvalid(K1.publicKey(), CANONICAL, new byte[1]);
    assertInvalid(K1.publicKey(), CANONICAL, Arrays.copyOf(signature, 65));
    // Legacy half split of a 62-byte value: r and s are 31 bytes each, not this signature.
    assertInvalid(K1.publicKey(), CANONICAL, Arrays.copyOf(signature, 62));
    byte[] edSignature = Base64Codec.decodeUrl(ED_SIGNATURE);
    assertInvalid(ED.publicKey(), CANONICAL, Arrays.copyOf(edSignature, 63));
    assertInvalid(ED.publicKey(), CANONICAL, Arrays.copyOf(edSignature, 65));
  }

  @Test
  void x25519CannotSignOrVerify() {
    PrivateKeyMaterial x = PrivateKeyMaterial.fromRaw(KeyType.X25519, Hex.decode(ED_SEED));
    assertThatThrownBy(() -> Sha256DigestSigning.sign(x, CANONICAL))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.UNSUPPORTED_KEY_TYPE));
    assertThatThrownBy(() -> Sha256DigestSigning.verify(x.publicKey(), CANONICAL, new byte[64]))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.UNSUPPORTED_KEY_TYPE));
  }

  /** Data whose digest signature has a leading zero byte in r ({@code rShort}) or in s. */
  private static byte[] dataWhere(boolean rShort) {
    for (int i = 0; ; i++) {
      byte[] data = ("nonce-" + i).getBytes(StandardCharsets.UTF_8);
      byte[] signature = Sha256DigestSigning.sign(K1, data);
      if (signature[rShort ? 0 : 32] == 0) {
        return data;
      }
    }
  }

  /** Drops one leading zero byte of r or s, as a minimal-length encoder would. */
  private static byte[] minimal(byte[] signature) {
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    byte[] rb = unsigned(r);
    byte[] sb = unsigned(s);
    byte[] out = Arrays.copyOf(rb, rb.length + sb.length);
    System.arraycopy(sb, 0, out, rb.length, sb.length);
    assertThat(out).hasSize(63);
    return out;
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static void assertInvalid(PublicKeyMaterial key, byte[] data, byte[] signature) {
    assertThatThrownBy(() -> Sha256DigestSigning.verify(key, data, signature))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_SIGNATURE));
  }
}
