package org.anp.transport.internal.cluster;

import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.transport.cluster.RelayCluster;
import org.anp.transport.internal.relay.RelayCore;
import org.anp.transport.internal.relay.StoredFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the final status of a frame taken from the cluster back to its sender (decision 0077,
 * item 5): to the sender's connection here, or (with the direct hand-over) to the sender's node
 * over core NATS, else stored in the stream on the status subject of the sender's key, for
 * whichever node the sender is connected to. The frame leaves the stream only once its status
 * was written or stored; otherwise it comes again. Thread-safe.
 */
final class StatusRouting {
  private static final Logger log = LoggerFactory.getLogger(StatusRouting.class);

  private final RelayCluster cluster;
  private final ClusterNames names;
  private final NodeConnection link;
  private final RelayCore core;
  private final NodeBatches<HandOverCodec.Status> handOvers =
      new NodeBatches<>(this::handOver, st -> st.status().length + st.sourceDid().length() + 64);

  StatusRouting(RelayCluster cluster, ClusterNames names, NodeConnection link, RelayCore core) {
    this.cluster = cluster;
    this.names = names;
    this.link = link;
    this.core = core;
  }

  /**
   * Gives the final status of {@code frame} to its sender's node over core NATS (or to the
   * sender here); if that node does not write it to the sender at once, stores it in the stream
   * for wherever the sender is or will be. The frame is removed from the stream only then; if
   * the status cannot be stored either, the frame stays to be delivered again.
   */
  void answer(StoredFrame frame, byte[] status) {
    if (!(frame instanceof NatsStoredFrame stored)) {
      frame.retry();
      return;
    }
    if (!cluster.directHandOver()) {
      store(stored, status);
      return;
    }
    String origin = stored.originNode().orElse("");
    String connection = stored.originConnection().orElse("");
    if (origin.equals(names.nodeId()) && core.answer(connection, stored.sourceDid(), status)) {
      frame.ack();
      return;
    }
    if (link.session() == null || origin.isEmpty() || origin.equals(names.nodeId())) {
      store(stored, status);
      return;
    }
    handOvers.submit(origin, new HandOverCodec.Status(connection, stored.sourceDid(), status), taken -> {
      if (taken) {
        frame.ack();
      } else {
        store(stored, status);
      }
    });
  }

  /** One batch of statuses to {@code node}, as a core NATS request; its reply says which it wrote. */
  private CompletableFuture<byte[]> handOver(String node, List<HandOverCodec.Status> batch, int bytes) {
    NatsSession s = link.session();
    if (s == null) {
      return CompletableFuture.completedFuture(null);
    }
    return s.connection().requestWithTimeout(names.directStatuses(node), HandOverCodec.statuses(names.nodeId(), batch, bytes),
        DirectHandOver.TIMEOUT).thenApply(Message::getData);
  }

  /** Statuses handed to other nodes and not yet answered. */
  int pendingHandOvers() {
    return handOvers.pending();
  }

  /** A batch of statuses from the nodes that delivered frames sent from here: each written to its sender, or declined. */
  void onDirectStatuses(Message message) {
    HandOverCodec.Batch<HandOverCodec.Status> batch;
    try {
      batch = HandOverCodec.statuses(message.getData());
    } catch (IllegalArgumentException e) {
      log.warn("cluster: direct statuses on {} that do not parse ({}); declined", message.getSubject(), e.getMessage());
      link.reply(message, new byte[0]);
      return;
    }
    boolean[] taken = new boolean[batch.items().size()];
    for (int i = 0; i < taken.length; i++) {
      HandOverCodec.Status st = batch.items().get(i);
      taken[i] = core.answer(st.connection(), st.sourceDid(), st.status());
    }
    link.reply(message, HandOverCodec.reply(taken));
  }

  /**
   * The 504 of a frame handed out after its expiry: stored under the frame's stream sequence, so
   * that JetStream keeps one of it and of the sweeper's 504 for the same frame ({@link ExpirySweeper}).
   */
  void expired(StoredFrame frame, byte[] status) {
    if (frame instanceof NatsStoredFrame stored && stored.streamSequence().isPresent()) {
      store(stored, status, expiredId(stored.streamSequence().getAsLong()));
    } else {
      answer(frame, status);
    }
  }

  /** The message id of the 504 of the frame at {@code sequence}: JetStream keeps one status per id. */
  static String expiredId(long sequence) {
    return "anp-expired-" + sequence;
  }

  /** Stores a status in the stream, then removes its frame; if it cannot, the frame comes again. */
  private void store(NatsStoredFrame frame, byte[] status) {
    store(frame, status, null);
  }

  private void store(NatsStoredFrame frame, byte[] status, String messageId) {
    NatsSession s = link.session();
    if (s == null) {
      frame.retry();
      return;
    }
    CompletableFuture<PublishAck> published;
    try {
      published = publish(s, frame.headers(), frame.originKey(), status, messageId);
    } catch (RuntimeException e) {
      log.debug("cluster: status for {} not stored ({}); the frame comes again", frame.messageId(), e.toString());
      frame.retry();
      return;
    }
    published.orTimeout(cluster.storeTimeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((ack, error) -> {
      if (error == null) {
        frame.ack();
      } else {
        log.debug("cluster: status for {} not stored ({}); the frame comes again", frame.messageId(), error.toString());
        frame.retry();
      }
    });
  }

  /**
   * Stores {@code status} for the sender of the frame with {@code frameHeaders}, on the status
   * subject of {@code originKey}; with a {@code messageId}, JetStream drops a second status of
   * that id within its duplicate window.
   */
  CompletableFuture<PublishAck> publish(NatsSession s, Headers frameHeaders, String originKey, byte[] status,
      String messageId) {
    Headers h = new Headers()
        .add(ClusterHeaders.SOURCE, frameHeaders.getFirst(ClusterHeaders.SOURCE))
        .add(ClusterHeaders.ORIGIN_NODE, orEmpty(frameHeaders.getFirst(ClusterHeaders.ORIGIN_NODE)))
        .add(ClusterHeaders.ORIGIN_CONNECTION, orEmpty(frameHeaders.getFirst(ClusterHeaders.ORIGIN_CONNECTION)));
    PublishOptions options = messageId == null ? null : PublishOptions.builder().messageId(messageId).build();
    return s.jetStream().publishAsync(names.statuses(originKey), h, status, options);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** A status for a sender served here, taken from the stream: written to its connection, or left in the stream. */
  void onStored(Message message) {
    Headers h = message.getHeaders();
    String source = h == null ? null : h.getFirst(ClusterHeaders.SOURCE);
    if (source == null) {
      message.term();
      return;
    }
    String connection = names.nodeId().equals(h.getFirst(ClusterHeaders.ORIGIN_NODE))
        ? String.valueOf(h.getFirst(ClusterHeaders.ORIGIN_CONNECTION)) : "";
    try {
      if (core.answer(connection, source, message.getData())) {
        message.ack();
      } else {
        message.nakWithDelay(Duration.ofMillis(100));
      }
    } catch (RuntimeException e) {
      log.debug("cluster: settling a status failed ({}); it comes again", e.toString());
    }
  }
}
