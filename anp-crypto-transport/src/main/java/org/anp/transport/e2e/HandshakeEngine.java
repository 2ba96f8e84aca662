package org.anp.transport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.anp.transport.internal.e2e.AnpHandshakeEngine;

/**
 * The ANP E2E 1.0 handshake for one session with one peer, as either role (spec/e2e-transport.md
 * sections 3, 4 and 9). Performs no I/O, starts no threads and reads time only from the
 * configured clock. Not thread-safe: drive it from one thread.
 *
 * <p>Security: the peer's hello must be signed by a key bound to its DID (via the configured
 * {@link HelloKeyBinding}), be fresh and not replayed; the session becomes available only after
 * the peer's Finished proves it derived the same key. Any violation moves the engine to
 * {@link HandshakeState#FAILED} and throws a {@link org.anp.transport.TransportException}.
 */
public interface HandshakeEngine {

  /** An initiator that will open a session from {@code config}'s DID to {@code peerDid}. */
  static HandshakeEngine initiator(HandshakeConfig config, String peerDid) {
    return AnpHandshakeEngine.initiator(config, peerDid);
  }

  /** A responder that accepts one sourceHello addressed to {@code config}'s DID. */
  static HandshakeEngine responder(HandshakeConfig config) {
    return AnpHandshakeEngine.responder(config);
  }

  /**
   * Initiator only: emits the sourceHello.
   *
   * @throws IllegalStateException for a responder or if already started
   */
  Step start();

  /**
   * Processes one inbound frame of this session. A Finished that arrives before the
   * destinationHello is held and processed after it.
   *
   * @throws org.anp.transport.TransportException on any protocol violation (codes
   *     {@code UNEXPECTED_MESSAGE}, {@code NEGOTIATION_FAILED}, {@code HELLO_SIGNATURE_INVALID},
   *     {@code DID_KEY_MISMATCH}, {@code DID_NOT_FOUND}, {@code HELLO_STALE},
   *     {@code HELLO_REPLAYED}, {@code FINISHED_INVALID}, {@code HANDSHAKE_TIMEOUT},
   *     {@code INVALID_MESSAGE})
   */
  Step receive(E2eMessage inbound);

  /** The current state. */
  HandshakeState state();

  /** The session id, once known (immediately for an initiator). */
  Optional<String> sessionId();

  /** The peer's DID, once known (immediately for an initiator). */
  Optional<String> peerDid();

  /**
   * A copy of the {@code metaProtocol} block of the peer's hello, once that hello was verified;
   * authenticated for good only when the session is established.
   */
  Optional<JsonNode> peerMetaProtocol();

  /** A copy of the {@code metaProtocol} block of this side's hello, once sent. */
  Optional<JsonNode> localMetaProtocol();

  /** What to send now, and the session once both Finished messages are verified. */
  record Step(List<E2eMessage> outbound, Optional<SecureSession> session) {
    public Step {
      outbound = List.copyOf(outbound);
      java.util.Objects.requireNonNull(session, "session");
    }
  }
}
