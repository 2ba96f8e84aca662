package org.anp.transport.internal.relay;

import java.time.Instant;
import java.util.Objects;

/**
 * A frame held by a cluster store ({@link RemoteRoutes}) and handed to this relay for a key it
 * serves. The relay pushes it as a queued frame and settles it exactly once: {@link #ack()} when
 * the receiver acknowledged or refused it (or it expired), {@link #retry()} when it must be
 * delivered again later (the connection closed, or none could take it).
 */
public interface StoredFrame {
  /** The routing key. */
  String key();

  String sourceDid();

  String destinationDid();

  /** The frame's {@code type}. */
  String type();

  String messageId();

  /** The frame bytes, as received from the sender. */
  byte[] bytes();

  /** When the frame stops being worth delivering; it is then answered 504. */
  Instant expiresAt();

  /** Removes the frame from the store: it was delivered, refused or expired. */
  void ack();

  /** Leaves the frame in the store to be handed out again. */
  void retry();

  /**
   * A frame this relay received from a connected sender for a key it does not serve, to be
   * stored in the cluster. {@code originConnection} is the sender's connection here, where its
   * final status goes; {@code originKey} the routing key that connection serves the sender
   * under, where the status goes if that connection is gone.
   */
  record Outbound(String key, String sourceDid, String destinationDid, String type, String messageId,
      byte[] bytes, Instant expiresAt, String originConnection, String originKey) {
    public Outbound {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(sourceDid, "sourceDid");
      Objects.requireNonNull(destinationDid, "destinationDid");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(messageId, "messageId");
      bytes = bytes.clone();
      Objects.requireNonNull(expiresAt, "expiresAt");
      Objects.requireNonNull(originConnection, "originConnection");
      Objects.requireNonNull(originKey, "originKey");
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Outbound x && key.equals(x.key) && sourceDid.equals(x.sourceDid)
          && messageId.equals(x.messageId) && java.util.Arrays.equals(bytes, x.bytes)
          && originConnection.equals(x.originConnection);
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, sourceDid, messageId, originConnection);
    }

    @Override
    public String toString() {
      return "Outbound[" + type + " " + messageId + " " + sourceDid + " -> " + destinationDid + "]";
    }
  }
}
