package org.anp.transport.internal.cluster;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.anp.transport.internal.relay.StoredFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A frame consumed from the cluster's JetStream stream, with the node and connection of its
 * sender. Settled once: {@link #ack()} removes it from the (work-queue) stream, {@link #retry()}
 * leaves it to be redelivered shortly. A settlement that cannot reach NATS is logged and left to
 * JetStream's ack wait: the frame comes again, and the receiving messenger drops the repeat.
 */
final class NatsStoredFrame implements StoredFrame {
  private static final Logger log = LoggerFactory.getLogger(NatsStoredFrame.class);
  private static final Duration RETRY_DELAY = Duration.ofMillis(100);

  private final Message message;
  private final String key;
  private final Headers headers;
  private final Instant expiresAt;
  private final AtomicBoolean settled = new AtomicBoolean();

  private NatsStoredFrame(Message message, String key, Headers headers, Instant expiresAt) {
    this.message = message;
    this.key = key;
    this.headers = headers;
    this.expiresAt = expiresAt;
  }

  /** The frame in {@code message}, or empty (and the message acknowledged away) if it is not one of ours. */
  static Optional<NatsStoredFrame> of(Message message) {
    Headers h = message.getHeaders();
    String key = h == null ? null : h.getFirst(ClusterHeaders.KEY);
    String expires = h == null ? null : h.getFirst(ClusterHeaders.EXPIRES);
    if (key == null || expires == null || h.getFirst(ClusterHeaders.SOURCE) == null
        || h.getFirst(ClusterHeaders.DESTINATION) == null || h.getFirst(ClusterHeaders.TYPE) == null
        || h.getFirst(ClusterHeaders.MESSAGE_ID) == null) {
      log.warn("cluster stream: a message on {} without the relay's headers; dropped", message.getSubject());
      message.term();
      return Optional.empty();
    }
    try {
      return Optional.of(new NatsStoredFrame(message, key, h, Instant.ofEpochMilli(Long.parseLong(expires))));
    } catch (NumberFormatException e) {
      log.warn("cluster stream: a message on {} with a bad expiry; dropped", message.getSubject());
      message.term();
      return Optional.empty();
    }
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public String sourceDid() {
    return headers.getFirst(ClusterHeaders.SOURCE);
  }

  @Override
  public String destinationDid() {
    return headers.getFirst(ClusterHeaders.DESTINATION);
  }

  @Override
  public String type() {
    return headers.getFirst(ClusterHeaders.TYPE);
  }

  @Override
  public String messageId() {
    return headers.getFirst(ClusterHeaders.MESSAGE_ID);
  }

  @Override
  public byte[] bytes() {
    return message.getData().clone();
  }

  @Override
  public Instant expiresAt() {
    return expiresAt;
  }

  /** The relay node of the frame's sender. */
  Optional<String> originNode() {
    return Optional.ofNullable(headers.getFirst(ClusterHeaders.ORIGIN_NODE));
  }

  /** The routing key the sender is served under. */
  String originKey() {
    String k = headers.getFirst(ClusterHeaders.ORIGIN_KEY);
    return k == null ? sourceDid() : k;
  }

  /** The sender's connection on that node. */
  Optional<String> originConnection() {
    return Optional.ofNullable(headers.getFirst(ClusterHeaders.ORIGIN_CONNECTION));
  }

  @Override
  public void ack() {
    if (settled.compareAndSet(false, true)) {
      try {
        message.ack();
      } catch (RuntimeException e) {
        log.debug("cluster: acknowledging {} failed ({}); JetStream will deliver it again", messageId(), e.toString());
      }
    }
  }

  @Override
  public void retry() {
    if (settled.compareAndSet(false, true)) {
      try {
        message.nakWithDelay(RETRY_DELAY);
      } catch (RuntimeException e) {
        log.debug("cluster: handing back {} failed ({}); JetStream will deliver it again", messageId(), e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "NatsStoredFrame[" + type() + " " + messageId() + " for " + key + "]";
  }
}
