package org.anp.application.description;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.internal.description.DateTimes;
import org.anp.application.internal.description.DescriptionProofs;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.resolve.DidResolver;

/**
 * Verifies the proof of an agent description (spec/application.md section 5, decision 0037) and
 * returns a {@link VerifiedDescription}, or fails; there is no other outcome. Checks, in order:
 *
 * <ol>
 *   <li>a proof is present ({@code INVALID_PROOF}) and the description names a {@code did}
 *       ({@code SIGNER_MISMATCH});
 *   <li>{@code proof.verificationMethod} is a method of that DID ({@code SIGNER_MISMATCH});
 *   <li>{@code proofPurpose} is {@code assertionMethod}; {@code created} is not later than now
 *       plus the allowed skew ({@code INVALID_PROOF});
 *   <li>with a {@code domain}: a {@code challenge} is present ({@code INVALID_PROOF}) and the
 *       domain equals the host the description was fetched from, ignoring case ({@code
 *       DOMAIN_MISMATCH}; an unknown fetch host fails too);
 *   <li>the DID document resolved for the DID ({@code DID_RESOLUTION_FAILED}) has the method in
 *       {@code assertionMethod}, or in {@code authentication} if the document has no {@code
 *       assertionMethod} (the {@code KeyRole.ASSERTION} rule), and the proof type allows its key;
 *   <li>the signature verifies over SHA-256 of the JCS of the description as received, with the
 *       proof but without {@code proofValue} ({@code INVALID_PROOF}).
 * </ol>
 *
 * <p>Thread-safe; the resolver's cache makes repeated checks of one DID cheap.
 */
public final class DescriptionVerifier {
  private final DidResolver resolver;
  private final Clock clock;
  private final Duration maxClockSkew;

  private DescriptionVerifier(Builder b) {
    this.resolver = b.resolver;
    this.clock = b.clock;
    this.maxClockSkew = b.maxClockSkew;
  }

