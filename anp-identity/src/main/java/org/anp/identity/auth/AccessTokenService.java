package org.anp.identity.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.did.Did;
import org.anp.identity.internal.auth.CompactJws;
import org.anp.identity.json.Jcs;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * Issues and verifies the JWT access tokens a server hands out after a verified request
 * (spec/identity.md 1.5, spec/README.md #12, #13). Tokens are JWS compact JWTs signed with the
 * service's own key: {@code ES256} (P-256), {@code EdDSA} (Ed25519) or {@code ES256K}
 * (secp256k1), or with HMAC-SHA-256 under the service's secret ({@code HS256}, {@link
 * Builder#macKey}; decision 0093: a client never reads a token, only its issuer verifies it, so a
 * MAC is enough and costs a microsecond where a signature costs tens). Claims: {@code iss},
 * {@code sub} (the DID), {@code iat}, {@code exp} (NumericDate seconds) and {@code vm} (the
 * verification method, when known).
 *
 * <p><b>Security:</b> {@link #verify} accepts only the algorithm of the service's key (never
 * {@code HS256} unless the service has a MAC secret, never a signature when it has one), plus
 * {@code RS256} when an RSA verification key was configured (to accept the reference SDK's
 * tokens); {@code none}, any other algorithm, a {@code crit} header, a bad signature, a missing
 * {@code sub}/{@code iat}/{@code exp}, an {@code iss} other than the configured issuer, a token
 * issued or valid only in the future, or an expired one fail with {@code AUTH_TOKEN_INVALID}
 * (401 {@code invalid_access_token}). Time checks allow {@link Builder#clockSkew} (default 5 s,
 * as the reference SDK).
 *
 * <p>Thread-safe and meant to be shared.
 */
public final class AccessTokenService {
  /** Shortest {@link Builder#macKey} accepted: 256 bits, the output size of HMAC-SHA-256. */
  public static final int MIN_MAC_KEY_BYTES = 32;

  private static final String RS256 = "RS256";
  private static final String HS256 = "HS256";
  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final int VERIFIED_TOKENS = 4096;

  private final Optional<PrivateKeyMaterial> signingKey;
  private final Optional<PublicKeyMaterial> verificationKey;
  /** An initialized HMAC-SHA-256 of the secret, cloned for each use (a Mac is not thread-safe). */
  private final Optional<Mac> macPrototype;
  private final String algorithm;
  /** {@code base64url(JCS(header)) "."}: the same for every token of this service. */
  private final String encodedHeader;
  private final String issuer;
  private final Duration lifetime;
  private final Duration clockSkew;
  private final Clock clock;
  private final Optional<RSAPublicKey> rs256Key;
  /**
   * Claims of the last tokens whose signature verified, by their exact text, so that a client's
   * repeated token costs no signature check (a P-256 verification on every call otherwise); the
   * claims, expiry included, are checked on every use. Emptied when full.
   */
  private final Map<String, ObjectNode> verifiedClaims = new ConcurrentHashMap<>();

  private AccessTokenService(Builder b, PrivateKeyMaterial key) {
    this.signingKey = Optional.ofNullable(key);
    this.verificationKey = signingKey.map(PrivateKeyMaterial::publicKey);
    this.macPrototype = key == null ? Optional.of(hmac(b.macKey)) : Optional.empty();
    this.algorithm = key == null ? HS256 : algorithmOf(key.type());
    ObjectNode header = JsonNodeFactory.instance.objectNode();
    header.put("alg", algorithm);
    header.put("typ", "JWT");
    this.encodedHeader = Base64Codec.encodeUrl(Jcs.canonicalBytes(header)) + ".";
    this.issuer = b.issuer;
    this.lifetime = b.lifetime;
    this.clockSkew = b.clockSkew;
    this.clock = b.clock;
    this.rs256Key = Optional.ofNullable(b.rs256Key);
  }

