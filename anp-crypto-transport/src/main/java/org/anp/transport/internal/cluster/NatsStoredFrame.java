package org.anp.transport.internal.cluster;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.anp.transport.internal.relay.StoredFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A frame from another node of the cluster, with the node and connection of its sender: either
 * consumed from the cluster's JetStream stream, or handed over directly by the sender's node
 * over core NATS (the receiver was online here). Settled once. A stream frame: {@link #ack()}
 * removes it from the (work-queue) stream, {@link #retry()} leaves it to be redelivered shortly;
 * a settlement that cannot reach NATS is logged and left to JetStream's ack wait (the frame
 * comes again, and the receiving messenger drops the repeat). A direct frame: declined if
 * {@link #retry()} comes before the sender's node was told it was taken (that node then stores
 * it in the stream), else stored in the stream by this node.
 */
final class NatsStoredFrame implements StoredFrame {
  private static final Logger log = LoggerFactory.getLogger(NatsStoredFrame.class);
  private static final Duration RETRY_DELAY = Duration.ofMillis(100);

  private final Message message;
  private final Headers headers;
  // Read from the headers once: they are asked for several times per frame.
  private final String key;
  private final String source;
  private final String destination;
  private final String type;
  private final String messageId;
  private final Instant expiresAt;
  private final AtomicBoolean settled = new AtomicBoolean();
  /** For a direct frame: stores it in the stream (it was taken, then handed back); else null. */
  private final Consumer<NatsStoredFrame> handBack;
  /** For a direct frame: 0 until answered, 1 taken, 2 declined. */
  private final AtomicInteger direct = new AtomicInteger();

  private NatsStoredFrame(Message message, Headers headers, String key, String source, String destination, String type,
      String messageId, Instant expiresAt, Consumer<NatsStoredFrame> handBack) {
    this.message = message;
    this.headers = headers;
    this.key = key;
    this.source = source;
    this.destination = destination;
    this.type = type;
    this.messageId = messageId;
    this.expiresAt = expiresAt;
    this.handBack = handBack;
  }

  /** The frame in a stream {@code message}, or empty (and the message removed) if it is not one of ours. */
  static Optional<NatsStoredFrame> of(Message message) {
    Optional<NatsStoredFrame> f = parse(message, null);
    if (f.isEmpty()) {
      message.term();
    }
    return f;
  }

  /**
   * The frame in a core NATS {@code message} from the sender's node, or empty if it is not one of
   * ours; {@code handBack} stores it in the stream if it is handed back after it was taken.
   */
  static Optional<NatsStoredFrame> direct(Message message, Consumer<NatsStoredFrame> handBack) {
    return parse(message, handBack);
  }

  private static Optional<NatsStoredFrame> parse(Message message, Consumer<NatsStoredFrame> handBack) {
    Headers h = message.getHeaders();
    String key = h == null ? null : h.getFirst(ClusterHeaders.KEY);
    String expires = h == null ? null : h.getFirst(ClusterHeaders.EXPIRES);
    String source = h == null ? null : h.getFirst(ClusterHeaders.SOURCE);
    String destination = h == null ? null : h.getFirst(ClusterHeaders.DESTINATION);
    String type = h == null ? null : h.getFirst(ClusterHeaders.TYPE);
    String messageId = h == null ? null : h.getFirst(ClusterHeaders.MESSAGE_ID);
    if (key == null || expires == null || source == null || destination == null || type == null || messageId == null) {
      log.warn("cluster: a message on {} without the relay's headers; dropped", message.getSubject());
      return Optional.empty();
    }
    try {
      return Optional.of(new NatsStoredFrame(message, h, key, source, destination, type, messageId,
          Instant.ofEpochMilli(Long.parseLong(expires)), handBack));
    } catch (NumberFormatException e) {
      log.warn("cluster: a message on {} with a bad expiry; dropped", message.getSubject());
      return Optional.empty();
    }
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public String sourceDid() {
    return source;
  }

  @Override
  public String destinationDid() {
    return destination;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String messageId() {
    return messageId;
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

  /** The frame's sequence in the stream; empty for a direct frame. */
  OptionalLong streamSequence() {
    return handBack != null ? OptionalLong.empty() : OptionalLong.of(message.metaData().streamSequence());
  }

  /** The frame's headers, as its sender's node wrote them. */
  Headers headers() {
    return headers;
  }

  /** Whether the frame came directly from its sender's node rather than from the stream. */
  boolean isDirect() {
    return handBack != null;
  }

  /** A direct frame: true if it is taken (tell the sender's node), false if it was declined already. */
  boolean take() {
    return direct.compareAndSet(0, 1);
  }

  @Override
  public void ack() {
    if (handBack != null) {
      settled.set(true);
      return;
    }
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
    if (handBack != null) {
      if (settled.compareAndSet(false, true) && !direct.compareAndSet(0, 2)) {
        handBack.accept(this); // taken already: this node stores it for a later delivery
      }
      return;
    }
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