  /** A builder; {@link Builder#resolver(DidResolver)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Resolves the description's DID and verifies the description.
   *
   * @param fetchedFromHost the host the description was fetched from; empty if it did not come
   *     from the network (then a proof naming a {@code domain} fails)
   * @return a future that completes with the verified description, or fails with an {@link
   *     ApplicationException} (never a wrapper)
   */
  public CompletableFuture<VerifiedDescription> verify(
      AgentDescription description, Optional<String> fetchedFromHost) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(fetchedFromHost, "fetchedFromHost");
    String did;
    try {
      preCheck(description, fetchedFromHost);
      did = description.did().orElseThrow();
    } catch (ApplicationException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<VerifiedDescription> result = new CompletableFuture<>();
    resolver
        .resolve(did)
        .whenComplete(
            (document, failure) -> {
              if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
                result.completeExceptionally(
                    new ApplicationException(
                        ApplicationError.DID_RESOLUTION_FAILED,
                        "did: " + did + " could not be resolved",
                        cause));
                return;
              }
              try {
                result.complete(verify(description, document, fetchedFromHost));
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  /**
   * Verifies the description against an already resolved DID document (no I/O).
   *
   * @throws ApplicationException {@code INVALID_PROOF}, {@code SIGNER_MISMATCH} or {@code
   *     DOMAIN_MISMATCH} as listed above
   */
  public VerifiedDescription verify(
      AgentDescription description, DidDocument signer, Optional<String> fetchedFromHost) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(fetchedFromHost, "fetchedFromHost");
    Instant created = preCheck(description, fetchedFromHost);
    String did = description.did().orElseThrow();
    DescriptionProof proof = description.proof().orElseThrow();
    if (!signer.id().toString().equals(did)) {
      throw failure(
          ApplicationError.SIGNER_MISMATCH, "did: the resolved document is " + signer.id() + ", not " + did);
    }
    VerificationRelationship relationship =
        signer.references(VerificationRelationship.ASSERTION_METHOD).isEmpty()
            ? VerificationRelationship.AUTHENTICATION
            : VerificationRelationship.ASSERTION_METHOD;
    VerificationMethod method =
        signer
            .method(relationship, proof.verificationMethod())
            .orElseThrow(
                () ->
                    failure(
                        ApplicationError.INVALID_PROOF,
                        "proof.verificationMethod: "
                            + proof.verificationMethod()
                            + " is not an "
                            + relationship.propertyName()
                            + " method of "
                            + did));
    PublicKeyMaterial key;
    try {
      key = method.publicKey();
    } catch (IdentityException e) {
      throw new ApplicationException(
          ApplicationError.INVALID_PROOF, "proof.verificationMethod: its key is invalid", e);
    }
    if (!DescriptionProofs.allows(proof.type(), key.type())) {
      throw failure(
          ApplicationError.INVALID_PROOF,
          "proof.type: " + proof.type() + " does not fit the " + key.type() + " key of " + method.id());
    }
    byte[] digest = DescriptionProofs.digest(description.signedTree());
    for (byte[] signature : DescriptionProofs.signatures(proof.proofValue())) {
      try {
        key.verify(digest, signature);
        return new VerifiedDescription(
            description, did, method.id(), created, proof.domain());
      } catch (IdentityException | IllegalArgumentException e) {
        // try the next decoding of the proof value
      }
    }
    throw failure(
        ApplicationError.INVALID_PROOF,
        "proof.proofValue: signature does not verify with " + method.id());
  }

  /** The checks that need no DID document; returns {@code proof.created}. */
  private Instant preCheck(AgentDescription description, Optional<String> fetchedFromHost) {
    DescriptionProof proof =
        description
            .proof()
            .orElseThrow(() -> failure(ApplicationError.INVALID_PROOF, "proof: missing"));
    String did =
        description
            .did()
            .orElseThrow(() -> failure(ApplicationError.SIGNER_MISMATCH, "did: missing"));
    if (!proof.verificationMethod().startsWith(did + "#")) {
      throw failure(
          ApplicationError.SIGNER_MISMATCH,
          "proof.verificationMethod: " + proof.verificationMethod() + " is not a method of " + did);
    }
    if (!"assertionMethod".equals(proof.proofPurpose())) {
      throw failure(
          ApplicationError.INVALID_PROOF, "proof.proofPurpose: expected assertionMethod");
    }
    Instant created = createdOf(proof);
    if (created.isAfter(clock.instant().plus(maxClockSkew))) {
      throw failure(ApplicationError.INVALID_PROOF, "proof.created: " + created + " is in the future");
    }
    if (proof.domain().isPresent()) {
      if (proof.challenge().isEmpty() || proof.challenge().get().isEmpty()) {
        throw failure(ApplicationError.INVALID_PROOF, "proof.challenge: missing with a domain");
      }
      String domain = proof.domain().get();
      if (fetchedFromHost.isEmpty()) {
        throw failure(
            ApplicationError.DOMAIN_MISMATCH,
            "proof.domain: " + domain + " but the host the description came from is unknown");
      }
      if (!domain.toLowerCase(Locale.ROOT).equals(fetchedFromHost.get().toLowerCase(Locale.ROOT))) {
        throw failure(
            ApplicationError.DOMAIN_MISMATCH,
            "proof.domain: " + domain + ", but fetched from " + fetchedFromHost.get());
      }
    }
    return created;
  }

  private static Instant createdOf(DescriptionProof proof) {
    // The reader checked the format.
    return DateTimes.parse(proof.created());
  }

  private static ApplicationException failure(ApplicationError code, String message) {
    return new ApplicationException(code, message);
  }

  /** Builds a {@link DescriptionVerifier}. Not thread-safe. */
  public static final class Builder {
    private DidResolver resolver;
    private Clock clock = Clock.systemUTC();
    private Duration maxClockSkew = Duration.ofMinutes(1);

    private Builder() {}

    /** The resolver of signer DIDs (required). */
    public Builder resolver(DidResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** The clock against which {@code proof.created} is checked; default the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How far in the future {@code proof.created} may be; default one minute. */
    public Builder maxClockSkew(Duration skew) {
      Objects.requireNonNull(skew, "skew");
      if (skew.isNegative()) {
        throw new IllegalArgumentException("maxClockSkew: negative");
      }
      this.maxClockSkew = skew;
      return this;
    }

    /** Builds the verifier. */
    public DescriptionVerifier build() {
      if (resolver == null) {
        throw new IllegalStateException("resolver is required");
      }
      return new DescriptionVerifier(this);
    }
  }
}
