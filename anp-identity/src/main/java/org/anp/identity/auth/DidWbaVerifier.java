package org.anp.identity.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.internal.auth.HttpMessageSignatures;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.keys.Sha256DigestSigning;
import org.anp.identity.resolve.DidResolver;

/**
 * Verifies that an HTTP request was signed by a DID (spec/identity.md 1.5): the
 * {@code Authorization: DIDWba ...} header (both versions, and the older {@code DID ... Nonce}
 * form), RFC 9421 HTTP message signatures as the reference SDK sends them, the JSON login, or a
 * bearer token from {@link AccessTokenService}.
 *
 * <p>Checks, in this order (spec/README.md #14): parse; the request host is an audience; the
 * timestamp is within [now - maxPastSkew, now + maxFutureSkew] (inclusive); the nonce is unused;
 * the DID resolves (within {@link Builder#resolveTimeout}); the verification method is listed in
 * {@code authentication}; the signature verifies over the server's own host; then the nonce is
 * recorded atomically, so of concurrent replays exactly one passes. Nothing is recorded for a
 * request that fails. Permission (403 {@code DID_FORBIDDEN}) is the caller's decision afterwards.
 *
 * <p>The signed host field of a {@code DIDWba} header is {@code service} for {@code v} below 1.1
 * and {@code aud} from 1.1 (spec/README.md #7). A header without {@code v} is accepted when it
 * verifies with either, because the snapshot spec signs {@code service} while the reference SDK
 * signs {@code aud} (conformance case {@code no-v-param}); both bind the same host.
 *
 * <p><b>Security:</b> the returned future completes with a {@link VerifiedCaller} only when every
 * check passed; otherwise it fails with an {@link IdentityException} (never wrapped) coded
 * {@code AUTH_CREDENTIALS_MISSING}, {@code AUTH_MALFORMED_HEADER}, {@code AUTH_AUDIENCE_MISMATCH},
 * {@code AUTH_TIMESTAMP_OUT_OF_WINDOW}, {@code AUTH_NONCE_REUSED}, {@code AUTH_NONCE_STORE_FULL},
 * {@code AUTH_DID_UNRESOLVABLE}, {@code AUTH_METHOD_NOT_IN_AUTHENTICATION},
 * {@code AUTH_SIGNATURE_INVALID} or {@code AUTH_TOKEN_INVALID}; map it with
 * {@link AuthChallenge}.
 *
 * <p>Thread-safe and meant to be shared.
 */
public final class DidWbaVerifier {
  /** Largest JSON login body read by {@link #verifyJsonLogin}. */
  public static final int MAX_JSON_LOGIN_BYTES = 8192;

  private static final List<String> REQUIRED_COMPONENTS = List.of("@method", "@target-uri");

  private final DidResolver resolver;
  private final Set<String> audiences;
  private final Clock clock;
  private final Duration maxPastSkew;
  private final Duration maxFutureSkew;
  private final NonceStore nonceStore;
  private final Optional<AccessTokenService> tokens;
  private final Duration resolveTimeout;

  private DidWbaVerifier(Builder b) {
    this.resolver = b.resolver;
    this.audiences = Set.copyOf(b.audiences);
    this.clock = b.clock;
    this.maxPastSkew = b.maxPastSkew;
    this.maxFutureSkew = b.maxFutureSkew;
    this.nonceStore = b.nonceStore;
    this.tokens = Optional.ofNullable(b.tokens);
    this.resolveTimeout = b.resolveTimeout;
  }

  /** A builder; {@code resolver} and {@code audience} (or {@code ignoreAudience}) are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether {@link #verify} of an RFC 9421 signature never waits on I/O itself: its nonce store
   * says it is {@linkplain NonceStore#nonBlocking non-blocking} (the DID resolution is
   * asynchronous in any case). A server may then verify such a request on its I/O thread
   * (decision 0094).
   */
  public boolean verifiesSignaturesWithoutBlocking() {
    return nonceStore.nonBlocking();
  }

