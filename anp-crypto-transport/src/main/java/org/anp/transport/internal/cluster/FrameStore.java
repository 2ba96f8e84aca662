package org.anp.transport.internal.cluster;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
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

  private final RelayCluster cluster;
  private final NatsRelayCluster.Limits limits;
  private final ClusterNames names;
  private final RouteRegistry registry;
  private final NodeConnection link;
  private final RelayCore core;
  private final AtomicInteger storing = new AtomicInteger();

  FrameStore(RelayCluster cluster, NatsRelayCluster.Limits limits, ClusterNames names, RouteRegistry registry,
      NodeConnection link, RelayCore core) {
    this.cluster = cluster;
    this.limits = limits;
    this.names = names;
    this.registry = registry;
    this.link = link;
    this.core = core;
  }

  /**
   * Hands a frame for a key online on another node straight to that node over core NATS (no
   * storage); if that node does not take it at once (it declined, did not answer within
   * {@link DirectHandOver#TIMEOUT}, or the key is offline), stores it in the stream.
   */
  CompletableFuture<Optional<String>> store(StoredFrame.Outbound frame) {
    NatsSession s = link.session();
    Optional<String> node = cluster.directHandOver() ? registry.onlineNode(frame.key()) : Optional.empty();
    if (s == null || node.isEmpty() || names.nodeId().equals(node.get())) {
      return storeInStream(frame);
    }
    CompletableFuture<Message> reply;
    try {
      reply = s.connection().requestWithTimeout(names.directFrames(node.get()),
          headersOf(frame).add(ClusterHeaders.ORIGIN_NODE, names.nodeId()), frame.bytes(), DirectHandOver.TIMEOUT);
    } catch (RuntimeException e) {
      return storeInStream(frame);
    }
    return reply.handle(DirectHandOver::taken)
        .thenCompose(taken -> taken ? CompletableFuture.completedFuture(Optional.<String>empty()) : storeInStream(frame));
  }

  private static Headers headersOf(StoredFrame.Outbound frame) {
    return new Headers()
        .add(ClusterHeaders.KEY, frame.key())
        .add(ClusterHeaders.SOURCE, frame.sourceDid())
        .add(ClusterHeaders.DESTINATION, frame.destinationDid())
        .add(ClusterHeaders.TYPE, frame.type())
        .add(ClusterHeaders.MESSAGE_ID, frame.messageId())
        .add(ClusterHeaders.EXPIRES, Long.toString(frame.expiresAt().toEpochMilli()))
        .add(ClusterHeaders.ORIGIN_CONNECTION, frame.originConnection())
        .add(ClusterHeaders.ORIGIN_KEY, frame.originKey());
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

  /** A direct frame from the sender's node: offered to the relay, then taken or declined. */
  void onDirectFrame(Message message) {
    Optional<NatsStoredFrame> frame = NatsStoredFrame.direct(message, this::storeHandedBack);
    boolean taken = false;
    if (frame.isPresent()) {
      core.deliverStored(frame.get());
      taken = frame.get().take();
    }
    link.reply(message, taken);
  }

  /** A direct frame taken here and then handed back (its connection closed): into the stream. */
  private void storeHandedBack(NatsStoredFrame frame) {
    NatsSession s = link.session();
    try {
      if (s == null) {
        throw new IllegalStateException("not connected");
      }
      s.jetStream().publishAsync(names.frames(frame.key()), frame.headers(), frame.bytes())
          .whenComplete((ack, e) -> {
            if (e != null) {
              log.warn("cluster: frame {} handed back but not stored ({}); its sender gets no status", frame.messageId(),
                  e.toString());
            }
          });
    } catch (RuntimeException e) {
      log.warn("cluster: frame {} handed back but not stored ({}); its sender gets no status", frame.messageId(),
          e.toString());
    }
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
