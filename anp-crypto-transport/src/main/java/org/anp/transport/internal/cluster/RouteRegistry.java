package org.anp.transport.internal.cluster;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's route registry (decision 0077, item 6): a key-value bucket of routing-key token
 * to the node serving it (or {@code -} once it left) and a heartbeat per node, mirrored in memory
 * by a watcher so that routing never waits for NATS. Reads are thread-safe; writes go to the
 * bucket given by the caller and are seen here when the watcher brings them back.
 */
final class RouteRegistry {
  private static final Logger log = LoggerFactory.getLogger(RouteRegistry.class);
  private static final String OFFLINE = "-";
  private static final String NODE_KEY = "node-";
  /** After how long without a heartbeat a node counts as dead. */
  private static final Duration NODE_DEAD_AFTER = Duration.ofSeconds(8);

  private record Route(String node, long createdMillis) {}

  private final String nodeId;
  private final Duration routeTtl;
  private final Clock clock;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  /** The watcher of the current connection; replaced on every (re)connection. */
  private volatile NatsKeyValueWatchSubscription watch;

  RouteRegistry(String nodeId, Duration routeTtl, Clock clock) {
    this.nodeId = nodeId;
    this.routeTtl = routeTtl;
    this.clock = clock;
  }

  /**
   * Mirrors {@code kv} from now on (again), replacing the watcher of an earlier connection. The
   * old watcher's connection may be closed already (the node replaced it): then there is nothing
   * to unsubscribe, and that must not keep the new connection from working.
   */
  void mirror(KeyValue kv) throws IOException, JetStreamApiException, InterruptedException {
    NatsKeyValueWatchSubscription old = watch;
    watch = null;
    if (old != null) {
      try {
        old.unsubscribe();
      } catch (RuntimeException e) {
        log.debug("cluster: the old registry watcher is gone with its connection ({})", e.toString());
      }
    }
    watch = kv.watchAll(new Mirror());
  }

  /** Whether {@code key} registered with a node of the cluster within the route TTL. */
  boolean isKnown(String key) {
    Route r = routes.get(ClusterNames.token(key));
    return r != null && r.createdMillis() + routeTtl.toMillis() > clock.millis();
  }

  /**
   * Whether {@code key} is connected to a node that is alive: its route names a node (not
   * {@code -}) whose heartbeat in the registry is recent. A node that crashed leaves its routes
   * behind; they count as offline once its heartbeat is 8 s old.
   */
  boolean isOnline(String key) {
    return onlineNode(key).isPresent();
  }

  /** The live node {@code key} is connected to, if {@link #isOnline}. */
  Optional<String> onlineNode(String key) {
    Route r = routes.get(ClusterNames.token(key));
    if (r == null || OFFLINE.equals(r.node()) || r.createdMillis() + routeTtl.toMillis() <= clock.millis()) {
      return Optional.empty();
    }
    Route node = routes.get(NODE_KEY + r.node());
    return node != null && node.createdMillis() + NODE_DEAD_AFTER.toMillis() > clock.millis()
        ? Optional.of(r.node()) : Optional.empty();
  }

  /** Whether the registry names this node as the server of {@code key}. */
  boolean isServedHere(String key) {
    Route r = routes.get(ClusterNames.token(key));
    return r != null && nodeId.equals(r.node());
  }

  /** Writes that {@code key} is served by this node. */
  void serve(KeyValue kv, String key) {
    put(kv, key, nodeId);
  }

  /** Writes that {@code key} is served by no node. */
  void leave(KeyValue kv, String key) {
    put(kv, key, OFFLINE);
  }

  private void put(KeyValue kv, String key, String node) {
    try {
      kv.put(ClusterNames.token(key), node);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.debug("cluster: route of {} not written ({})", key, e.toString());
    }
  }

  /** Writes this node's heartbeat; false if JetStream did not take it. */
  boolean heartbeat(KeyValue kv) {
    try {
      kv.put(NODE_KEY + nodeId, Long.toString(clock.millis()));
      return true;
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.debug("cluster: heartbeat not written ({})", e.toString());
      return false;
    }
  }

  /** Deletes this node's heartbeat on a graceful stop: every route of this node is offline from now on. */
  void leaveCluster(KeyValue kv) {
    try {
      kv.delete(NODE_KEY + nodeId);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.debug("cluster: node key not deleted ({})", e.toString());
    }
  }

  /** Keeps {@link #routes} equal to the registry bucket. */
  private final class Mirror implements KeyValueWatcher {
    @Override
    public void watch(KeyValueEntry entry) {
      if (entry.getOperation() == KeyValueOperation.PUT) {
        routes.put(entry.getKey(), new Route(entry.getValueAsString(), entry.getCreated().toInstant().toEpochMilli()));
      } else {
        routes.remove(entry.getKey());
      }
    }

    @Override
    public void endOfData() {}
  }
}
