package org.anp.meta.session;

import org.anp.identity.did.Did;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.wire.MetaMessage;

/**
 * Observes the negotiations of a {@link MetaProtocolAgent}: every negotiation message sent and
 * received, and every engine event (for progress output, logs and tests). Called on the agent's
 * thread, in order; must not block. Every method does nothing by default.
 */
public interface MetaProtocolListener {
  /** Does nothing. */
  MetaProtocolListener NONE = new MetaProtocolListener() {};

  /** A PT=00 message is about to be sent to {@code peer}. */
  default void messageSent(Did peer, MetaMessage message) {}

  /** A PT=00 message was received from {@code peer}. */
  default void messageReceived(Did peer, MetaMessage message) {}

  /** An engine reported {@code event} in its negotiation with {@code peer}. */
  default void event(Did peer, NegotiationEvent event) {}

  /** Provider: an application request (PT=01) from {@code peer} was served and answered. */
  default void requestServed(Did peer) {}

  /**
   * Provider: an application request from {@code peer} was not served: {@code PROTOCOL_VIOLATION}
   * (answered with a fix-error negotiation), or {@code CAPABILITY_FAILED} /
   * {@code CAPABILITY_TIMEOUT} (answered with an error response, decision record 0069).
   */
  default void requestNotServed(Did peer, MetaProtocolError code) {}
}