  /** The access-token service, if one was configured. */
  public Optional<AccessTokenService> tokens() {
    return tokens;
  }

  /**
   * Verifies a request: a {@code Bearer} Authorization goes to the token service; otherwise
   * {@code Signature-Input}/{@code Signature} headers mean an HTTP message signature; otherwise
   * the Authorization header must be a {@code DIDWba} (or legacy {@code DID}) header.
   */
  public CompletableFuture<VerifiedCaller> verify(AuthRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      List<String> authorization = request.headerValues("Authorization");
      if (authorization.size() > 1) {
        throw malformed("authorization: more than one Authorization header");
      }
      Optional<String> auth = authorization.stream().findFirst();
      if (auth.isPresent() && isBearer(auth.get())) {
        AccessTokenService service =
            tokens.orElseThrow(
                () -> new IdentityException(
                    IdentityError.AUTH_TOKEN_INVALID, "authorization: bearer tokens are not accepted here"));
        return CompletableFuture.completedFuture(service.verify(auth.get().strip().substring(7)));
      }
      if (!request.headerValues("Signature-Input").isEmpty()
          || !request.headerValues("Signature").isEmpty()) {
        return verifyHttpSignature(request);
      }
      if (auth.isEmpty()) {
        throw new IdentityException(
            IdentityError.AUTH_CREDENTIALS_MISSING, "authorization: no credentials in the request");
      }
      String domain = checkAudience(request);
      return verifyHeader(DidWbaAuthHeader.parse(auth.get()), domain, AuthScheme.DIDWBA_HEADER);
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Verifies the JSON login of spec/identity.md 1.6: the request body is
   * {@code {"did","nonce","timestamp","verification_method","signature"[,"v"]}}, signed as the
   * header is, for the request's host. Same checks and codes as {@link #verify}.
   */
  public CompletableFuture<VerifiedCaller> verifyJsonLogin(AuthRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      String domain = checkAudience(request);
      return verifyHeader(parseJsonLogin(request.body()), domain, AuthScheme.JSON_LOGIN);
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * The cryptographic part of a {@code DIDWba} check, without time, nonce or resolution: the
   * header's DID must be {@code document}'s id, its method must be listed in
   * {@code authentication}, and the signature must verify for {@code domain}.
   *
   * @return the verification method that signed
   * @throws IdentityException {@code AUTH_DID_UNRESOLVABLE} for another DID's document or an
   *     invalid key of the method, {@code AUTH_METHOD_NOT_IN_AUTHENTICATION},
   *     {@code AUTH_SIGNATURE_INVALID}
   */
  public static VerificationMethod verifySignature(
      DidWbaAuthHeader header, DidDocument document, String domain) {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(domain, "domain");
    if (!document.id().equals(header.did())) {
      throw new IdentityException(
          IdentityError.AUTH_DID_UNRESOLVABLE, "did: the document is for another DID");
    }
    VerificationMethod method = authenticationMethod(document, header.verificationMethod());
    List<AuthVersion> versions =
        header.version().map(List::of).orElse(List.of(AuthVersion.V1_0, AuthVersion.V1_1));
    byte[] signature = header.signatureBytes();
    PublicKeyMaterial key = keyOf(document.id(), method);
    for (AuthVersion v : versions) {
      try {
        Sha256DigestSigning.verify(key, header.signingInput(v, domain), signature);
        return method;
      } catch (IdentityException e) {
        // try the next reading of a header without v
      }
    }
    throw new IdentityException(
        IdentityError.AUTH_SIGNATURE_INVALID, "signature: does not verify for " + domain);
  }

  private CompletableFuture<VerifiedCaller> verifyHeader(
      DidWbaAuthHeader header, String domain, AuthScheme scheme) {
    Instant now = clock.instant();
    checkWindow(header.signedAt(), now, "timestamp");
    String did = header.did().toString();
    nonceStore.checkQuota(did, now);
    checkNonceUnused(did, header.nonce(), now);
    return unwrapped(
        resolve(header.did())
            .thenApply(
                document -> {
                  VerificationMethod method = verifySignature(header, document, domain);
                  recordNonce(did, header.nonce());
                  return new VerifiedCaller(header.did(), method.id(), header.signedAt(), scheme);
                }));
  }

  private CompletableFuture<VerifiedCaller> verifyHttpSignature(AuthRequest request) {
    String domain = checkAudience(request);
    String input = single(request, "Signature-Input");
    String sigHeader = single(request, "Signature");
    HttpMessageSignatures.Parsed parsed = HttpMessageSignatures.parse(input, sigHeader);
    List<String> required = new ArrayList<>(REQUIRED_COMPONENTS);
    byte[] body = request.body();
    if (body.length > 0) {
      required.add("content-digest");
    }
    for (String c : required) {
      if (!parsed.components().contains(c)) {
        throw new IdentityException(
            IdentityError.AUTH_SIGNATURE_INVALID, "signature-input: \"" + c + "\" is not covered");
      }
    }
    String keyId = parsed.stringParam("keyid").orElseThrow(() -> malformed("signature-input: keyid missing"));
    int hash = keyId.indexOf('#');
    if (hash <= 0 || hash == keyId.length() - 1) {
      throw malformed("signature-input: keyid must be a DID URL with a fragment");
    }
    Did did;
    try {
      did = Did.parse(keyId.substring(0, hash));
    } catch (IdentityException e) {
      throw malformed("signature-input: keyid: " + e.getMessage());
    }
    long created = parsed.longParam("created").orElseThrow(() -> malformed("signature-input: created missing"));
    String nonce = parsed.stringParam("nonce").orElseThrow(() -> malformed("signature-input: nonce missing"));
    if (nonce.isEmpty() || nonce.length() > 128) {
      throw malformed("signature-input: nonce must be 1 to 128 characters");
    }
    Instant now = clock.instant();
    nonceStore.checkQuota(did.toString(), now);
    Instant createdAt = Instant.ofEpochSecond(created);
    checkWindow(createdAt, now, "created");
    Optional<Long> expires = parsed.longParam("expires");
    if (expires.isPresent() && Instant.ofEpochSecond(expires.get()).isBefore(now)) {
      throw new IdentityException(
          IdentityError.AUTH_TIMESTAMP_OUT_OF_WINDOW, "expires: the signature expired");
    }
    checkNonceUnused(did.toString(), nonce, now);
    if (parsed.components().contains("content-digest")) {
      HttpMessageSignatures.checkContentDigest(single(request, "Content-Digest"), body);
    }
    byte[] base =
        HttpMessageSignatures.signatureBase(request.method(), request.uri(), request.headers(), parsed);
    return unwrapped(
        resolve(did)
            .thenApply(
                document -> {
                  VerificationMethod method = authenticationMethod(document, keyId);
                  PublicKeyMaterial key = keyOf(did, method);
                  try {
                    key.verify(base, parsed.signature());
                  } catch (IdentityException e) {
                    throw new IdentityException(
                        IdentityError.AUTH_SIGNATURE_INVALID, "signature: does not verify for " + domain);
                  }
                  recordNonce(did.toString(), nonce);
                  return new VerifiedCaller(did, method.id(), createdAt, AuthScheme.HTTP_SIGNATURE);
                }));
  }

  private static DidWbaAuthHeader parseJsonLogin(byte[] body) {
    JsonNode json;
    try {
      json = StrictJson.parse(body, MAX_JSON_LOGIN_BYTES);
    } catch (IdentityException e) {
      throw malformed("json login: " + e.getMessage());
    }
    if (!json.isObject()) {
      throw malformed("json login: not a JSON object");
    }
    Optional<AuthVersion> version = Optional.empty();
    if (json.has("v")) {
      String v = jsonText(json, "v");
      version = AuthVersion.fromWire(v);
      if (version.isEmpty()) {
        throw malformed("json login: v: not a version number");
      }
    }
    Did did;
    try {
      did = Did.parse(jsonText(json, "did"));
    } catch (IdentityException e) {
      throw malformed("json login: did: " + e.getMessage());
    }
    return new DidWbaAuthHeader(
        version,
        did,
        jsonText(json, "nonce"),
        jsonText(json, "timestamp"),
        jsonText(json, "verification_method"),
        jsonText(json, "signature"),
        false);
  }

  private static String jsonText(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || !v.isTextual()) {
      throw malformed("json login: " + field + ": missing or not a string");
    }
    return v.textValue();
  }

  private static VerificationMethod authenticationMethod(DidDocument document, String idOrFragment) {
    return document
        .method(VerificationRelationship.AUTHENTICATION, idOrFragment)
        .orElseThrow(
            () -> new IdentityException(
                IdentityError.AUTH_METHOD_NOT_IN_AUTHENTICATION,
                "verification_method: " + printable(idOrFragment) + " is not listed in authentication"));
  }

  // A document decodes each key on first use (decision 0007); an invalid key leaves the DID as
  // unusable here as a document that failed to parse did before.
  private static PublicKeyMaterial keyOf(Did did, VerificationMethod method) {
    try {
      return method.publicKey();
    } catch (IdentityException e) {
      throw unresolvable(did, "the key of #" + printable(method.fragment()) + " is invalid");
    }
  }

  private String checkAudience(AuthRequest request) {
    String host = request.host();
    if (!audiences.isEmpty() && !audiences.contains(host)) {
      throw new IdentityException(
          IdentityError.AUTH_AUDIENCE_MISMATCH, "host: " + printable(host) + " is not an audience of this verifier");
    }
    return host;
  }

  private void checkWindow(Instant signedAt, Instant now, String field) {
    if (signedAt.isBefore(now.minus(maxPastSkew))) {
      throw new IdentityException(
          IdentityError.AUTH_TIMESTAMP_OUT_OF_WINDOW,
          field + ": " + Duration.between(signedAt, now).getSeconds() + " s in the past, limit "
              + maxPastSkew.getSeconds() + " s");
    }
    if (signedAt.isAfter(now.plus(maxFutureSkew))) {
      throw new IdentityException(
          IdentityError.AUTH_TIMESTAMP_OUT_OF_WINDOW,
          field + ": " + Duration.between(now, signedAt).getSeconds() + " s in the future, limit "
              + maxFutureSkew.getSeconds() + " s");
    }
  }

  private void checkNonceUnused(String did, String nonce, Instant now) {
    if (nonceStore.contains(did, nonce, now)) {
      throw nonceReused();
    }
  }

  private void recordNonce(String did, String nonce) {
    if (!nonceStore.recordIfAbsent(did, nonce, clock.instant().plus(nonceStore.retention()))) {
      throw nonceReused();
    }
  }

  private static IdentityException nonceReused() {
    return new IdentityException(IdentityError.AUTH_NONCE_REUSED, "nonce: already used by this DID");
  }

  private CompletableFuture<DidDocument> resolve(Did did) {
    CompletableFuture<DidDocument> resolved;
    try {
      resolved = resolver.resolve(did);
    } catch (RuntimeException e) {
      resolved = CompletableFuture.failedFuture(e);
    }
    return resolved
        .orTimeout(resolveTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .handle(
            (document, failure) -> {
              if (failure == null) {
                if (!document.id().equals(did)) {
                  throw unresolvable(did, "the resolved document is for another DID");
                }
                return document;
              }
              Throwable cause = cause(failure);
              if (cause instanceof TimeoutException) {
                throw unresolvable(did, "resolution timed out after " + resolveTimeout.toMillis() + " ms");
              }
              if (cause instanceof IdentityException ie) {
                throw unresolvable(did, ie.getMessage());
              }
              throw unresolvable(did, cause.getClass().getSimpleName());
            });
  }

  private static IdentityException unresolvable(Did did, String why) {
    return new IdentityException(IdentityError.AUTH_DID_UNRESOLVABLE, "did: " + did + ": " + why);
  }

  /** A future that fails with the underlying exception, never a CompletionException. */
  private static <T> CompletableFuture<T> unwrapped(CompletableFuture<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
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

  private static String single(AuthRequest request, String name) {
    List<String> values = request.headerValues(name);
    if (values.size() != 1) {
      throw malformed(name.toLowerCase(Locale.ROOT) + ": expected exactly one header, got " + values.size());
    }
    return values.get(0);
  }

  private static boolean isBearer(String value) {
    String v = value.strip();
    return v.length() > 7 && v.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    return out.toString();
  }

  private static IdentityException malformed(String detail) {
    return new IdentityException(IdentityError.AUTH_MALFORMED_HEADER, detail);
  }

  /** Builds a {@link DidWbaVerifier}. Not thread-safe. */
  public static final class Builder {
    private DidResolver resolver;
    private final Set<String> audiences = new LinkedHashSet<>();
    private boolean ignoreAudience;
    private Clock clock = Clock.systemUTC();
    private Duration maxPastSkew = Duration.ofMinutes(5);
    private Duration maxFutureSkew = Duration.ofMinutes(1);
    private NonceStore nonceStore;
    private AccessTokenService tokens;
    private Duration resolveTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** How DIDs are resolved; required. */
    public Builder resolver(DidResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * The host names this server answers to (compared lower-case, no port); a request to another
     * host fails with {@code AUTH_AUDIENCE_MISMATCH}. Required unless {@link #ignoreAudience()}.
     */
    public Builder audience(String... hosts) {
      Objects.requireNonNull(hosts, "hosts");
      for (String h : hosts) {
        Objects.requireNonNull(h, "host");
        if (h.isBlank() || h.contains(":") || h.contains("/")) {
          throw new IllegalArgumentException("audience must be a bare host name: " + h);
        }
        audiences.add(h.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * Accepts signatures for whatever host the request names. Only safe behind a proxy that
     * already routes by a fixed host list; spelled out so the choice is visible.
     */
    public Builder ignoreAudience() {
      this.ignoreAudience = true;
      return this;
    }

    /** The clock; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How old a signed timestamp may be; default 5 minutes; not negative. */
    public Builder maxPastSkew(Duration skew) {
      this.maxPastSkew = notNegative(skew, "maxPastSkew");
      return this;
    }

    /** How far in the future a signed timestamp may be; default 1 minute; not negative. */
    public Builder maxFutureSkew(Duration skew) {
      this.maxFutureSkew = notNegative(skew, "maxFutureSkew");
      return this;
    }

    /**
     * Where used nonces are kept; default {@code NonceStore.inMemoryBuilder().build()} (100,000
     * nonces, 5,000 per DID, 32 MiB, 6 minutes).
     */
    public Builder nonceStore(NonceStore store) {
      this.nonceStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Accept bearer tokens of this service (optional). */
    public Builder tokens(AccessTokenService tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /** Longest wait for a DID resolution; default 10 seconds; positive. */
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
     * @throws IllegalStateException without a resolver, without an audience decision, with both
     *     audiences and {@code ignoreAudience()}, or if the nonce store's retention does not
     *     exceed {@code maxPastSkew} (it should cover {@code maxPastSkew + maxFutureSkew}, as the
     *     defaults do: 6 minutes for 5 + 1)
     */
    public DidWbaVerifier build() {
      if (resolver == null) {
        throw new IllegalStateException("resolver(...) is required");
      }
      if (audiences.isEmpty() && !ignoreAudience) {
        throw new IllegalStateException("audience(...) is required (or ignoreAudience())");
      }
      if (!audiences.isEmpty() && ignoreAudience) {
        throw new IllegalStateException("audience(...) and ignoreAudience() exclude each other");
      }
      if (nonceStore == null) {
        nonceStore = NonceStore.inMemoryBuilder().build();
      }
      if (nonceStore.retention().compareTo(maxPastSkew) <= 0) {
        throw new IllegalStateException(
            "nonce retention " + nonceStore.retention() + " must exceed maxPastSkew " + maxPastSkew);
      }
      return new DidWbaVerifier(this);
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
