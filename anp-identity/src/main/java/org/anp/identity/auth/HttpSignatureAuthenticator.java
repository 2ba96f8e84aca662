package org.anp.identity.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Base64Variant;
import org.anp.identity.did.Did;
import org.anp.identity.internal.auth.HttpMessageSignatures;
import org.anp.identity.json.Jcs;
import org.anp.identity.keys.PrivateKeyMaterial;

/**
 * The client side of ANP-02 1.2 authentication: signs requests with RFC 9421 + RFC 9530 as 1.2
 * specifies (label {@code sig1}; components {@code "@method" "@target-uri"} plus {@code
 * "content-digest"} with a body; {@code created}, {@code expires}, {@code nonce} and {@code keyid}
 * = the full DID URL of the key), in headers or in a {@link JsonCarriage} body; echoes the nonce a
 * server issued in its challenge on the next request to that host (once); and keeps the token a
 * server returns in {@code Authentication-Info}.
 *
 * <p>Thread-safe.
 */
public final class HttpSignatureAuthenticator {
  private static final Pattern CHALLENGE_NONCE = Pattern.compile("(?i)(?:^|[\\s,])nonce=\"([\\x21\\x23-\\x5b\\x5d-\\x7e]{1,128})\"");
  private static final Pattern INFO_TOKEN = Pattern.compile("access_token=\"([A-Za-z0-9._~+/=-]{1,8192})\"");
  private static final Pattern INFO_EXPIRES = Pattern.compile("expires_in=([0-9]{1,9})");

  private final Did did;
  private final String keyId;
  private final PrivateKeyMaterial key;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration signatureLifetime;
  private final Map<String, String> serverNonces = new ConcurrentHashMap<>();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  private record Token(String value, Optional<Instant> expiresAt) {}

  private HttpSignatureAuthenticator(Builder b) {
    this.did = b.did;
    this.keyId = b.did + "#" + b.fragment;
    this.key = b.key;
    this.clock = b.clock;
    this.random = b.random != null ? b.random : new SecureRandom();
    this.signatureLifetime = b.signatureLifetime;
  }

  /** A builder; {@code did} and {@code signingKey} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The DID this authenticator signs for. */
  public Did did() {
    return did;
  }

