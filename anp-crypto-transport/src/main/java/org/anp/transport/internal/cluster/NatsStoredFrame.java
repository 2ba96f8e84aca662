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

  /** The stream message; null for a direct frame. */
  private final Message message;
  /** The stream message's headers; for a direct frame, made when first asked for. */
  private Headers headers;
  // Read from the headers once: they are asked for several times per frame.
  private final String key;
  private final String source;
  private final String destination;
  private final String type;
  private final String messageId;
  private final Instant expiresAt;
  /** For a direct frame: what its sender's node said of it; else null (read from the headers). */
  private final HandOverCodec.Frame handedOver;
  private final String handedOverBy;
  private final AtomicBoolean settled = new AtomicBoolean();
  /** For a direct frame: stores it in the stream (it was taken, then handed back); else null. */
  private final Consumer<NatsStoredFrame> handBack;
  /** For a direct frame: 0 until answered, 1 taken, 2 declined. */
  private final AtomicInteger direct = new AtomicInteger();

  private NatsStoredFrame(Message message, Headers headers, String key, String source, String destination, String type,
      String messageId, Instant expiresAt, HandOverCodec.Frame handedOver, String handedOverBy,
      Consumer<NatsStoredFrame> handBack) {
    this.message = message;
    this.headers = headers;
    this.key = key;
    this.source = source;
    this.destination = destination;
    this.type = type;
    this.messageId = messageId;
    this.expiresAt = expiresAt;
    this.handedOver = handedOver;
    this.handedOverBy = handedOverBy;
    this.handBack = handBack;
  }

  /** The frame in a stream {@code message}, or empty (and the message removed) if it is not one of ours. */
  static Optional<NatsStoredFrame> of(Message message) {
    Optional<NatsStoredFrame> f = parse(message);
    if (f.isEmpty()) {
      message.term();
    }
    return f;
  }

  /**
   * A frame node {@code node} handed to this one directly (decision 0087); {@code handBack}
   * stores it in the stream if it is handed back after it was taken.
   */
  static NatsStoredFrame direct(HandOverCodec.Frame f, String node, Consumer<NatsStoredFrame> handBack) {
    return new NatsStoredFrame(null, null, f.key(), f.sourceDid(), f.destinationDid(), f.type(), f.messageId(),
        f.expiresAt(), f, node, handBack);
  }

  private static Optional<NatsStoredFrame> parse(Message message) {
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
          Instant.ofEpochMilli(Long.parseLong(expires)), null, null, null));
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
    return (handedOver != null ? handedOver.bytes() : message.getData()).clone();
  }

  @Override
  public Instant expiresAt() {
    return expiresAt;
  }

  /** The relay node of the frame's sender. */
  Optional<String> originNode() {
    return Optional.ofNullable(handedOver != null ? handedOverBy : headers.getFirst(ClusterHeaders.ORIGIN_NODE));
  }

  /** The routing key the sender is served under. */
  String originKey() {
    String k = handedOver != null ? handedOver.originKey() : headers.getFirst(ClusterHeaders.ORIGIN_KEY);
    return k == null ? sourceDid() : k;
  }

  /** The sender's connection on that node. */
  Optional<String> originConnection() {
    return Optional.ofNullable(
        handedOver != null ? handedOver.originConnection() : headers.getFirst(ClusterHeaders.ORIGIN_CONNECTION));
  }

  /** The frame's sequence in the stream; empty for a direct frame. */
  OptionalLong streamSequence() {
    return handBack != null ? OptionalLong.empty() : OptionalLong.of(message.metaData().streamSequence());
  }

  /** The frame's headers, as its sender's node wrote them (for a direct frame, as it would have). */
  synchronized Headers headers() {
    if (headers == null) {
      headers = FrameStore.headersOf(key, source, destination, type, messageId, expiresAt,
          handedOver.originConnection(), handedOver.originKey()).add(ClusterHeaders.ORIGIN_NODE, handedOverBy);
    }
    return headers;
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
