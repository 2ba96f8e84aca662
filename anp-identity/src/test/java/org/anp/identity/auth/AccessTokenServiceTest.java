package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.did.Did;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.junit.jupiter.api.Test;

/** JWT issue and verify: every algorithm (HS256 too), expiry, tampering, alg confusion, RS256 interop. */
class AccessTokenServiceTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  private static final Did DID = Did.parse("did:wba:alice.example.com");
  private static final VerifiedCaller CALLER =
      new VerifiedCaller(DID, DID + "#key-1", T0, AuthScheme.DIDWBA_HEADER);

  private static AccessTokenService service(KeyType type, Instant now) {
    return AccessTokenService.builder()
        .signingKey(PrivateKeyMaterial.generate(type, new SecureRandom()))
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .build();
  }

  private static void assertInvalid(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(IdentityException.class,
        e -> assertThat(e.code()).isEqualTo(IdentityError.AUTH_TOKEN_INVALID));
  }

  @Test
  void issuesAndVerifiesWithEveryKeyType() {
    for (KeyType type : new KeyType[] {KeyType.SECP256R1, KeyType.ED25519, KeyType.SECP256K1}) {
      AccessTokenService s = service(type, T0);
      AccessToken token = s.issue(CALLER);
      assertThat(token.expiresIn()).isEqualTo(Duration.ofMinutes(60));
      assertThat(token.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(60)));
      assertThat(token.toString()).doesNotContain(token.valueInsecure());
      String header = new String(Base64Codec.decodeUrl(token.valueInsecure().split("\\.")[0]), StandardCharsets.UTF_8);
      assertThat(header).contains("\"alg\":\"" + s.algorithm() + "\"");
      VerifiedCaller back = s.verify(token.valueInsecure());
      assertThat(back.did()).isEqualTo(DID);
      assertThat(back.verificationMethod()).isEqualTo(DID + "#key-1");
      assertThat(back.signedAt()).isEqualTo(T0);
      assertThat(back.scheme()).isEqualTo(AuthScheme.BEARER_TOKEN);
    }
  }

  @Test
  void refusesExpiredFutureTamperedAndForeignTokens() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.SECP256R1, new SecureRandom());
    AccessTokenService s = withClock(key, T0);
    String token = s.issue(CALLER).valueInsecure();
    AccessTokenService later = AccessTokenService.builder()
        .signingKey(PrivateKeyMaterial.generate(KeyType.SECP256R1, new SecureRandom()))
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    assertInvalid(() -> later.verify(token)); // another key
    String[] parts = token.split("\\.");
    String otherPayload = Base64Codec.encodeUrl(
        ("{\"exp\":" + (T0.getEpochSecond() + 99999) + ",\"iat\":" + T0.getEpochSecond() + ",\"iss\":\"anp-java\",\"sub\":\"did:wba:mallory.example.com\"}")
            .getBytes(StandardCharsets.UTF_8));
    assertInvalid(() -> s.verify(parts[0] + "." + otherPayload + "." + parts[2]));
    String none = Base64Codec.encodeUrl("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    assertInvalid(() -> s.verify(none + "." + parts[1] + "."));
    assertInvalid(() -> s.verify(none + "." + parts[1] + "." + parts[2]));
    String hs = Base64Codec.encodeUrl("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
    assertInvalid(() -> s.verify(hs + "." + parts[1] + "." + parts[2]));
    assertInvalid(() -> s.verify("a.b"));
    assertInvalid(() -> s.verify(token + "."));
    assertInvalid(() -> s.verify(token.replace('.', '!')));
    assertInvalid(() -> s.verify("x".repeat(9000)));
    // expiry: valid at exp - skew, refused from exp + skew on
    Instant exp = T0.plus(Duration.ofMinutes(60));
    assertThat(withClock(key, exp.plusSeconds(4)).verify(token).did()).isEqualTo(DID);
    assertInvalid(() -> withClock(key, exp.plusSeconds(5)).verify(token));
    assertThat(withClock(key, T0.minusSeconds(5)).verify(token).did()).isEqualTo(DID);
    assertInvalid(() -> withClock(key, T0.minusSeconds(6)).verify(token));
    AccessTokenService otherIssuer = AccessTokenService.builder().signingKey(key).issuer("someone-else")
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    assertInvalid(() -> otherIssuer.verify(token));
  }

  @Test
  void aTokenVerifiedBeforeIsStillRefusedOnceExpiredAndItsTamperedCopiesAreChecked() {
    DidWbaVerifierTest.ManualClock clock = new DidWbaVerifierTest.ManualClock(T0);
    AccessTokenService s = AccessTokenService.builder()
        .signingKey(PrivateKeyMaterial.generate(KeyType.SECP256R1, new SecureRandom())).clock(clock).build();
    String token = s.issue(CALLER).valueInsecure();
    assertThat(s.verify(token).did()).isEqualTo(DID);
    assertThat(s.verify(" " + token + " ").did()).isEqualTo(DID); // the remembered signature
    String[] parts = token.split("\\.");
    String otherPayload = Base64Codec.encodeUrl(
        ("{\"exp\":" + (T0.getEpochSecond() + 99999) + ",\"iat\":" + T0.getEpochSecond()
            + ",\"iss\":\"anp-java\",\"sub\":\"did:wba:mallory.example.com\"}").getBytes(StandardCharsets.UTF_8));
    assertInvalid(() -> s.verify(parts[0] + "." + otherPayload + "." + parts[2]));
    clock.set(T0.plus(Duration.ofMinutes(60)).plusSeconds(5));
    assertInvalid(() -> s.verify(token));
  }

  private static AccessTokenService withClock(PrivateKeyMaterial key, Instant now) {
    return AccessTokenService.builder().signingKey(key).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
  }

  @Test
  void rs256TokensOfTheReferenceSdkVerifyWithTheConfiguredKey() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair rsa = gen.generateKeyPair();
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    AccessTokenService s = AccessTokenService.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).rs256VerificationKeyPem(pem).build();
    String header = Base64Codec.encodeUrl("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = Base64Codec.encodeUrl(("{\"sub\":\"" + DID + "\",\"iat\":" + T0.getEpochSecond() + ",\"exp\":" + (T0.getEpochSecond() + 3600) + "}")
        .getBytes(StandardCharsets.UTF_8));
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(rsa.getPrivate());
    signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    String token = header + "." + payload + "." + Base64Codec.encodeUrl(signer.sign());
    VerifiedCaller caller = s.verify(token);
    assertThat(caller.did()).isEqualTo(DID);
    assertThat(caller.verificationMethod()).isEmpty();
    AccessTokenService noRsa = AccessTokenService.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    assertInvalid(() -> noRsa.verify(token));
    KeyPair other = gen.generateKeyPair();
    AccessTokenService wrongRsa = AccessTokenService.builder().clock(Clock.fixed(T0, ZoneOffset.UTC))
        .rs256VerificationKey((RSAPublicKey) other.getPublic()).build();
    assertInvalid(() -> wrongRsa.verify(token));
    assertThatThrownBy(() -> AccessTokenService.builder().rs256VerificationKeyPem("nope"))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY));
  }

  @Test
  void responseHeadersCarryTheTokenBothWays() {
    AccessToken token = service(KeyType.ED25519, T0).issue(CALLER);
    var headers = AccessTokenService.responseHeaders(token);
    assertThat(headers).containsEntry("Authorization", "Bearer " + token.valueInsecure())
        .containsEntry("Authentication-Info",
            "access_token=\"" + token.valueInsecure() + "\", token_type=\"Bearer\", expires_in=3600");
  }

  private static AccessTokenService macService(byte[] secret, Instant now) {
    return AccessTokenService.builder().macKey(secret).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
  }

  private static byte[] secret(int fill) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) fill);
    return secret;
  }

  @Test
  void hs256TokensAreJwsWithAnHmacOverTheSigningInput() throws Exception {
    AccessTokenService s = macService(secret(7), T0);
    assertThat(s.algorithm()).isEqualTo("HS256");
    String token = s.issue(CALLER).valueInsecure();
    String[] parts = token.split("\\.");
    assertThat(new String(Base64Codec.decodeUrl(parts[0]), StandardCharsets.UTF_8))
        .isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    assertThat(new String(Base64Codec.decodeUrl(parts[1]), StandardCharsets.UTF_8)).isEqualTo(
        "{\"exp\":" + (T0.getEpochSecond() + 3600) + ",\"iat\":" + T0.getEpochSecond()
            + ",\"iss\":\"anp-java\",\"sub\":\"" + DID + "\",\"vm\":\"" + DID + "#key-1\"}");
    // RFC 7515 A.1: HMAC-SHA-256 over the ASCII of header.payload, computed here independently.
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret(7), "HmacSHA256"));
    byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(Base64Codec.decodeUrl(parts[2])).isEqualTo(expected);
    VerifiedCaller back = s.verify(token);
    assertThat(back.did()).isEqualTo(DID);
    assertThat(back.verificationMethod()).isEqualTo(DID + "#key-1");
    assertThat(back.scheme()).isEqualTo(AuthScheme.BEARER_TOKEN);
    // Nodes sharing the secret accept each other's tokens.
    assertThat(macService(secret(7), T0).verify(token).did()).isEqualTo(DID);
  }

  @Test
  void hs256RefusesAnotherSecretTamperingAndAlgorithmConfusion() {
    AccessTokenService s = macService(secret(7), T0);
    String token = s.issue(CALLER).valueInsecure();
    String[] parts = token.split("\\.");
    assertInvalid(() -> macService(secret(8), T0).verify(token));
    String otherPayload = Base64Codec.encodeUrl(
        ("{\"exp\":" + (T0.getEpochSecond() + 99999) + ",\"iat\":" + T0.getEpochSecond()
            + ",\"iss\":\"anp-java\",\"sub\":\"did:wba:mallory.example.com\"}").getBytes(StandardCharsets.UTF_8));
    assertInvalid(() -> s.verify(parts[0] + "." + otherPayload + "." + parts[2]));
    byte[] mac = Base64Codec.decodeUrl(parts[2]);
    assertInvalid(() -> s.verify(parts[0] + "." + parts[1] + "." + Base64Codec.encodeUrl(Arrays.copyOf(mac, 31))));
    byte[] flipped = mac.clone();
    flipped[0] ^= 1;
    assertInvalid(() -> s.verify(parts[0] + "." + parts[1] + "." + Base64Codec.encodeUrl(flipped)));
    String none = Base64Codec.encodeUrl("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    assertInvalid(() -> s.verify(none + "." + parts[1] + "."));
    // A signed token is not accepted by a MAC service, nor a MAC token by a signing service, even
    // one whose MAC key is the signing service's public key (the classic confusion).
    PrivateKeyMaterial ed = PrivateKeyMaterial.generate(KeyType.ED25519, new SecureRandom());
    AccessTokenService signing = withClock(ed, T0);
    assertInvalid(() -> s.verify(signing.issue(CALLER).valueInsecure()));
    assertInvalid(() -> signing.verify(token));
    byte[] publicKey = ed.publicKey().raw();
    String confused = macService(publicKey, T0).issue(CALLER).valueInsecure();
    assertInvalid(() -> signing.verify(confused));
    // Expiry is checked as for signed tokens, the remembered ones too.
    assertThat(s.verify(token).did()).isEqualTo(DID);
    assertInvalid(() -> macService(secret(7), T0.plus(Duration.ofMinutes(60)).plusSeconds(5)).verify(token));
  }

  @Test
  void signedTokenHeadersAreUnchanged() {
    // The header is encoded once per service now; it must be the bytes written per token before.
    for (KeyType type : new KeyType[] {KeyType.SECP256R1, KeyType.ED25519, KeyType.SECP256K1}) {
      AccessTokenService s = service(type, T0);
      String header = s.issue(CALLER).valueInsecure().split("\\.")[0];
      assertThat(new String(Base64Codec.decodeUrl(header), StandardCharsets.UTF_8))
          .isEqualTo("{\"alg\":\"" + s.algorithm() + "\",\"typ\":\"JWT\"}");
    }
  }

  @Test
  void macKeyBuilderRules() {
    assertThatThrownBy(() -> AccessTokenService.builder().macKey(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] secret = secret(7);
    AccessTokenService s = AccessTokenService.builder().macKey(secret).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    Arrays.fill(secret, (byte) 0); // copied: the service keeps its own
    assertThat(macService(secret(7), T0).verify(s.issue(CALLER).valueInsecure()).did()).isEqualTo(DID);
    PrivateKeyMaterial ed = PrivateKeyMaterial.generate(KeyType.ED25519, new SecureRandom());
    assertThat(AccessTokenService.builder().macKey(secret(7)).signingKey(ed).build().algorithm()).isEqualTo("EdDSA");
    assertThat(AccessTokenService.builder().signingKey(ed).macKey(secret(7)).build().algorithm()).isEqualTo("HS256");
    assertThat(AccessTokenService.builder().randomMacKey(new SecureRandom()).build().algorithm()).isEqualTo("HS256");
  }

  @Test
  void builderLimits() {
    assertThatThrownBy(() -> AccessTokenService.builder().lifetime(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccessTokenService.builder().lifetime(Duration.ofHours(25))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccessTokenService.builder().signingKey(PrivateKeyMaterial.generate(KeyType.X25519, new SecureRandom())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(AccessTokenService.builder().build().algorithm()).isEqualTo("ES256");
  }
}
