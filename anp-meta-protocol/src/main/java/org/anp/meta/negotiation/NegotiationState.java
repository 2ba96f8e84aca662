package org.anp.meta.negotiation;

/**
 * The states of a negotiation engine (spec/meta-protocol.md §4.1-4.2). The spec's NEXT state is
 * transient and never observed: the engine moves on to {@link #TESTING} or {@link #READY} at
 * once.
 */
public enum NegotiationState {
  /** Provider: waiting for the first proposal. Requester: not started. */
  IDLE,
  /** Waiting for the peer's answer to the last proposal. */
  WAIT_PEER,
  /** A protocol is agreed (or a fix accepted); waiting for the local handler. */
  CODEGEN,
  /** The local handler is ready; waiting for the peer's {@code codeGeneration}. */
  WAIT_PEER_CG,
  /** Test cases are being negotiated, or the agreed tests are being run. */
  TESTING,
  /** A violation was reported to the peer; waiting for its answer. */
  FIXING,
  /** Both handlers are ready; application frames may flow. */
  READY,
  /** The negotiation ended without a usable protocol. Terminal. */
  FAILED
}
