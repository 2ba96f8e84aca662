package org.anp.transport.messenger;

/**
 * What the relay reported about a sent payload (decision record 0004). A send future completes
 * with {@link #DELIVERED} or {@link #QUEUED}; a queued payload later gets one
 * {@link AgentMessenger#onDeliveryUpdate delivery update}: {@link #DELIVERED} or {@link #EXPIRED};
 * a delivered payload its peer could not decrypt and that could not be resent gets one update:
 * {@link #REFUSED}.
 */
public enum DeliveryStatus {
  /**
   * The peer's messenger acknowledged the frame to its relay (decision record 0006), or, for a
   * peer whose software does not acknowledge, the frame was pushed to its connection and the
   * relay's ack timeout passed: relay code 200.
   */
  DELIVERED,
  /** The peer is offline and the payload waits in its queue at the relay: relay code 202. */
  QUEUED,
  /**
   * A queued payload was not delivered: it expired in the relay's queue or the relay stopped
   * holding it (relay code 504), or, for a payload that waited behind a handshake with an
   * offline peer, the relay refused its frame once sent (e.g. 503). Only reported as an update,
   * never by a send future.
   */
  EXPIRED,
  /**
   * A payload reported {@link #DELIVERED} that its peer then refused (it could not decrypt it:
   * end-to-end code 4002-4005, decision record 0008), and that could not be resent within the
   * endpoint's resend bound and window: the peer's application never got it. Only reported as an
   * update.
   */
  REFUSED
}