  /**
   * The headers that sign one request: {@code Signature-Input}, {@code Signature} and, for a
   * non-empty body, {@code Content-Digest}. The caller adds them unchanged.
   */
  public Map<String, String> sign(String method, URI target, byte[] body) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(body, "body");
    Map<String, String> out = new LinkedHashMap<>();
    Optional<String> digest = body.length == 0 ? Optional.empty() : Optional.of(HttpMessageSignatures.contentDigest(body));
    digest.ifPresent(d -> out.put("Content-Digest", d));
    Signed s = signParts(method, target, digest);
    out.put("Signature-Input", s.input());
    out.put("Signature", s.signature());
    return Collections.unmodifiableMap(out);
  }

  /** A JSON carriage envelope of {@code payload} for one request. */
  public ObjectNode signJson(String method, URI target, JsonNode payload) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(payload, "payload");
    String digest = HttpMessageSignatures.contentDigest(Jcs.canonicalBytes(payload));
    Signed s = signParts(method, target, Optional.of(digest));
    return new JsonCarriage(digest, s.input(), s.signature(), payload).toJson();
  }

  private record Signed(String input, String signature) {}

  private Signed signParts(String method, URI target, Optional<String> digest) {
    String host = hostOf(target);
    List<String> components = new ArrayList<>(List.of("@method", "@target-uri"));
    Map<String, List<String>> fields = new LinkedHashMap<>();
    digest.ifPresent(d -> {
      components.add("content-digest");
      fields.put("content-digest", List.of(d));
    });
    long created = clock.instant().getEpochSecond();
    String issued = serverNonces.remove(host);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("created", created);
    params.put("expires", created + signatureLifetime.getSeconds());
    params.put("nonce", issued != null ? issued : newNonce());
    params.put("keyid", keyId);
    HttpMessageSignatures.Parsed unsigned =
        new HttpMessageSignatures.Parsed("sig1", List.copyOf(components), params, new byte[0]);
    byte[] base = HttpMessageSignatures.signatureBase(method, target, fields, unsigned);
    String signature = Base64Codec.encode(Base64Variant.STANDARD, key.sign(base));
    return new Signed("sig1=" + HttpMessageSignatures.serializeParams(components, params), "sig1=:" + signature + ":");
  }

  /**
   * Reads a response from {@code target}'s host: a {@code WWW-Authenticate: DIDWba … nonce="…"}
   * challenge makes the next signed request to that host echo the nonce; an {@code
   * Authentication-Info} token is kept for {@link #bearerHeader}.
   */
  public void acceptResponse(URI target, Map<String, List<String>> headers) {
    Objects.requireNonNull(headers, "headers");
    String host = hostOf(target);
    headers.forEach((name, values) -> {
      for (String value : values) {
        if (name.equalsIgnoreCase("WWW-Authenticate") && value.strip().regionMatches(true, 0, "DIDWba", 0, 6)) {
          Matcher m = CHALLENGE_NONCE.matcher(value);
          if (m.find()) {
            serverNonces.put(host, m.group(1));
          }
        } else if (name.equalsIgnoreCase("Authentication-Info")) {
          Matcher m = INFO_TOKEN.matcher(value);
          if (m.find()) {
            Matcher x = INFO_EXPIRES.matcher(value);
            Optional<Instant> expiry = x.find()
                ? Optional.of(clock.instant().plusSeconds(Long.parseLong(x.group(1)))) : Optional.empty();
            tokens.put(host, new Token(m.group(1), expiry));
          }
        }
      }
    });
  }

  /** {@code Bearer <token>} for {@code target}'s host, if one is kept and not expired. */
  public Optional<String> bearerHeader(URI target) {
    String host = hostOf(target);
    Token t = tokens.get(host);
    if (t == null) {
      return Optional.empty();
    }
    if (t.expiresAt().isPresent() && !t.expiresAt().get().isAfter(clock.instant())) {
      tokens.remove(host, t);
      return Optional.empty();
    }
    return Optional.of("Bearer " + t.value());
  }

  /** Drops the kept token of {@code target}'s host (after a 401 {@code invalid_access_token}). */
  public void forgetToken(URI target) {
    tokens.remove(hostOf(target));
  }

  private String newNonce() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64Codec.encodeUrl(bytes);
  }

  private static String hostOf(URI target) {
    Objects.requireNonNull(target, "target");
    if (target.getHost() == null) {
      throw new IllegalArgumentException("target has no host: " + target);
    }
    return target.getHost().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "HttpSignatureAuthenticator[" + keyId + "]";
  }

  /** Builds an {@link HttpSignatureAuthenticator}. Not thread-safe. */
  public static final class Builder {
    private Did did;
    private String fragment;
    private PrivateKeyMaterial key;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private Duration signatureLifetime = Duration.ofSeconds(60);

    private Builder() {}

    /** The DID to sign for; required. */
    public Builder did(Did did) {
      this.did = Objects.requireNonNull(did, "did");
      return this;
    }

    /** The key of {@code did#fragment}, listed in the document's {@code authentication}; required. */
    public Builder signingKey(String fragment, PrivateKeyMaterial key) {
      Objects.requireNonNull(fragment, "fragment");
      if (fragment.isEmpty() || !fragment.matches("[A-Za-z0-9._~%!$&'()*+,;=:@/?-]+")) {
        throw new IllegalArgumentException("fragment is not a DID URL fragment: " + fragment);
      }
      this.fragment = fragment;
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /** The clock; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where nonces come from; default a new {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** {@code expires - created}; default 60 seconds (the 1.2 vectors'); 1 second to 5 minutes. */
    public Builder signatureLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.getSeconds() < 1 || lifetime.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("signatureLifetime must be 1 s to 5 min: " + lifetime);
      }
      this.signatureLifetime = lifetime;
      return this;
    }

    /** Builds the authenticator; throws {@link IllegalStateException} without DID or key. */
    public HttpSignatureAuthenticator build() {
      if (did == null || key == null) {
        throw new IllegalStateException("did(...) and signingKey(...) are required");
      }
      return new HttpSignatureAuthenticator(this);
    }
  }
}