  /** A builder with a freshly generated P-256 key, issuer {@code anp-java}, 60 minute tokens. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The JWS {@code alg} of issued tokens: {@code ES256}, {@code EdDSA}, {@code ES256K} or
   * {@code HS256}.
   */
  public String algorithm() {
    return algorithm;
  }

  /** The lifetime of issued tokens. */
  public Duration lifetime() {
    return lifetime;
  }

  /** Issues a token for {@code caller}, valid from now for {@link #lifetime()}. */
  public AccessToken issue(VerifiedCaller caller) {
    Objects.requireNonNull(caller, "caller");
    long now = clock.instant().getEpochSecond();
    long exp = now + lifetime.getSeconds();
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    claims.put("iss", issuer);
    claims.put("sub", caller.did().toString());
    claims.put("iat", now);
    claims.put("exp", exp);
    if (!caller.verificationMethod().isEmpty()) {
      claims.put("vm", caller.verificationMethod());
    }
    // base64url(JCS(header)) '.' base64url(JCS(claims)); the header is constant, encoded once.
    String input = encodedHeader + Base64Codec.encodeUrl(Jcs.canonicalBytes(claims));
    byte[] ascii = input.getBytes(StandardCharsets.US_ASCII);
    byte[] sig = signingKey.isPresent() ? signingKey.get().sign(ascii) : mac(ascii);
    return new AccessToken(
        input + "." + Base64Codec.encodeUrl(sig), Instant.ofEpochSecond(exp), lifetime);
  }

  /**
   * Verifies a token (the text after {@code Bearer }).
   *
   * @throws IdentityException {@code AUTH_TOKEN_INVALID} naming the failed check
   */
  public VerifiedCaller verify(String jwt) {
    Objects.requireNonNull(jwt, "jwt");
    String text = jwt.strip();
    ObjectNode known = verifiedClaims.get(text);
    if (known != null) {
      // The same text verified before: its signature holds; the claims (expiry) are checked now.
      return checkClaims(known);
    }
    CompactJws.Decoded token = CompactJws.decode(text);
    ObjectNode header = token.header();
    if (header.has("crit")) {
      throw invalid("token header: crit is not supported");
    }
    JsonNode typ = header.get("typ");
    if (typ != null && !(typ.isTextual() && typ.textValue().equalsIgnoreCase("JWT"))) {
      throw invalid("token header: typ must be JWT");
    }
    String alg = header.path("alg").isTextual() ? header.path("alg").textValue() : "";
    if (alg.equals(algorithm) && macPrototype.isPresent()) {
      // Constant-time comparison; a signature of another length is simply not equal.
      if (!MessageDigest.isEqual(mac(token.signingInput()), token.signature())) {
        throw invalid("token signature: does not verify");
      }
    } else if (alg.equals(algorithm)) {
      try {
        verificationKey.orElseThrow().verify(token.signingInput(), token.signature());
      } catch (IdentityException e) {
        throw invalid("token signature: does not verify");
      }
    } else if (alg.equals(RS256) && rs256Key.isPresent()) {
      verifyRs256(rs256Key.get(), token.signingInput(), token.signature());
    } else {
      throw invalid("token header: alg '" + printable(alg) + "' is not accepted");
    }
    VerifiedCaller caller = checkClaims(token.payload());
    if (verifiedClaims.size() >= VERIFIED_TOKENS) {
      verifiedClaims.clear();
    }
    verifiedClaims.put(text, token.payload());
    return caller;
  }

