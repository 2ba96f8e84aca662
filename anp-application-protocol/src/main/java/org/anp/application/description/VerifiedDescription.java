package org.anp.application.description;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent description whose proof {@link DescriptionVerifier} has checked: signed by the
 * assertion key of the DID the description names, over the document as received, and (when the
 * proof names a {@code domain}) fetched from that host. Only the verifier creates instances, so
 * holding one is evidence of a successful check; every consumer of descriptions (calls,
 * discovery, search) takes this type, never a bare {@link AgentDescription}.
 *
 * <p>Immutable and thread-safe.
 */
public final class VerifiedDescription {
  private final AgentDescription description;
  private final String did;
  private final String verificationMethod;
  private final Instant signedAt;
  private final Optional<String> domain;

  VerifiedDescription(
      AgentDescription description,
      String did,
      String verificationMethod,
      Instant signedAt,
      Optional<String> domain) {
    this.description = Objects.requireNonNull(description, "description");
    this.did = Objects.requireNonNull(did, "did");
    this.verificationMethod = Objects.requireNonNull(verificationMethod, "verificationMethod");
    this.signedAt = Objects.requireNonNull(signedAt, "signedAt");
    this.domain = Objects.requireNonNull(domain, "domain");
  }

  /** The description. */
  public AgentDescription description() {
    return description;
  }

  /** The DID that signed it, which is the description's {@code did}. */
  public String did() {
    return did;
  }

  /** The absolute id of the verification method whose key signed. */
  public String verificationMethod() {
    return verificationMethod;
  }

  /** The proof's {@code created} time. */
  public Instant signedAt() {
    return signedAt;
  }

  /** The proof's {@code domain}, checked against the fetch host; absent if the proof names none. */
  public Optional<String> domain() {
    return domain;
  }

  @Override
  public String toString() {
    return "VerifiedDescription[" + description.name() + ", " + verificationMethod + "]";
  }
}
