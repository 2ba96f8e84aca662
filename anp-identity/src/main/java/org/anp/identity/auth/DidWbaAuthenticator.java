package org.anp.identity.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.anp.identity.codec.Hex;
import org.anp.identity.did.Did;
import org.anp.identity.internal.auth.HttpMessageSignatures;
import org.anp.identity.internal.auth.SignedAuthPayload;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.Sha256DigestSigning;

/**
 * The client side of did:wba HTTP authentication (spec/identity.md 1.4, 1.6): signs requests with
 * one of the DID's {@code authentication} keys and keeps the bearer token a server returns.
 *
 * <ul>
 *   <li>{@link #authorizationHeader}: {@code DIDWba v="1.1", did="...", nonce="...",
 *       timestamp="...", verification_method="...", signature="..."} for the target's lower-case
 *       host (no port).
 *       {@code v} is always sent, {@code 1.1} (signing {@code aud}) unless {@link Builder#version}
 *       chooses 1.0 (signing {@code service}): a server reads a header without {@code v} as 1.1,
 *       as the reference SDK does (decision 0012). The older {@code DID ... Nonce} form is never
 *       written.
 *   <li>{@link #httpSignatureHeaders}: RFC 9421 headers as the reference SDK sends them.
 *   <li>{@link #jsonLogin}: the JSON-body variant.
 *   <li>{@link #acceptResponseHeaders} / {@link #bearerHeader}: token reuse per host.
 * </ul>
 *
 * <p>Nonces are 16 bytes from the injected {@link SecureRandom}, as 32 lower-case hex characters;
 * timestamps come from the injected clock, to the second. Thread-safe: one instance may sign for
 * many threads; the token cache is concurrent.
 */
public final class DidWbaAuthenticator {
  private static final Pattern INFO_TOKEN = Pattern.compile("access_token\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern INFO_EXPIRES = Pattern.compile("expires_in\\s*=\\s*\"?([0-9]{1,9})\"?");

  private final Did did;
  private final String fragment;
  private final PrivateKeyMaterial key;
  private final AuthVersion version;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration signatureLifetime;
  private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();

  private record CachedToken(String value, Optional<Instant> expiresAt) {}

  private DidWbaAuthenticator(Builder b) {
    this.did = b.did;
    this.fragment = b.fragment;
    this.key = b.key;
    this.version = b.version;
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

  /** The value of an {@code Authorization} header for a request to {@code target}. */
  public String authorizationHeader(URI target) {
    return signHeader(domainOf(target)).toHeaderValue();
  }

  /**
   * The JSON login body for {@code target}: {@code {"v","did","nonce","timestamp",
   * "verification_method","signature"}}.
   */
  public ObjectNode jsonLogin(URI target) {
    DidWbaAuthHeader h = signHeader(domainOf(target));
    ObjectNode o = org.anp.identity.json.StrictJson.mapper().createObjectNode();
    o.put("v", version.wireValue());
    o.put("did", h.did().toString());
    o.put("nonce", h.nonce());
    o.put("timestamp", h.timestamp());
    o.put("verification_method", h.verificationMethod());
    o.put("signature", h.signature());
    return o;
  }

  /**
   * RFC 9421 headers for one request, as the reference SDK makes them: label {@code sig1},
   * covering {@code "@method" "@target-uri" "@authority"}, plus {@code "content-type"} (when given
   * in {@code headers}) and {@code "content-digest"} when the body is not empty; parameters
   * {@code created}, {@code expires} (created + the signature lifetime), {@code nonce},
   * {@code keyid} ({@code did#fragment}). Returns {@code Signature-Input}, {@code Signature} and,
   * for a body, {@code Content-Digest}; the caller adds them to the request unchanged.
   *
   * @param headers the request's other headers (names case-insensitive); only
   *     {@code Content-Type} is read
   */
  public Map<String, String> httpSignatureHeaders(
      String method, URI target, Map<String, String> headers, byte[] body) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    domainOf(target);
    Map<String, List<String>> covered = new LinkedHashMap<>();
    List<String> components = new ArrayList<>(List.of("@method", "@target-uri", "@authority"));
    Map<String, String> out = new LinkedHashMap<>();
    if (body.length > 0) {
      headers.forEach(
          (name, value) -> {
            if (name.equalsIgnoreCase("Content-Type")) {
              covered.put("content-type", List.of(value));
            }
          });
      if (covered.containsKey("content-type")) {
        components.add("content-type");
      }
      String digest = HttpMessageSignatures.contentDigest(body);
      covered.put("content-digest", List.of(digest));
      components.add("content-digest");
      out.put("Content-Digest", digest);
    }
    long created = clock.instant().getEpochSecond();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("created", created);
    params.put("expires", created + signatureLifetime.getSeconds());
    params.put("nonce", newNonce());
    params.put("keyid", did + "#" + fragment);
    HttpMessageSignatures.Parsed unsigned =
        new HttpMessageSignatures.Parsed("sig1", List.copyOf(components), params, new byte[0]);
    byte[] base = HttpMessageSignatures.signatureBase(method, target, covered, unsigned);
    byte[] signature = key.sign(base);
    out.put("Signature-Input", "sig1=" + HttpMessageSignatures.serializeParams(components, params));
    out.put("Signature", "sig1=:" + Base64Codec.encode(Base64Variant.STANDARD, signature) + ":");
    return Collections.unmodifiableMap(out);
  }

