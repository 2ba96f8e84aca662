package org.anp.identity.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.internal.auth.HttpMessageSignatures;
import org.anp.identity.internal.resolve.ActiveDocuments;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.resolve.DidResolver;

/**
 * Verifies ANP-02 1.2 DID authentication: RFC 9421 HTTP message signatures with an RFC 9530
 * {@code Content-Digest}, carried in the {@code Signature-Input}/{@code Signature} headers or in
 * a JSON body ({@link JsonCarriage}).
 *
 * <p>The rules, in the order they are checked, each failure with the 1.2 error it maps to:
 *
 * <ol>
 *   <li>the signature parses, covers {@code @method} and {@code @target-uri} (and {@code
 *       content-digest} when there is a body), its {@code keyid} is a full DID URL and {@code
 *       created} is present ({@code invalid_request});
 *   <li>{@code created} is within [now - maxPastSkew, now + maxFutureSkew] and {@code expires}, when
 *       sent, has not passed ({@code invalid_timestamp});
 *   <li>the nonce, when {@linkplain Builder#requireIssuedNonce required}, is one this server
 *       issued and did not see used ({@code invalid_nonce});
 *   <li>a covered {@code Content-Digest} is present ({@code invalid_request}) and matches the body
 *       ({@code invalid_content_digest});
 *   <li>the request was not accepted before ({@code invalid_nonce}). The replay cache is keyed by
 *       {@code (keyid, nonce)}; a request without a nonce is keyed by {@code (keyid, SHA-256 of
 *       its signature base)}, which does not depend on the signature's label;
 *   <li>the DID resolves to an active document with that id ({@code invalid_did});
 *   <li>the key is listed in {@code authentication}, can be decoded, and a sent {@code alg} names
 *       its algorithm ({@code invalid_verification_method});
 *   <li>the signature verifies ({@code invalid_signature});
 *   <li>then the replay entry is recorded and an issued nonce consumed, atomically: of concurrent
 *       replays exactly one passes. Nothing is recorded for a request that fails.
 * </ol>
 *
 * <p>The returned future completes with a {@link VerifiedCaller} only when every check passed, and
 * otherwise fails with an {@link IdentityException} (never wrapped) whose {@link
 * IdentityError#wireName()} is the 1.2 error; {@link DidWbaChallenge} renders it. Permission
 * ({@code forbidden_did}) is the caller's decision afterwards. Thread-safe and meant to be shared.
 */
public final class HttpSignatureVerifier {
  /** Largest JSON-carriage body read by {@link #verifyJson}. */
  public static final int MAX_JSON_BODY_BYTES = 1 << 20;

  private final DidResolver resolver;
  private final Clock clock;
  private final Duration maxPastSkew;
  private final Duration maxFutureSkew;
  private final NonceStore replayCache;
  private final Optional<IssuedNonces> issuedNonces;
  private final boolean requireIssuedNonce;
  private final Duration resolveTimeout;
  private final Set<String> audiences;

  private HttpSignatureVerifier(Builder b) {
    this.resolver = b.resolver;
    this.clock = b.clock;
    this.maxPastSkew = b.maxPastSkew;
    this.maxFutureSkew = b.maxFutureSkew;
    this.replayCache = b.replayCache;
    this.issuedNonces = Optional.ofNullable(b.issuedNonces);
    this.requireIssuedNonce = b.requireIssuedNonce;
    this.resolveTimeout = b.resolveTimeout;
    this.audiences = Set.copyOf(b.audiences);
  }

  /** A builder; {@code resolver} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The nonces this verifier's server issues, if configured. */
  public Optional<IssuedNonces> issuedNonces() {
    return issuedNonces;
  }

