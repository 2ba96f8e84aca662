package org.anp.meta.handler;

/**
 * Where a {@link ProtocolHandler} reports that the peer's traffic violates the agreed protocol.
 * A driver passes the description to {@code NegotiationEngine.reportViolation}, which opens a
 * fix-error negotiation (spec/meta-protocol.md §2.4). Called on the thread that handled the
 * payload; implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface ViolationSink {
  /** A sink that drops reports (for handlers used outside a negotiation, e.g. in tests). */
  ViolationSink NONE = description -> {};

  /**
   * @param errorDescription markdown for {@code fixErrorNegotiation.errorDescription}: what is
   *     wrong, by JSON location, never the payload's values
   */
  void report(String errorDescription);
}
