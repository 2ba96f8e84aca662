package org.anp.meta.wire;

import java.util.Objects;
import java.util.Optional;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * {@code protocolNegotiation} (spec/meta-protocol.md §2.1): one round of the negotiation of a
 * protocol. Immutable.
 *
 * <p>{@code candidateProtocols} is the full text of a candidate every time; it must not be empty
 * when the status is {@code negotiating} or {@code accepted} (an {@code accepted} carries the
 * candidate it accepts, as the reference SDK does). On {@code rejected} and {@code timeout} it may
 * be empty; {@code modificationSummary} may then hold the reason.
 *
 * @param sequenceId the round number, {@code >= 0}
 * @param candidateProtocols the candidate protocol text, possibly empty (see above)
 * @param modificationSummary what changed since the previous candidate, or why it was refused
 * @param status the negotiation status
 */
public record ProtocolNegotiation(
    int sequenceId,
    String candidateProtocols,
    Optional<String> modificationSummary,
    NegotiationStatus status)
    implements MetaMessage {

  /** The {@code action} value. */
  public static final String ACTION = "protocolNegotiation";

  /**
   * @throws MetaProtocolException {@code MALFORMED_MESSAGE} for a negative sequence id or an
   *     empty candidate where one is required
   */
  public ProtocolNegotiation {
    Objects.requireNonNull(candidateProtocols, "candidateProtocols");
    Objects.requireNonNull(modificationSummary, "modificationSummary");
    Objects.requireNonNull(status, "status");
    if (sequenceId < 0) {
      throw new MetaProtocolException(
          MetaProtocolError.MALFORMED_MESSAGE, "sequenceId: negative (" + sequenceId + ")");
    }
    if (candidateProtocols.isEmpty()
        && (status == NegotiationStatus.NEGOTIATING || status == NegotiationStatus.ACCEPTED)) {
      throw new MetaProtocolException(
          MetaProtocolError.MALFORMED_MESSAGE,
          "candidateProtocols: required when status is " + status.wireName());
    }
  }

  /** A proposal (status {@code negotiating}). */
  public static ProtocolNegotiation proposal(
      int sequenceId, String candidate, Optional<String> modificationSummary) {
    return new ProtocolNegotiation(
        sequenceId, candidate, modificationSummary, NegotiationStatus.NEGOTIATING);
  }

  /** An acceptance of {@code candidate}, carrying its text. */
  public static ProtocolNegotiation accepted(int sequenceId, String candidate) {
    return new ProtocolNegotiation(
        sequenceId, candidate, Optional.empty(), NegotiationStatus.ACCEPTED);
  }

  /** A refusal with an optional reason in {@code modificationSummary}. */
  public static ProtocolNegotiation rejected(int sequenceId, String reason) {
    return new ProtocolNegotiation(
        sequenceId,
        "",
        reason.isEmpty() ? Optional.empty() : Optional.of(reason),
        NegotiationStatus.REJECTED);
  }

  @Override
  public String action() {
    return ACTION;
  }
}
