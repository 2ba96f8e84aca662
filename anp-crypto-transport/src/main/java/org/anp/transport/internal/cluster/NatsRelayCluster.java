package org.anp.transport.internal.cluster;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.cluster.RelayCluster;
import org.anp.transport.internal.relay.RelayConfig;
import org.anp.transport.internal.relay.RelayCore;
import org.anp.transport.internal.relay.RemoteRoutes;
import org.anp.transport.internal.relay.StoredFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay node's link to its cluster on NATS (decision 0077), put together from its parts:
 *
 * <ul>
 *   <li>{@link NodeConnection}: the connection to NATS, its rejoin after a reconnection and its
 *       replacement when JetStream no longer answers on it; the node's heartbeat;
 *   <li>{@link RouteRegistry}: the route registry (key-value bucket) mirrored in memory, so
 *       routing never waits for NATS;
 *   <li>{@link FrameStore}: frames for keys served elsewhere or offline, into the work-queue
 *       stream (or, with {@link RelayCluster#directHandOver()}, straight to the key's node);
 *   <li>{@link KeyConsumers}: a durable pull consumer per key served here, whose frames are
 *       acknowledged in JetStream only when the receiving agent acknowledged or refused them
 *       (decision 0011);
 *   <li>{@link StatusRouting}: final statuses back to each frame's sender, on whichever node it is;
 *   <li>{@link ExpirySweeper}: a 504 to the sender of a frame that expired in the stream unhanded.
 * </ul>
 *
 * Thread-safe. Calls that talk to JetStream's API run on one thread of its own (the admin thread).
 */
public final class NatsRelayCluster implements RemoteRoutes {
  private static final Logger log = LoggerFactory.getLogger(NatsRelayCluster.class);
  private static final Duration MIN_ROUTE_TTL = Duration.ofSeconds(30);
  /** How often a node says it is alive in the registry. */
  private static final Duration NODE_HEARTBEAT = Duration.ofSeconds(2);
  /** How long a key's consumer and route outlive its last connection here (a reconnect is quick). */
  private static final Duration UNBIND_GRACE = Duration.ofSeconds(2);

  /**
   * The relay's queue limits as the stream applies them.
   *
   * @param framesPerKey frames waiting per routing key (beyond: 503)
   * @param bytesTotal frame bytes held in the stream in all (beyond: 503)
   * @param ttl how long a frame waits for its receiver (beyond: 504 when it is handed out)
   * @param maxFrameBytes the relay's frame limit
   * @param ackWait how long a frame handed to a node may stay unacknowledged before JetStream
   *     hands it out again (a node that died)
   * @param maxAckPending frames handed out per key and not yet acknowledged
   */
  public record Limits(int framesPerKey, long bytesTotal, Duration ttl, int maxFrameBytes, Duration ackWait,
      int maxAckPending) {}

  private final RelayCluster cluster;
  private final RelayCore core;
  private final ClusterNames names;
  private final Duration routeTtl;
  private final ScheduledExecutorService admin;
  private final RouteRegistry registry;
  private final NodeConnection link;
  private final FrameStore frames;
  private final StatusRouting statuses;
  private final KeyConsumers consumers;
  private final ExpirySweeper sweeper;
  private final SecureRandom random;

  public NatsRelayCluster(RelayCluster cluster, Limits limits, RelayCore core, Clock clock, SecureRandom random) {
    this.cluster = cluster;
    this.core = core;
    this.random = random;
    byte[] id = new byte[6];
    random.nextBytes(id);
    this.names = new ClusterNames(cluster.name(), HexFormat.of().formatHex(id));
    this.routeTtl = limits.ttl().compareTo(MIN_ROUTE_TTL) < 0 ? MIN_ROUTE_TTL : limits.ttl();
    this.admin = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "anp-relay-cluster-" + cluster.name() + "-" + names.nodeId());
      t.setDaemon(true);
      return t;
    });
    this.registry = new RouteRegistry(names.nodeId(), routeTtl, clock);
    this.link = new NodeConnection(cluster, names, new ClusterSetup(names, limits, routeTtl), registry, admin,
        new NodeConnection.Hooks() {
          @Override
          public void subscribe(Connection connection) {
            subscribeDirect(connection);
          }

          @Override
          public void suspended() {
            consumers.stopAll();
          }

          @Override
          public void resumed() {
            consumers.restartAll();
            link.heartbeat();
            refreshRoutes();
          }
        });
    this.frames = new FrameStore(cluster, limits, names, registry, link, core, clock);
    this.statuses = new StatusRouting(cluster, names, link, core);
    this.consumers = new KeyConsumers(names, limits, link, admin, this::onStored);
    this.sweeper = new ExpirySweeper(names, limits, link, statuses, core, clock, cluster.storeTimeout());
  }

  /** How a relay with {@code config} makes its cluster link, once its core exists. */
  public static Function<RelayCore, RemoteRoutes> forRelay(RelayCluster cluster, Limits limits, RelayConfig config) {
    return core -> new NatsRelayCluster(cluster, limits, core, config.clock(), config.random());
  }

  /** This node's id in the cluster (fresh for every run). */
  public String nodeId() {
    return names.nodeId();
  }

  @Override
  public CompletableFuture<Void> start() {
    CompletableFuture<Void> started = new CompletableFuture<>();
    admin.execute(() -> {
      try {
        link.open();
        long refresh = Math.max(1000, routeTtl.toMillis() / 3);
        admin.scheduleAtFixedRate(this::refreshRoutes, refresh, refresh, TimeUnit.MILLISECONDS);
        link.heartbeat();
        admin.scheduleAtFixedRate(link::heartbeat, NODE_HEARTBEAT.toMillis(), NODE_HEARTBEAT.toMillis(),
            TimeUnit.MILLISECONDS);
        long sweep = ExpirySweeper.EVERY.toMillis();
        admin.scheduleAtFixedRate(sweeper::sweep, sweep / 2 + random.nextInt((int) sweep), sweep, TimeUnit.MILLISECONDS);
        log.info("relay node {} joined cluster {} at {}", names.nodeId(), cluster.name(), link.where());
        started.complete(null);
      } catch (TransportException e) {
        disconnect();
        started.completeExceptionally(e);
      } catch (RuntimeException e) {
        disconnect();
        started.completeExceptionally(new TransportException(TransportError.SERVICE_UNAVAILABLE,
            "cluster: cannot join " + cluster + ": " + e.getMessage(), e));
      }
    });
    return started;
  }

  private void subscribeDirect(Connection connection) {
    Dispatcher direct = connection.createDispatcher();
    direct.subscribe(names.directFrames(names.nodeId()), frames::onDirectFrames);
    direct.subscribe(names.directStatuses(names.nodeId()), statuses::onDirectStatuses);
  }

  @Override
  public boolean isCluster() {
    return true;
  }

  @Override
  public boolean isKnown(String key) {
    return registry.isKnown(key);
  }

  @Override
  public boolean isOnline(String key) {
    return registry.isOnline(key);
  }

  @Override
  public CompletableFuture<Optional<String>> store(StoredFrame.Outbound frame) {
    return frames.store(frame);
  }

  @Override
  public void bound(String key) {
    consumers.serve(key);
    onAdmin(() -> {
      NatsSession s = link.session();
      if (s != null && !registry.isServedHere(key)) {
        registry.serve(s.registry(), key);
      }
      consumers.start(key);
    });
  }

  /**
   * Stops consuming {@code key} and marks it offline after {@link #UNBIND_GRACE}, unless it was
   * bound here again meanwhile: an agent whose connection drops comes back within moments, and
   * its consumer and route stay as they are.
   */
  @Override
  public void unbound(String key) {
    consumers.unserve(key);
    onAdmin(() -> admin.schedule(() -> {
      if (consumers.isServed(key)) {
        return; // bound again meanwhile
      }
      consumers.stop(key);
      NatsSession s = link.session();
      if (s != null) {
        registry.leave(s.registry(), key);
      }
    }, UNBIND_GRACE.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** Runs {@code task} on the admin thread; nothing once the node is closing (agents still register meanwhile). */
  private void onAdmin(Runnable task) {
    try {
      admin.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("cluster: node closing; {} not done", task);
    }
  }

  /** A message from a key's consumer: a frame for the key, or a status for a sender served under it. */
  private void onStored(Message message) {
    if (message.getSubject().endsWith(ClusterNames.STATUSES)) {
      statuses.onStored(message);
    } else {
      NatsStoredFrame.of(message).ifPresent(core::deliverStored);
    }
  }

  @Override
  public void answer(StoredFrame frame, byte[] status) {
    statuses.answer(frame, status);
  }

  @Override
  public void expired(StoredFrame frame, byte[] status) {
    statuses.expired(frame, status);
  }

  private void refreshRoutes() {
    NatsSession s = link.session();
    if (s != null) {
      consumers.served().forEach(key -> registry.serve(s.registry(), key));
    }
  }

  @Override
  public void close() {
    admin.execute(this::disconnect);
    admin.shutdown();
    try {
      if (!admin.awaitTermination(10, TimeUnit.SECONDS)) {
        admin.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admin.shutdownNow();
    }
  }

  private void disconnect() {
    consumers.stopAll();
    awaitHandOvers();
    link.close();
  }

  /**
   * Before the connection closes: lets direct hand-overs still out be answered, and frames taken
   * directly and handed back (their connections closed with the relay) be stored, for at most a
   * hand-over timeout and a store timeout; a frame handed over directly is in no stream yet.
   */
  private void awaitHandOvers() {
    long until = System.nanoTime() + DirectHandOver.TIMEOUT.plus(cluster.storeTimeout()).toNanos();
    while (frames.pendingHandOvers() + statuses.pendingHandOvers() > 0 && System.nanoTime() < until) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
