package org.anp.transport.relay;

import java.util.List;

/**
 * Observes a relay, in the style of OkHttp's {@code EventListener}: for metrics, tracing and
 * test taps. Every method has an empty default; override what you need. Methods are called on
 * a relay thread (a Netty event loop), some while the relay holds its routing lock: they must be
 * fast, must not block and must not call back into the relay. An exception thrown by a listener
 * is logged and otherwise ignored.
 * DIDs and message ids are passed; frame bytes only to {@link #frameReceived}, where E2E payloads
 * are ciphertext.
 */
public interface RelayEventListener {
  /** A listener that does nothing. */
  RelayEventListener NONE = new RelayEventListener() {};

  /** A WebSocket connection completed its upgrade. */
  default void connected(String connectionId, String remoteAddress) {}

  /** A text frame arrived on a connection, before any check (a tap for tests and audits). */
  default void frameReceived(String connectionId, byte[] frame) {}

  /** A {@code register} was accepted; {@code routers} is the connection's full new set. */
  default void registered(String connectionId, List<String> routers) {}

  /**
   * A frame was pushed to a live connection of its destination, or forwarded to the relay named
   * in the destination's document ({@code forwarded}).
   */
  default void routed(String connectionId, String sourceDid, String destinationDid, String messageId, boolean forwarded) {}

  /** A frame was queued for an offline destination (answered 202). */
  default void queued(String sourceDid, String destinationDid, String messageId) {}

  /** A queued frame was delivered (its sender gets 200). */
  default void delivered(String sourceDid, String destinationDid, String messageId) {}

  /** A queued frame expired or was drained at shutdown (its sender gets 504). */
  default void expired(String sourceDid, String destinationDid, String messageId) {}

  /** A frame was refused with {@code code} (400, 403, 404, 413, 429 or 503). */
  default void rejected(String connectionId, int code, String originalType, String detail) {}

  /** A connection closed. */
  default void disconnected(String connectionId) {}

  /**
   * A connection from {@code remoteAddress} that counted against the relay's connection limits
   * (a WebSocket or a plain HTTP request on the relay's own port) has closed and no longer counts:
   * a new connection from that address now finds its slot free. Unlike {@link #disconnected},
   * which may come as soon as a close frame arrives, this follows the socket's close.
   */
  default void connectionSlotFreed(String remoteAddress) {}
}
