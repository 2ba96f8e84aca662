package org.anp.transport.internal.cluster;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.transport.cluster.RelayCluster;
import org.anp.transport.internal.relay.RelayCore;
import org.anp.transport.internal.relay.StoredFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a node puts frames for keys it does not serve (decision 0077, item 2): in the cluster's
 * stream, on the key's frame subject, with the relay's headers; or, with the direct hand-over,
 * straight to the node the key is online on, falling back to the stream when that node does not
 * take it. Also takes the frames other nodes hand to this one directly. Thread-safe; stores are
 * asynchronous publishes, at most {@value #MAX_STORING} at a time.
 */
final class FrameStore {
  private static final Logger log = LoggerFactory.getLogger(FrameStore.class);
  private static final int MAX_STORING = 10_000;
  /** How often a frame handed back is offered to the stream (a second apart) before it is given up. */
  private static final int MAX_HAND_BACK_ATTEMPTS = 120;

  private final RelayCluster cluster;
  private final NatsRelayCluster.Limits limits;
  private final ClusterNames names;
  private final RouteRegistry registry;
  private final NodeConnection link;
  private final RelayCore core;
  private final Clock clock;
  private final AtomicInteger storing = new AtomicInteger();
  private final AtomicInteger handingBack = new AtomicInteger();
  private final NodeBatches<StoredFrame.Outbound> handOvers =
      new NodeBatches<>(this::handOver, f -> f.bytes().length + 512);

  FrameStore(RelayCluster cluster, NatsRelayCluster.Limits limits, ClusterNames names, RouteRegistry registry,
      NodeConnection link, RelayCore core, Clock clock) {
    this.clock = clock;
    this.cluster = cluster;
    this.limits = limits;
    this.names = names;
    this.registry = registry;
    this.link = link;
    this.core = core;
  }

  /**
   * Hands a frame for a key online on another node straight to that node over core NATS, in a
   * batch with the other frames for it ({@link NodeBatches}, no storage); if that node does not
   * take it (it declined, did not answer within {@link DirectHandOver#TIMEOUT}, or the key is
   * offline), stores it in the stream.
   */
  CompletableFuture<Optional<String>> store(StoredFrame.Outbound frame) {
    NatsSession s = link.session();
    Optional<String> node = cluster.directHandOver() ? registry.onlineNode(frame.key()) : Optional.empty();
    if (s == null || node.isEmpty() || names.nodeId().equals(node.get())) {
      return storeInStream(frame);
    }
    CompletableFuture<Optional<String>> stored = new CompletableFuture<>();
    handOvers.submit(node.get(), frame, taken -> {
      if (taken) {
        stored.complete(Optional.empty());
      } else {
        storeInStream(frame).whenComplete((refusal, e) -> {
          if (e == null) {
            stored.complete(refusal);
          } else {
            stored.completeExceptionally(e);
          }
        });
      }
    });
    return stored;
  }

  /** One batch of frames to {@code node}, as a core NATS request; its reply says which it took. */
  private CompletableFuture<byte[]> handOver(String node, List<StoredFrame.Outbound> batch, int bytes) {
    NatsSession s = link.session();
    if (s == null) {
      return CompletableFuture.completedFuture(null);
    }
    return s.connection()
        .requestWithTimeout(names.directFrames(node), HandOverCodec.frames(names.nodeId(), batch, bytes),
            DirectHandOver.TIMEOUT)
        .thenApply(Message::getData);
  }

  /** Frames handed over directly and not yet answered, or taken here and handed back but not stored yet. */
  int pendingHandOvers() {
    return handOvers.pending() + handingBack.get();
  }

  private static Headers headersOf(StoredFrame.Outbound frame) {
    return headersOf(frame.key(), frame.sourceDid(), frame.destinationDid(), frame.type(), frame.messageId(),
        frame.expiresAt(), frame.originConnection(), frame.originKey());
  }

  static Headers headersOf(String key, String source, String destination, String type, String messageId,
      Instant expiresAt, String originConnection, String originKey) {
    return new Headers()
        .add(ClusterHeaders.KEY, key)
        .add(ClusterHeaders.SOURCE, source)
        .add(ClusterHeaders.DESTINATION, destination)
        .add(ClusterHeaders.TYPE, type)
        .add(ClusterHeaders.MESSAGE_ID, messageId)
        .add(ClusterHeaders.EXPIRES, Long.toString(expiresAt.toEpochMilli()))
        .add(ClusterHeaders.ORIGIN_CONNECTION, originConnection)
        .add(ClusterHeaders.ORIGIN_KEY, originKey);
  }

  private CompletableFuture<Optional<String>> storeInStream(StoredFrame.Outbound frame) {
    NatsSession s = link.session();
    if (s == null) {
      return CompletableFuture.completedFuture(Optional.of("cluster store not connected"));
    }
    if (storing.incrementAndGet() > MAX_STORING) {
      storing.decrementAndGet();
      return CompletableFuture.completedFuture(Optional.of("cluster store busy: " + MAX_STORING + " frames being stored"));
    }
    CompletableFuture<PublishAck> published;
    try {
      Headers h = headersOf(frame).add(ClusterHeaders.ORIGIN_NODE, names.nodeId());
      published = s.jetStream().publishAsync(names.frames(frame.key()), h, frame.bytes());
    } catch (RuntimeException e) {
      storing.decrementAndGet();
      return CompletableFuture.completedFuture(Optional.of("cluster store unavailable: " + e.getMessage()));
    }
    return published.orTimeout(cluster.storeTimeout().toMillis(), TimeUnit.MILLISECONDS).handle((ack, error) -> {
      storing.decrementAndGet();
      return error == null ? Optional.<String>empty() : Optional.of(refusal(error));
    });
  }

  /** A batch of direct frames from a sender's node: each offered to the relay, then taken or declined. */
  void onDirectFrames(Message message) {
    HandOverCodec.Batch<HandOverCodec.Frame> batch;
    try {
      batch = HandOverCodec.frames(message.getData());
    } catch (IllegalArgumentException e) {
      log.warn("cluster: a direct hand-over on {} that does not parse ({}); declined", message.getSubject(),
          e.getMessage());
      link.reply(message, new byte[0]);
      return;
    }
    boolean[] taken = new boolean[batch.items().size()];
    for (int i = 0; i < taken.length; i++) {
      NatsStoredFrame frame = NatsStoredFrame.direct(batch.items().get(i), batch.node(), this::storeHandedBack);
      core.deliverStored(frame);
      taken[i] = frame.take();
    }
    link.reply(message, HandOverCodec.reply(taken));
  }

  /**
   * A direct frame taken here and then handed back (its connection closed, or its status could
   * not be passed on): into the stream, tried again every second while NATS does not take it and
   * the frame has not expired (its sender has heard nothing yet and waits for its final status).
   */
  private void storeHandedBack(NatsStoredFrame frame) {
    handingBack.incrementAndGet();
    storeHandedBack(frame, 1);
  }

  private void storeHandedBack(NatsStoredFrame frame, int attempt) {
    NatsSession s = link.session();
    CompletableFuture<PublishAck> published;
    try {
      if (s == null) {
        throw new IllegalStateException("not connected");
      }
      published = s.jetStream().publishAsync(names.frames(frame.key()), frame.headers(), frame.bytes())
          .orTimeout(cluster.storeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      published = CompletableFuture.failedFuture(e);
    }
    published.whenComplete((ack, e) -> {
      if (e == null) {
        handingBack.decrementAndGet();
      } else if (frame.expiresAt().isAfter(clock.instant()) && attempt < MAX_HAND_BACK_ATTEMPTS) {
        log.debug("cluster: frame {} handed back, not stored yet ({}); trying again", frame.messageId(), e.toString());
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> storeHandedBack(frame, attempt + 1));
      } else {
        handingBack.decrementAndGet();
        log.warn("cluster: frame {} handed back but not stored ({}); its sender gets no status", frame.messageId(),
            e.toString());
      }
    });
  }

  private String refusal(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof JetStreamApiException api) {
      String description = String.valueOf(api.getErrorDescription());
      if (description.contains("per subject")) {
        return "destination queue full: " + limits.framesPerKey() + " frames wait in the cluster";
      }
      if (description.contains("bytes") || description.contains("resources")) {
        return "cluster store full: " + limits.bytesTotal() + " bytes";
      }
      return "cluster store refused the frame: " + description;
    }
    if (e instanceof TimeoutException) {
      return "cluster store did not answer within " + cluster.storeTimeout().toMillis() + " ms";
    }
    return "cluster store unavailable: " + e.getMessage();
  }
}
