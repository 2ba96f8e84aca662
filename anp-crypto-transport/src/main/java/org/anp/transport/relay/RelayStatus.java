package org.anp.transport.relay;

import java.util.Optional;
import org.anp.transport.TransportError;

/**
 * The delivery status codes a relay reports in {@code response} frames (decision record 0004):
 * one per accepted {@code message}, {@code sourceHello}, {@code destinationHello} or
 * {@code finished} frame, plus a second one for a queued frame. {@link #QUEUED} is the only
 * code that is not final.
 */
public enum RelayStatus {
  /**
   * Pushed to a live connection of the destination and acknowledged by its client, or the ack
   * timeout passed (decision 0006); also register OK.
   */
  DELIVERED(200),
  /** The destination is offline; the frame waits in its queue; a 200 or 504 follows. */
  QUEUED(202),
  /** Malformed frame: bad JSON, missing member, unknown type. */
  MALFORMED(400),
  /** The connection has not registered the frame's sourceDid, or a register was refused. */
  FORBIDDEN(403),
  /** The destination DID cannot be routed. */
  NOT_FOUND(404),
  /** The frame is larger than the relay's limit. */
  TOO_LARGE(413),
  /** The connection's rate limit is exceeded. */
  RATE_LIMITED(429),
  /** The destination's queue is full. */
  QUEUE_FULL(503),
  /** A queued frame expired, or the relay shut down holding it. */
  EXPIRED(504);

  private final int code;

  RelayStatus(int code) {
    this.code = code;
  }

  /** The {@code code} member of the {@code response} frame. */
  public int code() {
    return code;
  }

  /** Whether no further status follows for the same frame. */
  public boolean isFinal() {
    return this != QUEUED;
  }

  /**
   * The error this status reports to the sender of the frame: empty for {@link #DELIVERED} and
   * {@link #QUEUED}; otherwise {@link TransportError#fromResponseCode(int)} of the code (one
   * mapping for the relay and the E2E layer).
   */
  public Optional<TransportError> error() {
    return TransportError.fromResponseCode(code);
  }

  /** The status with this code; empty for other codes such as the E2E errors 4000-4005. */
  public static Optional<RelayStatus> fromCode(int code) {
    for (RelayStatus s : values()) {
      if (s.code == code) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