  private VerifiedCaller checkClaims(ObjectNode claims) {
    JsonNode sub = claims.get("sub");
    if (sub == null || !sub.isTextual()) {
      throw invalid("token claim sub: missing or not a string");
    }
    Did did;
    try {
      did = Did.parse(sub.textValue());
    } catch (IdentityException e) {
      throw invalid("token claim sub: not a DID");
    }
    JsonNode iss = claims.get("iss");
    if (iss != null && !(iss.isTextual() && iss.textValue().equals(issuer))) {
      throw invalid("token claim iss: not this service's issuer");
    }
    long iat = numericDate(claims, "iat").orElseThrow(() -> invalid("token claim iat: missing"));
    long exp = numericDate(claims, "exp").orElseThrow(() -> invalid("token claim exp: missing"));
    Optional<Long> nbf = numericDate(claims, "nbf");
    Instant now = clock.instant();
    if (Instant.ofEpochSecond(iat).isAfter(now.plus(clockSkew))) {
      throw invalid("token claim iat: issued in the future");
    }
    if (nbf.isPresent() && Instant.ofEpochSecond(nbf.get()).isAfter(now.plus(clockSkew))) {
      throw invalid("token claim nbf: not valid yet");
    }
    if (!Instant.ofEpochSecond(exp).isAfter(now.minus(clockSkew))) {
      throw invalid("token claim exp: expired");
    }
    JsonNode vm = claims.get("vm");
    String method = vm != null && vm.isTextual() ? vm.textValue() : "";
    return new VerifiedCaller(did, method, Instant.ofEpochSecond(iat), AuthScheme.BEARER_TOKEN);
  }

