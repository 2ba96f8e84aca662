package org.anp.transport.internal.cluster;

import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.MessageConsumer;
import io.nats.client.MessageHandler;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys this node serves and their durable pull consumers (decision 0077, item 4): consumer
 * {@code r-<token>} of a key takes its frames and the statuses for senders served under it,
 * explicitly acknowledged, at most the relay's unacknowledged bound at a time, removed by the
 * server after the queue TTL without a consumer. Each delivers on its own jnats thread.
 * {@link #serve}/{@link #unserve} and reads of
 * {@link #served} are thread-safe; the consumers are started and stopped on the admin thread only.
 */
final class KeyConsumers {
  private static final Logger log = LoggerFactory.getLogger(KeyConsumers.class);

  private final ClusterNames names;
  private final NatsRelayCluster.Limits limits;
  private final NodeConnection link;
  private final ScheduledExecutorService admin;
  private final MessageHandler handler;
  private final Set<String> served = ConcurrentHashMap.newKeySet();
  private final Map<String, MessageConsumer> consumers = new ConcurrentHashMap<>();
  /** Keys whose consumer failed to start and is tried again shortly; admin thread only. */
  private final Set<String> retrying = new HashSet<>();

  KeyConsumers(ClusterNames names, NatsRelayCluster.Limits limits, NodeConnection link, ScheduledExecutorService admin,
      MessageHandler handler) {
    this.names = names;
    this.limits = limits;
    this.link = link;
    this.admin = admin;
    this.handler = handler;
  }

  /** The keys a connection of this node serves now. */
  Set<String> served() {
    return served;
  }

  boolean isServed(String key) {
    return served.contains(key);
  }

  /** {@code key} is served here from now on. */
  void serve(String key) {
    served.add(key);
  }

  /** {@code key} is served here no more; its consumer stays until {@link #stop}. */
  void unserve(String key) {
    served.remove(key);
  }

  /**
   * Starts consuming {@code key} if it is served here and not consumed yet; while NATS cannot
   * be asked, tries again a second later (the frames wait in the stream meanwhile). Admin thread.
   */
  void start(String key) {
    NatsSession s = link.session();
    if (!served.contains(key) || consumers.containsKey(key) || s == null) {
      return;
    }
    String token = ClusterNames.token(key);
    try {
      ConsumerContext context = s.stream().createOrUpdateConsumer(ConsumerConfiguration.builder()
          .durable("r-" + token)
          .filterSubject(names.keySubjects(token))
          .ackPolicy(AckPolicy.Explicit)
          .deliverPolicy(DeliverPolicy.All)
          .ackWait(limits.ackWait())
          .maxAckPending(limits.maxAckPending())
          .inactiveThreshold(limits.ttl())
          .build());
      MessageConsumer consumer = context.consume(
          ConsumeOptions.builder().batchSize(Math.min(256, limits.maxAckPending())).build(), handler);
      consumers.put(key, consumer);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      if (retrying.add(key)) { // one retry per key at a time, however often the connection resumed
        log.warn("cluster: cannot consume the frames of {} yet ({}); retrying", key, e.toString());
        admin.schedule(() -> {
          retrying.remove(key);
          start(key);
        }, 1, TimeUnit.SECONDS);
      }
    }
  }

  /** Stops consuming {@code key}. Admin thread. */
  void stop(String key) {
    MessageConsumer c = consumers.remove(key);
    if (c != null) {
      c.stop();
    }
  }

  /** Stops every consumer (the connection is being replaced or closed). Admin thread. */
  void stopAll() {
    consumers.values().forEach(MessageConsumer::stop);
    consumers.clear();
  }

  /** Consumes every served key anew (consumers do not survive every restart of the server). Admin thread. */
  void restartAll() {
    stopAll();
    served.forEach(this::start);
  }
}