  /** Verifies a request signed in its {@code Signature-Input}/{@code Signature} headers. */
  public CompletableFuture<VerifiedCaller> verify(AuthRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      List<String> inputs = request.headerValues("Signature-Input");
      List<String> signatures = request.headerValues("Signature");
      if (inputs.isEmpty() || signatures.isEmpty()) {
        throw new IdentityException(
            IdentityError.AUTH_CREDENTIALS_MISSING, "signature-input/signature: missing");
      }
      if (inputs.size() > 1 || signatures.size() > 1) {
        throw malformed("signature-input/signature: expected one header each");
      }
      return verifySigned(request.method(), request.uri(), request.headers(), request.body(),
          inputs.get(0), signatures.get(0));
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Verifies a request whose body is a JSON carriage envelope: the digest covers {@code
   * JCS(payload)} only and the signature covers the request's real method and target.
   */
  public CompletableFuture<VerifiedCaller> verifyJson(AuthRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      JsonCarriage carriage = JsonCarriage.parse(request.body(), MAX_JSON_BODY_BYTES);
      Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      fields.put("content-digest", List.of(carriage.contentDigest()));
      return verifySigned(request.method(), request.uri(), fields, carriage.digestedBytes(),
          carriage.signatureInput(), carriage.signature());
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<VerifiedCaller> verifySigned(String method, URI uri, Map<String, List<String>> fields,
      byte[] body, String signatureInput, String signatureHeader) {
    checkAudience(uri);
    HttpMessageSignatures.Parsed parsed = HttpMessageSignatures.parse(signatureInput, signatureHeader);
    requireComponent(parsed, "@method");
    requireComponent(parsed, "@target-uri");
    if (body.length > 0) {
      requireComponent(parsed, "content-digest");
    }
    String keyId = parsed.stringParam("keyid").orElseThrow(() -> malformed("signature-input: keyid missing"));
    Did did = didOf(keyId);
    long created = parsed.longParam("created").orElseThrow(() -> malformed("signature-input: created missing"));
    Optional<Long> expires = parsed.longParam("expires");
    if (expires.isPresent() && expires.get() < created) {
      throw malformed("signature-input: expires is before created");
    }
    Optional<String> nonce = parsed.stringParam("nonce");
    if (nonce.isPresent() && (nonce.get().isEmpty() || nonce.get().length() > 128)) {
      throw malformed("signature-input: nonce must be 1 to 128 characters");
    }
    Optional<String> alg = parsed.stringParam("alg");
    Instant now = clock.instant();
    String subject = did.toString();
    replayCache.checkQuota(subject, now);
    checkTime(Instant.ofEpochSecond(created), expires, now);
    if (requireIssuedNonce && (nonce.isEmpty() || !issuedNonces.orElseThrow().isOutstanding(nonce.get()))) {
      throw new IdentityException(IdentityError.AUTH_NONCE_REUSED,
          "nonce: the request must echo an unused nonce issued by this server");
    }
    if (parsed.components().contains("content-digest")) {
      List<String> digest = fields.getOrDefault("content-digest", List.of());
      if (digest.size() != 1) {
        throw malformed("content-digest: expected exactly one header, got " + digest.size());
      }
      HttpMessageSignatures.checkContentDigest(digest.get(0), body);
    }
    byte[] base;
    try {
      base = HttpMessageSignatures.signatureBase(method, uri, fields, parsed);
    } catch (IdentityException e) {
      throw malformed(e.getMessage());
    }
    // Recorded per DID (so the DID's quota covers all its keys), keyed by keyid and nonce.
    String replayKey = keyId.substring(keyId.indexOf('#')) + " "
        + nonce.map(n -> "n:" + n).orElseGet(() -> "b:" + Base64Codec.encodeUrl(sha256(base)));
    if (replayCache.contains(subject, replayKey, now)) {
      throw replayed();
    }
    return unwrapped(resolve(did).thenApply(document -> {
      VerificationMethod vm = document.method(VerificationRelationship.AUTHENTICATION, keyId)
          .orElseThrow(() -> new IdentityException(IdentityError.AUTH_METHOD_NOT_IN_AUTHENTICATION,
              "keyid: " + printable(keyId) + " is not listed in authentication"));
      PublicKeyMaterial key;
      try {
        key = vm.publicKey();
      } catch (IdentityException e) {
        throw new IdentityException(IdentityError.INVALID_VERIFICATION_METHOD, "keyid: the key is not usable");
      }
      alg.ifPresent(a -> checkAlg(a, key.type()));
      try {
        key.verify(base, parsed.signature());
      } catch (IdentityException e) {
        throw new IdentityException(IdentityError.AUTH_SIGNATURE_INVALID, "signature: does not verify");
      }
      if (!replayCache.recordIfAbsent(subject, replayKey, clock.instant().plus(replayCache.retention()))) {
        throw replayed();
      }
      if (nonce.isPresent() && issuedNonces.isPresent() && !issuedNonces.get().consume(nonce.get())
          && requireIssuedNonce) {
        throw new IdentityException(IdentityError.AUTH_NONCE_REUSED, "nonce: the issued nonce was already used");
      }
      return new VerifiedCaller(did, vm.id(), Instant.ofEpochSecond(created), AuthScheme.HTTP_SIGNATURE);
    }));
  }

  private static void requireComponent(HttpMessageSignatures.Parsed parsed, String component) {
    if (!parsed.components().contains(component)) {
      throw malformed("signature-input: \"" + component + "\" is not covered");
    }
  }

  private static Did didOf(String keyId) {
    int hash = keyId.indexOf('#');
    if (hash <= 0 || hash == keyId.length() - 1) {
      throw malformed("signature-input: keyid must be a full DID URL with a fragment");
    }
    try {
      return Did.parse(keyId.substring(0, hash));
    } catch (IdentityException e) {
      throw malformed("signature-input: keyid: " + e.getMessage());
    }
  }

  private void checkTime(Instant created, Optional<Long> expires, Instant now) {
    if (created.isBefore(now.minus(maxPastSkew))) {
      throw timestamp("created: " + Duration.between(created, now).getSeconds() + " s in the past");
    }
    if (created.isAfter(now.plus(maxFutureSkew))) {
      throw timestamp("created: " + Duration.between(now, created).getSeconds() + " s in the future");
    }
    if (expires.isPresent() && now.isAfter(Instant.ofEpochSecond(expires.get()))) {
      throw timestamp("expires: the signature expired");
    }
  }

  /** RFC 9421 registered algorithm names; a sent {@code alg} must name the key's algorithm. */
  private static void checkAlg(String alg, KeyType type) {
    String expected = switch (type) {
      case ED25519 -> "ed25519";
      case SECP256R1 -> "ecdsa-p256-sha256";
      case SECP256K1 -> "ecdsa-secp256k1-sha256";
      case X25519 -> "";
    };
    if (!alg.equals(expected)) {
      throw new IdentityException(IdentityError.INVALID_VERIFICATION_METHOD,
          "alg: " + printable(alg) + " does not match the " + type + " key");
    }
  }

  private CompletableFuture<DidDocument> resolve(Did did) {
    CompletableFuture<DidDocument> resolved;
    try {
      resolved = resolver.resolve(did);
    } catch (RuntimeException e) {
      resolved = CompletableFuture.failedFuture(e);
    }
    return resolved.orTimeout(resolveTimeout.toMillis(), TimeUnit.MILLISECONDS).handle((document, failure) -> {
      if (failure != null) {
        Throwable cause = cause(failure);
        String why = cause instanceof TimeoutException ? "resolution timed out"
            : cause instanceof IdentityException ie ? ie.getMessage() : cause.getClass().getSimpleName();
        throw unresolvable(did, why);
      }
      if (!document.id().equals(did)) {
        throw unresolvable(did, "the resolved document is for another DID");
      }
      try {
        return ActiveDocuments.requireActive(document);
      } catch (IdentityException e) {
        throw unresolvable(did, e.getMessage());
      }
    });
  }

  private static IdentityException unresolvable(Did did, String why) {
    return new IdentityException(IdentityError.AUTH_DID_UNRESOLVABLE, "did: " + did + ": " + why);
  }

  private static IdentityException replayed() {
    return new IdentityException(IdentityError.AUTH_NONCE_REUSED, "nonce: this request was already accepted");
  }

  private static IdentityException timestamp(String detail) {
    return new IdentityException(IdentityError.AUTH_TIMESTAMP_OUT_OF_WINDOW, detail);
  }

  private static IdentityException malformed(String detail) {
    return new IdentityException(IdentityError.AUTH_MALFORMED_HEADER, detail);
  }

  private static <T> CompletableFuture<T> unwrapped(CompletableFuture<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    stage.whenComplete((value, failure) -> {
      if (failure != null) {
        out.completeExceptionally(cause(failure));
      } else {
        out.complete(value);
      }
    });
    return out;
  }

  private static Throwable cause(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  private void checkAudience(URI uri) {
    String host = uri.getHost();
    if (!audiences.isEmpty() && (host == null || !audiences.contains(host.toLowerCase(Locale.ROOT)))) {
      throw new IdentityException(IdentityError.AUTH_AUDIENCE_MISMATCH,
          "host: " + printable(String.valueOf(host)) + " is not an audience of this verifier");
    }
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && i < 120; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    return out.toString();
  }

  /** Builds an {@link HttpSignatureVerifier}. Not thread-safe. */
  public static final class Builder {
    private DidResolver resolver;
    private Clock clock = Clock.systemUTC();
    private Duration maxPastSkew = Duration.ofMinutes(5);
    private Duration maxFutureSkew = Duration.ofMinutes(1);
    private NonceStore replayCache;
    private IssuedNonces issuedNonces;
    private boolean requireIssuedNonce;
    private Duration resolveTimeout = Duration.ofSeconds(10);
    private final Set<String> audiences = new HashSet<>();

    private Builder() {}

    /**
     * Host names this server answers for; a request whose target names another host is refused
     * ({@code invalid_request}) before anything else, so a signature made for one service cannot
     * be replayed to another that ignores the {@code Host} header. Without any, every host is
     * accepted: set them on a server.
     */
    public Builder audience(String... hosts) {
      for (String host : hosts) {
        if (host == null || host.isEmpty()) {
          throw new IllegalArgumentException("audience: empty host");
        }
        audiences.add(host.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /** How DIDs are resolved; required. */
    public Builder resolver(DidResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** The clock; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How old {@code created} may be; default 5 minutes (ANP-02 1.2: 1 to 5 minutes). */
    public Builder maxPastSkew(Duration skew) {
      this.maxPastSkew = notNegative(skew, "maxPastSkew");
      return this;
    }

    /** How far ahead {@code created} may be; default 1 minute. */
    public Builder maxFutureSkew(Duration skew) {
      this.maxFutureSkew = notNegative(skew, "maxFutureSkew");
      return this;
    }

    /**
     * The replay cache, keyed by {@code (keyid, nonce)} and counted per DID (see the class
     * comment); default {@code NonceStore.inMemoryBuilder().build()} (100,000 entries, 5,000 per
     * DID, 32 MiB, 6 minutes). Share one store among servers of a cluster.
     */
    public Builder replayCache(NonceStore store) {
      this.replayCache = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The nonces this server issues in its challenges; an echoed one is consumed on success. */
    public Builder issuedNonces(IssuedNonces nonces) {
      this.issuedNonces = Objects.requireNonNull(nonces, "nonces");
      return this;
    }

    /** Accept only requests that echo an outstanding issued nonce (needs {@link #issuedNonces}). */
    public Builder requireIssuedNonce(boolean require) {
      this.requireIssuedNonce = require;
      return this;
    }

    /** Longest wait for a DID resolution; default 10 seconds. */
    public Builder resolveTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("resolveTimeout must be positive: " + timeout);
      }
      this.resolveTimeout = timeout;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @throws IllegalStateException without a resolver, when an issued nonce is required but no
     *     {@link IssuedNonces} is set, or when the replay cache's retention does not exceed
     *     {@code maxPastSkew}
     */
    public HttpSignatureVerifier build() {
      if (resolver == null) {
        throw new IllegalStateException("resolver(...) is required");
      }
      if (requireIssuedNonce && issuedNonces == null) {
        throw new IllegalStateException("requireIssuedNonce needs issuedNonces(...)");
      }
      if (replayCache == null) {
        replayCache = NonceStore.inMemoryBuilder().metrics(MetricsRegistry.create(), "http_signature_replay").build();
      }
      if (replayCache.retention().compareTo(maxPastSkew) <= 0) {
        throw new IllegalStateException(
            "replay cache retention " + replayCache.retention() + " must exceed maxPastSkew " + maxPastSkew);
      }
      return new HttpSignatureVerifier(this);
    }

    private static Duration notNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
      return d;
    }
  }
}