  private static Optional<Long> numericDate(ObjectNode claims, String name) {
    JsonNode n = claims.get(name);
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isNumber() || !Double.isFinite(n.doubleValue()) || Math.abs(n.doubleValue()) > 1e13) {
      throw invalid("token claim " + name + ": not a NumericDate");
    }
    return Optional.of(n.isIntegralNumber() ? n.longValue() : (long) Math.floor(n.doubleValue()));
  }

  private byte[] mac(byte[] input) {
    Mac mac;
    try {
      mac = (Mac) macPrototype.orElseThrow().clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 of this JDK cannot be cloned", e);
    }
    return mac.doFinal(input);
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
      // Checked once here, so that mac() cannot fail later.
      mac.clone();
      return mac;
    } catch (GeneralSecurityException | CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  private static void verifyRs256(RSAPublicKey key, byte[] input, byte[] signature) {
    boolean ok;
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update(input);
      ok = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      ok = false;
    }
    if (!ok) {
      throw invalid("token signature: does not verify");
    }
  }

  /**
   * The response headers that hand {@code token} to the client (spec/README.md #12):
   * {@code Authorization: Bearer <t>} and
   * {@code Authentication-Info: access_token="<t>", token_type="Bearer", expires_in=<s>}.
   */
  public static Map<String, String> responseHeaders(AccessToken token) {
    Objects.requireNonNull(token, "token");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token.valueInsecure());
    headers.put(
        "Authentication-Info",
        "access_token=\"" + token.valueInsecure() + "\", token_type=\"Bearer\", expires_in="
            + token.expiresIn().getSeconds());
    return java.util.Collections.unmodifiableMap(headers);
  }

  private static String algorithmOf(KeyType type) {
    return switch (type) {
      case SECP256R1 -> "ES256";
      case ED25519 -> "EdDSA";
      case SECP256K1 -> "ES256K";
      case X25519 -> throw new IllegalArgumentException("X25519 keys cannot sign tokens");
    };
  }

  private static String printable(String s) {
    return s.length() > 20 || !s.matches("[A-Za-z0-9]*") ? "(unprintable)" : s;
  }

  private static IdentityException invalid(String detail) {
    return new IdentityException(IdentityError.AUTH_TOKEN_INVALID, detail);
  }

  /** Builds an {@link AccessTokenService}. Not thread-safe. */
  public static final class Builder {
    private PrivateKeyMaterial signingKey;
    private byte[] macKey;
    private SecureRandom random;
    private String issuer = "anp-java";
    private Duration lifetime = Duration.ofMinutes(60);
    private Duration clockSkew = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();
    private RSAPublicKey rs256Key;

    private Builder() {}

    /**
     * The signing key (P-256, Ed25519 or secp256k1); default a fresh P-256 key. Replaces a
     * {@link #macKey}.
     */
    public Builder signingKey(PrivateKeyMaterial key) {
      Objects.requireNonNull(key, "key");
      algorithmOf(key.type());
      this.signingKey = key;
      this.macKey = null;
      return this;
    }

    /**
     * Tokens authenticated with HMAC-SHA-256 under this secret ({@code "alg":"HS256"}) instead of
     * a signature; at least {@link #MIN_MAC_KEY_BYTES} bytes, copied. Only a holder of the secret
     * can issue or verify them: share it among the nodes that accept each other's tokens, and
     * never with clients. Replaces a {@link #signingKey}.
     *
     * @throws IllegalArgumentException for a shorter secret
     */
    public Builder macKey(byte[] secret) {
      Objects.requireNonNull(secret, "secret");
      if (secret.length < MIN_MAC_KEY_BYTES) {
        throw new IllegalArgumentException(
            "macKey must have at least " + MIN_MAC_KEY_BYTES + " bytes, got " + secret.length);
      }
      this.macKey = secret.clone();
      this.signingKey = null;
      return this;
    }

    /** {@link #macKey} with a fresh random secret of 32 bytes from {@code random}. */
    public Builder randomMacKey(SecureRandom random) {
      Objects.requireNonNull(random, "random");
      byte[] secret = new byte[MIN_MAC_KEY_BYTES];
      random.nextBytes(secret);
      return macKey(secret);
    }

    /** The randomness for the default key; default a new {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The {@code iss} claim; default {@code anp-java}. */
    public Builder issuer(String issuer) {
      Objects.requireNonNull(issuer, "issuer");
      if (issuer.isBlank()) {
        throw new IllegalArgumentException("issuer is blank");
      }
      this.issuer = issuer;
      return this;
    }

    /** Token lifetime, 1 second to 24 hours; default 60 minutes. */
    public Builder lifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.getSeconds() < 1 || lifetime.compareTo(Duration.ofHours(24)) > 0) {
        throw new IllegalArgumentException("lifetime must be 1 s to 24 h: " + lifetime);
      }
      this.lifetime = lifetime;
      return this;
    }

    /** Tolerance of the {@code iat}/{@code nbf}/{@code exp} checks, 0 to 5 minutes; default 5 s. */
    public Builder clockSkew(Duration skew) {
      Objects.requireNonNull(skew, "skew");
      if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("clockSkew must be 0 to 5 minutes: " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    /** The clock; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Also accept {@code RS256} tokens verified with this key (the reference SDK issues RS256
     * tokens); at least 2048 bits.
     */
    public Builder rs256VerificationKey(RSAPublicKey key) {
      Objects.requireNonNull(key, "key");
      if (key.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException("RSA key must have at least 2048 bits");
      }
      this.rs256Key = key;
      return this;
    }

    /**
     * As {@link #rs256VerificationKey(RSAPublicKey)}, from a PEM {@code PUBLIC KEY} block.
     *
     * @throws IdentityException {@code INVALID_KEY} if it is not an RSA SubjectPublicKeyInfo
     */
    public Builder rs256VerificationKeyPem(String pem) {
      Objects.requireNonNull(pem, "pem");
      String body =
          pem.replace("-----BEGIN PUBLIC KEY-----", "")
              .replace("-----END PUBLIC KEY-----", "")
              .replaceAll("\\s", "");
      try {
        PublicKey key =
            KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        return rs256VerificationKey((RSAPublicKey) key);
      } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
        throw new IdentityException(IdentityError.INVALID_KEY, "pem: not an RSA public key");
      }
    }

    /** Builds the service. */
    public AccessTokenService build() {
      PrivateKeyMaterial key = signingKey;
      if (key == null && macKey == null) {
        key = PrivateKeyMaterial.generate(
            KeyType.SECP256R1, random != null ? random : new SecureRandom());
      }
      return new AccessTokenService(this, key);
    }
  }
}
