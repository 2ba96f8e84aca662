package org.anp.meta.wire;

import java.util.Optional;

/**
 * The {@code status} of {@code protocolNegotiation}, {@code testCasesNegotiation} and
 * {@code fixErrorNegotiation} messages (spec/meta-protocol.md §2.1, §2.3, §2.4). {@code timeout}
 * exists only for protocol negotiation (English spec only).
 */
public enum NegotiationStatus {
  NEGOTIATING("negotiating"),
  ACCEPTED("accepted"),
  REJECTED("rejected"),
  TIMEOUT("timeout");

  private final String wireName;

  NegotiationStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The value as written in JSON. */
  public String wireName() {
    return wireName;
  }

  /** The status written as {@code text}, if any (exact, case-sensitive). */
  public static Optional<NegotiationStatus> fromWire(String text) {
    for (NegotiationStatus s : values()) {
      if (s.wireName.equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
