package org.anp.meta.selection;

import java.util.Objects;

/**
 * A protocol agreed through the white paper's negotiation, as the hand-over reports it: the
 * SHA-256 (hex) of the agreed protocol text, under which both sides store and reuse it, and a
 * short summary.
 *
 * @param protocolHash lower-case hex SHA-256 of the protocol text (64 characters)
 * @param summary a short human-readable description
 */
public record NegotiatedProtocol(String protocolHash, String summary) {

  /** Checks the hash's form. */
  public NegotiatedProtocol {
    Objects.requireNonNull(summary, "summary");
    if (protocolHash == null || !protocolHash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("protocolHash: 64 lower-case hex digits");
    }
  }
}
