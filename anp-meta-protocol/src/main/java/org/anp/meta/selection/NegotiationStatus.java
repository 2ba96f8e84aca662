package org.anp.meta.selection;

import java.util.Optional;

/** {@code result.status} of {@code anp.negotiate} (ANP-06 §8); case-sensitive on the wire. */
public enum NegotiationStatus {
  /** A path was selected; {@code selected} is present. */
  ACCEPTED("accepted"),
  /** The target will not go on with this negotiation. */
  REJECTED("rejected"),
  /** Ask again with more intent data (reuse {@code negotiation_id}). */
  NEEDS_MORE_INFORMATION("needs_more_information");

  private final String wire;

  NegotiationStatus(String wire) {
    this.wire = wire;
  }

  /** The wire value. */
  public String wireValue() {
    return wire;
  }

  /** The status of a wire value, exactly as spelled. */
  public static Optional<NegotiationStatus> fromWire(String value) {
    for (NegotiationStatus s : values()) {
      if (s.wire.equals(value)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