  /**
   * Stores the bearer token a server returned for {@code target}'s host: from
   * {@code Authentication-Info: access_token="...", expires_in=...} (preferred) or
   * {@code Authorization: Bearer ...} (spec/README.md #12). Headers without a token change
   * nothing.
   */
  public void acceptResponseHeaders(URI target, Map<String, List<String>> headers) {
    Objects.requireNonNull(headers, "headers");
    String host = domainOf(target);
    Optional<String> token = Optional.empty();
    Optional<Instant> expiresAt = Optional.empty();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      for (String value : e.getValue()) {
        if (e.getKey().equalsIgnoreCase("Authentication-Info")) {
          Matcher m = INFO_TOKEN.matcher(value);
          if (m.find()) {
            token = Optional.of(m.group(1));
            Matcher x = INFO_EXPIRES.matcher(value);
            if (x.find()) {
              expiresAt = Optional.of(clock.instant().plusSeconds(Long.parseLong(x.group(1))));
            }
          }
        } else if (e.getKey().equalsIgnoreCase("Authorization") && token.isEmpty()) {
          String v = value.strip();
          if (v.regionMatches(true, 0, "Bearer ", 0, 7) && v.length() > 7) {
            token = Optional.of(v.substring(7).strip());
          }
        }
      }
    }
    Optional<Instant> expiry = expiresAt;
    token.ifPresent(t -> tokens.put(host, new CachedToken(t, expiry)));
  }

  /** {@code Bearer <token>} for {@code target}'s host, if one is stored and not expired. */
  public Optional<String> bearerHeader(URI target) {
    String host = domainOf(target);
    CachedToken t = tokens.get(host);
    if (t == null) {
      return Optional.empty();
    }
    if (t.expiresAt().isPresent() && !t.expiresAt().get().isAfter(clock.instant())) {
      tokens.remove(host, t);
      return Optional.empty();
    }
    return Optional.of("Bearer " + t.value());
  }

  /** Drops the stored token of {@code target}'s host (after a 401 {@code invalid_access_token}). */
  public void forgetToken(URI target) {
    tokens.remove(domainOf(target));
  }

  private DidWbaAuthHeader signHeader(String domain) {
    String nonce = newNonce();
    String timestamp = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    byte[] input =
        SignedAuthPayload.canonicalBytes(version.domainField(), did.toString(), nonce, timestamp, domain);
    String signature = Base64Codec.encodeUrl(Sha256DigestSigning.sign(key, input));
    return new DidWbaAuthHeader(Optional.of(version), did, nonce, timestamp, fragment, signature, false);
  }

  private String newNonce() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Hex.encode(bytes);
  }

  private static String domainOf(URI target) {
    Objects.requireNonNull(target, "target");
    if (target.getHost() == null) {
      throw new IllegalArgumentException("target has no host: " + target);
    }
    return target.getHost().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "DidWbaAuthenticator[" + did + "#" + fragment + "]";
  }

  /** Builds a {@link DidWbaAuthenticator}. Not thread-safe. */
  public static final class Builder {
    private Did did;
    private String fragment;
    private PrivateKeyMaterial key;
    private AuthVersion version = AuthVersion.V1_1;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private Duration signatureLifetime = Duration.ofMinutes(5);

    private Builder() {}

    /** The DID to authenticate as; required. */
    public Builder did(Did did) {
      this.did = Objects.requireNonNull(did, "did");
      return this;
    }

    /**
     * The signing key and the fragment of its verification method (listed in the DID document's
     * {@code authentication}); required. The key is used, not copied: do not destroy it while
     * this authenticator is in use.
     */
    public Builder signingKey(String fragment, PrivateKeyMaterial key) {
      Objects.requireNonNull(fragment, "fragment");
      Objects.requireNonNull(key, "key");
      if (fragment.isEmpty() || fragment.contains("#") || !fragment.matches("[\\x21-\\x7e]+") || fragment.contains("\"")) {
        throw new IllegalArgumentException("fragment must be printable ASCII without '#' or quotes: " + fragment);
      }
      if (!key.type().canSign()) {
        throw new IllegalArgumentException(key.type() + " keys cannot sign");
      }
      this.fragment = fragment;
      this.key = key;
      return this;
    }

    /**
     * The {@code v} to send, which decides the signed host field ({@code aud} for 1.1,
     * {@code service} for 1.0); default {@link AuthVersion#V1_1}, what servers assume for a header
     * without {@code v}.
     */
    public Builder version(AuthVersion version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /** The clock for timestamps and token expiry; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The source of nonces; default a new {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** {@code expires - created} of HTTP message signatures, 1 s to 1 h; default 5 minutes. */
    public Builder signatureLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.getSeconds() < 1 || lifetime.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("signatureLifetime must be 1 s to 1 h: " + lifetime);
      }
      this.signatureLifetime = lifetime;
      return this;
    }

    /**
     * Builds the authenticator.
     *
     * @throws IllegalStateException without {@code did} or {@code signingKey}
     */
    public DidWbaAuthenticator build() {
      if (did == null || key == null) {
        throw new IllegalStateException("did(...) and signingKey(...) are required");
      }
      return new DidWbaAuthenticator(this);
    }
  }
}
