package org.anp.meta.negotiator;

import java.util.Objects;
import java.util.Optional;

/**
 * What a negotiator is asked to judge: the peer's latest candidate protocol and its context.
 * Immutable.
 *
 * @param role the side the local agent plays
 * @param round the number of proposals exchanged so far, this one included (1 for the first)
 * @param candidate the peer's full candidate text
 * @param modificationSummary the peer's summary of changes, if it sent one
 * @param previousOwnCandidate the candidate this side sent last, if any
 * @param need the requester's need (its own, when {@code role} is requester); empty for a provider
 */
public record Proposal(
    Role role,
    int round,
    String candidate,
    Optional<String> modificationSummary,
    Optional<String> previousOwnCandidate,
    Optional<String> need) {

  public Proposal {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(modificationSummary, "modificationSummary");
    Objects.requireNonNull(previousOwnCandidate, "previousOwnCandidate");
    Objects.requireNonNull(need, "need");
  }

  /** The two sides of a negotiation. */
  public enum Role {
    /** The side that opens the negotiation with a need. */
    REQUESTER,
    /** The side that answers with what it can serve. */
    PROVIDER
  }
}
