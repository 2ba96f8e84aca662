package org.anp.transport.p1;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.NonceStore;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.internal.p1.SignatureInput;

/**
 * Verifies the origin proof of a P1 request end to end (P1 Appendix A.6, A.7): the proof's shape,
 * the key id's DID equal to {@code meta.sender_did}, the time window, the sender's DID document
 * (resolved through the configured resolver, which validates it under its method), the key
 * authorized by {@code authentication}, the content digest and signature, and finally the nonce
 * (single use per key id, when the signer sent one).
 *
 * <p>Security: every failure is {@code UNAUTHORIZED} (1005); a request is never half-accepted.
 * Thread-safe.
 */
public final class OriginProofVerifier {
  private final DidResolver resolver;
  private final Clock clock;
  private final NonceStore nonces;
  private final Duration maxAge;
  private final Duration futureSkew;

  private OriginProofVerifier(Builder b) {
    this.resolver = b.resolver;
    this.clock = b.clock;
    this.nonces = b.nonces;
    this.maxAge = b.maxAge;
    this.futureSkew = b.futureSkew;
  }

  /** A builder; {@link Builder#resolver} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies the origin proof of {@code request}.
   *
   * @return a future of the verified origin; it fails with {@link RpcException} {@code
   *     UNAUTHORIZED} (1005) naming the failed step, never with another exception
   */
  public CompletableFuture<VerifiedOrigin> verify(P1Request request) {
    String did;
    try {
      did = precheck(request).did;
    } catch (RpcException e) {
      return CompletableFuture.failedFuture(e);
    }
    return resolver
        .resolve(did)
        .handle(
            (document, failure) -> {
              if (failure != null) {
                throw new CompletionException(
                    OriginProofs.unauthorized("meta.sender_did: the DID could not be resolved"));
              }
              try {
                return verify(request, document);
              } catch (RpcException e) {
                throw new CompletionException(e);
              }
            })
        .exceptionallyCompose(t -> CompletableFuture.failedFuture(unwrap(t)));
  }

  /**
   * Verifies the origin proof of {@code request} against the already resolved document of its
   * sender.
   *
   * @throws RpcException {@code UNAUTHORIZED} (1005) naming the failed step
   */
  public VerifiedOrigin verify(P1Request request, DidDocument senderDocument) {
    Checked checked = precheck(request);
    if (!senderDocument.id().toString().equals(checked.did)) {
      throw OriginProofs.unauthorized("the document is not the sender's");
    }
    VerificationMethod method =
        senderDocument
            .method(VerificationRelationship.AUTHENTICATION, checked.input.keyId())
            .orElseThrow(() -> OriginProofs.unauthorized("keyid: not authorized by authentication"));
    PublicKeyMaterial key;
    try {
      key = method.publicKey();
    } catch (IdentityException e) {
      throw OriginProofs.unauthorized("keyid: the key is not a valid signing key");
    }
    VerifiedOrigin origin = OriginProofs.checkSignature(request, key);
    Optional<String> nonce = checked.input.nonce();
    if (nonce.isPresent()) {
      boolean fresh;
      try {
        fresh = nonces.recordIfAbsent(origin.keyId(), nonce.get(), clock.instant().plus(nonces.retention()));
      } catch (IdentityException e) {
        throw new RpcException(CoreRpcError.TEMPORARILY_UNAVAILABLE, "nonce store full");
      }
      if (!fresh) {
        throw OriginProofs.unauthorized("origin_proof nonce: already used");
      }
    }
    return origin;
  }

  private Checked precheck(P1Request request) {
    OriginProof proof =
        request.originProof().orElseThrow(() -> OriginProofs.unauthorized("params.auth: no origin proof"));
    if (request.meta().target().isEmpty()) {
      throw OriginProofs.unauthorized("params.meta.target: required with an origin proof");
    }
    SignatureInput input = OriginProofs.parseInput(proof.signatureInput());
    String did = OriginProofs.didOf(input.keyId());
    if (!request.meta().senderDid().map(did::equals).orElse(false)) {
      throw OriginProofs.unauthorized("keyid: its DID is not meta.sender_did");
    }
    Instant now = clock.instant();
    Instant created = Instant.ofEpochSecond(input.created());
    if (created.isAfter(now.plus(futureSkew))) {
      throw OriginProofs.unauthorized("origin_proof created: in the future");
    }
    if (created.plus(maxAge).isBefore(now)) {
      throw OriginProofs.unauthorized("origin_proof created: older than " + maxAge.toSeconds() + " s");
    }
    if (input.expires().isPresent()) {
      Instant expires = Instant.ofEpochSecond(input.expires().getAsLong());
      if (!expires.isAfter(created)) {
        throw OriginProofs.unauthorized("origin_proof expires: not after created");
      }
      if (now.isAfter(expires)) {
        throw OriginProofs.unauthorized("origin_proof expires: passed");
      }
    }
    return new Checked(did, input);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while (c instanceof CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    return c instanceof RpcException ? c : OriginProofs.unauthorized("origin proof could not be verified");
  }

  private record Checked(String did, SignatureInput input) {}

  /** Builds an {@link OriginProofVerifier}; not thread-safe. */
  public static final class Builder {
    private DidResolver resolver;
    private Clock clock = Clock.systemUTC();
    private NonceStore nonces;
    private Duration maxAge = Duration.ofMinutes(5);
    private Duration futureSkew = Duration.ofSeconds(60);

    private Builder() {}

    /** How the sender's DID is resolved (required). */
    public Builder resolver(DidResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** The clock for the time window; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where used nonces are kept; default in memory, 100,000 entries, kept 10 minutes. */
    public Builder nonceStore(NonceStore store) {
      this.nonces = Objects.requireNonNull(store, "store");
      return this;
    }

    /** How old {@code created} may be; default 5 minutes (ANP-02: 1-5 min). */
    public Builder maxAge(Duration age) {
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("maxAge must be positive");
      }
      this.maxAge = age;
      return this;
    }

    /** How far in the future {@code created} may be; default 60 seconds. */
    public Builder futureSkew(Duration skew) {
      if (skew.isNegative()) {
        throw new IllegalArgumentException("futureSkew must not be negative");
      }
      this.futureSkew = skew;
      return this;
    }

    /**
     * The verifier.
     *
     * @throws IllegalStateException without a resolver, or if the nonce store forgets nonces
     *     sooner than {@code maxAge + futureSkew}
     */
    public OriginProofVerifier build() {
      if (resolver == null) {
        throw new IllegalStateException("resolver is required");
      }
      if (nonces == null) {
        nonces = NonceStore.inMemory(100_000, Duration.ofMinutes(10));
      }
      if (nonces.retention().compareTo(maxAge.plus(futureSkew)) < 0) {
        throw new IllegalStateException("the nonce store must keep nonces for maxAge + futureSkew");
      }
      return new OriginProofVerifier(this);
    }
  }
}
