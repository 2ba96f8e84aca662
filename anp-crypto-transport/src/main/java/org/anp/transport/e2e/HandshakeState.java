package org.anp.transport.e2e;

/** The states of a {@link HandshakeEngine} (spec/e2e-transport.md section 9). */
public enum HandshakeState {
  /** Created; the initiator has not called {@code start()}, the responder awaits a sourceHello. */
  INITIAL,
  /** The initiator sent its sourceHello and waits for the destinationHello. */
  WAIT_DESTINATION_HELLO,
  /** Keys are derived and our Finished is sent; waiting for the peer's Finished. */
  WAIT_FINISHED,
  /** Both Finished messages are verified; the session is usable. */
  ESTABLISHED,
  /** A check failed or the handshake timed out; the engine accepts nothing more. */
  FAILED
}
