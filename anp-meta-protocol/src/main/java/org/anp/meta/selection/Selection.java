package org.anp.meta.selection;

import java.util.Objects;
import java.util.Optional;

/**
 * How {@link CapabilitySelector} answered a need: an existing interface was selected (ANP-06 1.2),
 * the peer needs more information, a new protocol was negotiated through the hand-over, or nothing
 * fits. Immutable.
 */
public final class Selection {
  /** The kinds of answer. */
  public enum Kind {
    /** {@link #result()} is an {@code accepted} result with a usable selection. */
    EXISTING_INTERFACE,
    /** {@link #result()} is {@code needs_more_information}: add intent data and ask again. */
    NEEDS_MORE_INFORMATION,
    /** {@link #negotiated()} is the protocol agreed through the white paper's negotiation. */
    NEGOTIATED_PROTOCOL,
    /** Nothing fits; {@link #reason()} says why, {@link #result()} holds a {@code rejected} result if any. */
    NONE
  }

  private final Kind kind;
  private final Optional<NegotiationResult> result;
  private final Optional<NegotiatedProtocol> negotiated;
  private final String reason;

  private Selection(Kind kind, Optional<NegotiationResult> result, Optional<NegotiatedProtocol> negotiated, String reason) {
    this.kind = kind;
    this.result = result;
    this.negotiated = negotiated;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  static Selection existing(NegotiationResult result) {
    return new Selection(Kind.EXISTING_INTERFACE, Optional.of(result), Optional.empty(), "selected");
  }

  static Selection needsMoreInformation(NegotiationResult result) {
    return new Selection(Kind.NEEDS_MORE_INFORMATION, Optional.of(result), Optional.empty(),
        result.reason().orElse("more information required"));
  }

  static Selection negotiated(NegotiatedProtocol protocol, String reason) {
    return new Selection(Kind.NEGOTIATED_PROTOCOL, Optional.empty(), Optional.of(protocol), reason);
  }

  static Selection none(Optional<NegotiationResult> result, String reason) {
    return new Selection(Kind.NONE, result, Optional.empty(), reason);
  }

  /** The kind of answer. */
  public Kind kind() {
    return kind;
  }

  /** The ANP-06 result, when there is one. */
  public Optional<NegotiationResult> result() {
    return result;
  }

  /** The negotiated protocol, for {@link Kind#NEGOTIATED_PROTOCOL}. */
  public Optional<NegotiatedProtocol> negotiated() {
    return negotiated;
  }

  /** Why this answer (for logs and users). */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "Selection[" + kind + ", " + reason + "]";
  }
}
