package org.anp.transport.internal.cluster;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.cluster.RelayCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay node's connection to NATS and its health (decision 0077, item 8): opens it (the stream
 * and the registry made sure of, the registry mirrored, the node's direct subjects subscribed),
 * rejoins after jnats re-established it, and replaces it by a new connection when JetStream no
 * longer answers on it: after a reconnection that JetStream does not answer, or after {@value
 * #MAX_FAILED_HEARTBEATS} heartbeats in a row unanswered on a connection that says it is up (with
 * jnats 2.25 and nats-server 2.9, a re-established connection sometimes never gets a JetStream
 * answer again, while a new connection works at once).
 *
 * <p>Everything but {@link #session} runs on the node's admin thread. {@link #session} is null
 * while no connection works; callers then fail at once (503) or leave work for later.
 */
final class NodeConnection {
  private static final Logger log = LoggerFactory.getLogger(NodeConnection.class);
  /** How often the client pings NATS; two pings unanswered and the connection counts as lost. */
  private static final Duration PING_INTERVAL = Duration.ofSeconds(10);
  private static final int MAX_FAILED_HEARTBEATS = 3;

  /** What the node does on a connection besides keeping it. */
  interface Hooks {
    /** Subscribes the node's direct subjects on a new connection, before it is used. */
    void subscribe(Connection connection);

    /** Before the connection is replaced by a new one: stop consuming on it. */
    void suspended();

    /** After a rejoin or on a new connection: consume the served keys again, rewrite their routes. */
    void resumed();
  }

  private final RelayCluster cluster;
  private final ClusterNames names;
  private final ClusterSetup setup;
  private final RouteRegistry registry;
  private final ScheduledExecutorService admin;
  private final Hooks hooks;
  private volatile NatsSession session;
  /** Heartbeats that failed in a row on a connection that said it was up; admin thread only. */
  private int failedHeartbeats;

  NodeConnection(RelayCluster cluster, ClusterNames names, ClusterSetup setup, RouteRegistry registry,
      ScheduledExecutorService admin, Hooks hooks) {
    this.cluster = cluster;
    this.names = names;
    this.setup = setup;
    this.registry = registry;
    this.admin = admin;
    this.hooks = hooks;
  }

  /** The working connection, or null while there is none. */
  NatsSession session() {
    return session;
  }

  String where() {
    return cluster.url().getHost() + ":" + cluster.url().getPort();
  }

  /**
   * Opens a new connection to NATS, makes sure the stream and the registry exist, mirrors the
   * registry and subscribes the direct subjects; {@link #session} is set only once all of it
   * worked.
   *
   * @throws TransportException {@code SERVICE_UNAVAILABLE} if NATS or JetStream cannot be used
   */
  void open() {
    Options options = new Options.Builder()
        .server(cluster.url().toString())
        .connectionName("anp-relay " + names.cluster() + " " + names.nodeId())
        .connectionTimeout(cluster.connectTimeout())
        .maxReconnects(-1)
        .reconnectWait(Duration.ofMillis(250))
        .reconnectBufferSize(0) // while NATS is away, a store fails at once (503) instead of waiting
        .pingInterval(PING_INTERVAL)
        .maxPingsOut(2)
        .errorListener(new ErrorListener() {
          @Override
          public void errorOccurred(Connection connection, String error) {
            log.debug("cluster: NATS error: {}", error);
          }

          @Override
          public void exceptionOccurred(Connection connection, Exception e) {
            log.debug("cluster: NATS connection: {}", e.toString());
          }
        })
        .connectionListener((connection, event) -> {
          if (event == ConnectionListener.Events.RECONNECTED) {
            admin.execute(() -> rejoin(connection));
          }
        })
        .build();
    Connection c;
    try {
      c = Nats.connect(options);
    } catch (IOException e) {
      throw new TransportException(TransportError.SERVICE_UNAVAILABLE,
          "cluster: NATS at " + where() + " is unreachable (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(TransportError.SERVICE_UNAVAILABLE, "cluster: interrupted while connecting", e);
    }
    NatsSession s;
    try {
      setup.ensureStream(c.jetStreamManagement());
      setup.ensureRegistry(c.keyValueManagement());
      KeyValue kv = c.keyValue(names.bucket());
      registry.mirror(kv);
      s = new NatsSession(c, c.jetStream(), c.getStreamContext(names.stream()), kv);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      close(c);
      throw new TransportException(TransportError.SERVICE_UNAVAILABLE, "cluster: JetStream at " + where()
          + " is not usable (is nats-server running with -js?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close(c);
      throw new TransportException(TransportError.SERVICE_UNAVAILABLE, "cluster: interrupted while connecting", e);
    }
    hooks.subscribe(c);
    session = s;
  }

  /**
   * After jnats re-established {@code connection} (a restart of the server or a network blip):
   * makes sure the stream and the registry exist, mirrors the registry again, and resumes, since
   * consumers do not survive every restart of the server. If JetStream does not answer here, the
   * connection is replaced by a new one.
   */
  private void rejoin(Connection connection) {
    NatsSession s = session;
    if (s == null || connection != s.connection()) {
      return; // replaced meanwhile
    }
    log.info("relay node {}: NATS is back; rejoining cluster {}", names.nodeId(), names.cluster());
    try {
      setup.ensureStream(connection.jetStreamManagement());
      setup.ensureRegistry(connection.keyValueManagement());
      registry.mirror(s.registry());
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.warn("cluster: JetStream does not answer on the re-established connection ({}); opening a new one",
          e.toString());
      reopen();
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    hooks.resumed();
  }

  /** Replaces the connection by a new one; until that works, stores fail at once (503). */
  private void reopen() {
    NatsSession old = session;
    session = null;
    hooks.suspended();
    if (old != null) {
      close(old.connection());
    }
    try {
      open();
    } catch (TransportException e) {
      log.warn("{}; retrying", e.getMessage());
      admin.schedule(this::reopen, 1, TimeUnit.SECONDS);
      return;
    }
    log.info("relay node {}: new connection to cluster {}", names.nodeId(), names.cluster());
    hooks.resumed();
  }

  /**
   * Writes this node's heartbeat. It is also the health check of the connection: when JetStream
   * leaves {@link #MAX_FAILED_HEARTBEATS} heartbeats in a row unanswered on a connection that says
   * it is up, the connection is replaced (see {@link #rejoin}).
   */
  void heartbeat() {
    NatsSession s = session;
    if (s == null) {
      return;
    }
    if (registry.heartbeat(s.registry())) {
      failedHeartbeats = 0;
    } else if (s.connection().getStatus() == Connection.Status.CONNECTED
        && ++failedHeartbeats >= MAX_FAILED_HEARTBEATS) {
      log.warn("cluster: JetStream left {} heartbeats unanswered on a live connection; opening a new one",
          failedHeartbeats);
      failedHeartbeats = 0;
      reopen();
    }
  }

  /** Answers a core NATS request of another node (a direct hand-over: what it took). */
  void reply(Message request, byte[] answer) {
    NatsSession s = session;
    if (s != null && request.getReplyTo() != null) {
      try {
        s.connection().publish(request.getReplyTo(), answer);
      } catch (RuntimeException e) {
        log.debug("cluster: reply not sent ({})", e.toString());
      }
    }
  }

  /** Leaves the cluster (the node's heartbeat deleted) and closes the connection. */
  void close() {
    NatsSession s = session;
    session = null;
    if (s != null) {
      registry.leaveCluster(s.registry());
      close(s.connection());
    }
  }

  private static void close(Connection c) {
    try {
      c.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
