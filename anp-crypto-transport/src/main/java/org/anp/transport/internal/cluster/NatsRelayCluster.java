package org.anp.transport.internal.cluster;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.PublishAck;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A relay node's link to its cluster on NATS (decision 0077):
 *
 * <ul>
 *   <li>a route registry in a key-value bucket (routing-key token to the node serving it, or
 *       {@code -} once it left, and a heartbeat per node), mirrored in memory by a watcher, so
 *       routing never waits for NATS;
 *   <li>with {@link RelayCluster#directHandOver()}, a frame for a key online on another node is
 *       handed to that node directly (a core NATS request it answers "taken" or "declined"), and
 *       its final status comes back the same way;
 *   <li>otherwise (the default; or offline, declined, no answer) one work-queue stream, file storage, a subject
 *       per routing key (a hash of the key), with the relay's queue limits per subject (frames,
 *       new ones refused) and in all (bytes); a durable pull consumer per key served here, whose
 *       frames are acknowledged in JetStream only when the receiving agent acknowledged or
 *       refused them (decision 0011);
 *   <li>statuses that the sender's node could not write at once are stored in the same stream
 *       on a second subject of the sender's key, for whichever node the sender is connected to.
 * </ul>
 *
 * Thread-safe. Calls that talk to JetStream's API run on one thread of its own; stores are
 * asynchronous publishes, at most {@value #MAX_STORING} at a time.
 */
public final class NatsRelayCluster implements RemoteRoutes {
  private static final Logger log = LoggerFactory.getLogger(NatsRelayCluster.class);
  private static final String OFFLINE = "-";
  private static final int MAX_STORING = 10_000;
  private static final Duration MIN_ROUTE_TTL = Duration.ofSeconds(30);
  /** How often a node says it is alive in the registry, and after how long without it is taken as dead. */
  private static final Duration NODE_HEARTBEAT = Duration.ofSeconds(2);
  private static final Duration NODE_DEAD_AFTER = Duration.ofSeconds(8);
  /** How often the client pings NATS; two pings unanswered and the connection counts as lost. */
  private static final Duration PING_INTERVAL = Duration.ofSeconds(10);
  private static final int MAX_FAILED_HEARTBEATS = 3;
  private static final String NODE_KEY = "node-";
  /** How long a key's consumer and route outlive its last connection here (a reconnect is quick). */
  private static final Duration UNBIND_GRACE = Duration.ofSeconds(2);
  /** Subject suffixes under a key's token: frames for the key, and statuses for senders served under it. */
  private static final String FRAMES = ".f";
  private static final String STATUSES = ".s";
  /** How long a node waits for another to take a frame or a status handed to it directly. */
  private static final Duration DIRECT_TIMEOUT = Duration.ofSeconds(2);
  private static final byte[] TAKEN = {'1'};
  private static final byte[] DECLINED = {'0'};

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

  private record Route(String node, long createdMillis) {}

  private final RelayCluster cluster;
  private final Limits limits;
  private final RelayCore core;
  private final Clock clock;
  private final String nodeId;
  private final String prefix;
  private final String stream;
  private final String bucket;
  private final Duration routeTtl;
  private final ScheduledExecutorService admin;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Set<String> local = ConcurrentHashMap.newKeySet();
  /** Consumers of the keys served here; touched only on the admin thread. */
  private final Map<String, MessageConsumer> consumers = new ConcurrentHashMap<>();
  private final AtomicInteger storing = new AtomicInteger();
  /** Heartbeats that failed in a row on a connection that said it was up; admin thread only. */
  private int failedHeartbeats;
  private volatile Connection nats;
  private volatile JetStream jetStream;
  private volatile StreamContext streamContext;
  private volatile KeyValue registry;
  private volatile NatsKeyValueWatchSubscription watch;

  public NatsRelayCluster(RelayCluster cluster, Limits limits, RelayCore core, Clock clock, SecureRandom random) {
    this.cluster = cluster;
    this.limits = limits;
    this.core = core;
    this.clock = clock;
    byte[] id = new byte[6];
    random.nextBytes(id);
    this.nodeId = HexFormat.of().formatHex(id);
    this.prefix = "anp.relay." + cluster.name();
    this.stream = "ANP_RELAY_" + cluster.name();
    this.bucket = "anp-relay-routes-" + cluster.name();
    this.routeTtl = limits.ttl().compareTo(MIN_ROUTE_TTL) < 0 ? MIN_ROUTE_TTL : limits.ttl();
    this.admin = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "anp-relay-cluster-" + cluster.name() + "-" + nodeId);
      t.setDaemon(true);
      return t;
    });
  }

  /** How a relay with {@code config} makes its cluster link, once its core exists. */
  public static Function<RelayCore, RemoteRoutes> forRelay(RelayCluster cluster, Limits limits, RelayConfig config) {
    return core -> new NatsRelayCluster(cluster, limits, core, config.clock(), config.random());
  }

  /** This node's id in the cluster (fresh for every run). */
  public String nodeId() {
    return nodeId;
  }

  @Override
  public CompletableFuture<Void> start() {
    CompletableFuture<Void> started = new CompletableFuture<>();
    admin.execute(() -> {
      try {
        open();
        long refresh = Math.max(1000, routeTtl.toMillis() / 3);
        admin.scheduleAtFixedRate(this::refreshRoutes, refresh, refresh, TimeUnit.MILLISECONDS);
        heartbeat();
        admin.scheduleAtFixedRate(this::heartbeat, NODE_HEARTBEAT.toMillis(), NODE_HEARTBEAT.toMillis(),
            TimeUnit.MILLISECONDS);
        log.info("relay node {} joined cluster {} at {}", nodeId, cluster.name(), where());
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

  private String where() {
    return cluster.url().getHost() + ":" + cluster.url().getPort();
  }

  /**
   * Opens a new connection to NATS, makes sure the stream and the registry exist, mirrors the
   * registry and listens for direct hand-overs; the fields are set only once all of it worked.
   */
  private void open() {
    Options options = new Options.Builder()
        .server(cluster.url().toString())
        .connectionName("anp-relay " + cluster.name() + " " + nodeId)
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
    try {
      ensureStream(c.jetStreamManagement());
      ensureRegistry(c.keyValueManagement());
      KeyValue kv = c.keyValue(bucket);
      watch = kv.watchAll(new RegistryMirror());
      registry = kv;
      jetStream = c.jetStream();
      streamContext = c.getStreamContext(stream);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      close(c);
      throw new TransportException(TransportError.SERVICE_UNAVAILABLE, "cluster: JetStream at " + where()
          + " is not usable (is nats-server running with -js?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close(c);
      throw new TransportException(TransportError.SERVICE_UNAVAILABLE, "cluster: interrupted while connecting", e);
    }
    Dispatcher direct = c.createDispatcher();
    direct.subscribe(prefix + ".node." + nodeId + FRAMES, this::onDirectFrame);
    direct.subscribe(prefix + ".node." + nodeId + STATUSES, this::onDirectStatus);
    nats = c;
  }

  private void ensureStream(JetStreamManagement jsm) throws IOException, JetStreamApiException {
    StreamConfiguration config = StreamConfiguration.builder()
        .name(stream)
        .subjects(prefix + ".q.*.*")
        .retentionPolicy(RetentionPolicy.WorkQueue)
        .storageType(StorageType.File)
        .maxMessagesPerSubject(limits.framesPerKey())
        .discardPolicy(DiscardPolicy.New)
        .discardNewPerSubject(true)
        .maxBytes(limits.bytesTotal())
        .maxAge(limits.ttl().plusMinutes(1))
        .maxMsgSize(limits.maxFrameBytes() + 4096L)
        .build();
    try {
      jsm.addStream(config);
    } catch (JetStreamApiException e) {
      jsm.updateStream(config); // another node (or an older configuration) made it first
    }
  }

  private void ensureRegistry(KeyValueManagement kvm) throws IOException, JetStreamApiException {
    KeyValueConfiguration config = KeyValueConfiguration.builder()
        .name(bucket).ttl(routeTtl).maxHistoryPerKey(1).storageType(StorageType.File).build();
    try {
      kvm.create(config);
    } catch (JetStreamApiException e) {
      kvm.update(config);
    }
  }

  @Override
  public boolean isCluster() {
    return true;
  }

  @Override
  public boolean isKnown(String key) {
    Route r = routes.get(token(key));
    return r != null && r.createdMillis() + routeTtl.toMillis() > clock.millis();
  }

  /**
   * Whether {@code key} is connected to a node that is alive: its route names a node (not
   * {@code -}) whose heartbeat in the registry is recent. A node that crashed leaves its routes
   * behind; they count as offline once its heartbeat is 8 s old.
   */
  @Override
  public boolean isOnline(String key) {
    Route r = routes.get(token(key));
    if (r == null || OFFLINE.equals(r.node()) || !isKnown(key)) {
      return false;
    }
    Route node = routes.get(NODE_KEY + r.node());
    return node != null && node.createdMillis() + NODE_DEAD_AFTER.toMillis() > clock.millis();
  }

  /**
   * Hands a frame for a key online on another node straight to that node over core NATS (no
   * storage); if that node does not take it at once (it declined, did not answer within
   * {@link #DIRECT_TIMEOUT}, or the key is offline), stores it in the stream.
   */
  @Override
  public CompletableFuture<Optional<String>> store(StoredFrame.Outbound frame) {
    Connection c = nats;
    Route r = routes.get(token(frame.key()));
    if (!cluster.directHandOver() || c == null || r == null || nodeId.equals(r.node()) || !isOnline(frame.key())) {
      return storeInStream(frame);
    }
    CompletableFuture<Message> reply;
    try {
      reply = c.requestWithTimeout(prefix + ".node." + r.node() + FRAMES,
          headersOf(frame).add(ClusterHeaders.ORIGIN_NODE, nodeId), frame.bytes(), DIRECT_TIMEOUT);
    } catch (RuntimeException e) {
      return storeInStream(frame);
    }
    return reply.handle((m, e) -> e == null && m != null && Arrays.equals(TAKEN, m.getData()))
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
    JetStream js = jetStream;
    if (js == null) {
      return CompletableFuture.completedFuture(Optional.of("cluster store not connected"));
    }
    if (storing.incrementAndGet() > MAX_STORING) {
      storing.decrementAndGet();
      return CompletableFuture.completedFuture(Optional.of("cluster store busy: " + MAX_STORING + " frames being stored"));
    }
    CompletableFuture<PublishAck> published;
    try {
      Headers h = headersOf(frame).add(ClusterHeaders.ORIGIN_NODE, nodeId);
      published = js.publishAsync(prefix + ".q." + token(frame.key()) + FRAMES, h, frame.bytes());
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
  private void onDirectFrame(Message message) {
    Optional<NatsStoredFrame> frame = NatsStoredFrame.direct(message, this::storeHandedBack);
    boolean taken = false;
    if (frame.isPresent()) {
      core.deliverStored(frame.get());
      taken = frame.get().take();
    }
    reply(message, taken);
  }

  /** A direct frame taken here and then handed back (its connection closed): into the stream. */
  private void storeHandedBack(NatsStoredFrame frame) {
    JetStream js = jetStream;
    try {
      if (js == null) {
        throw new IllegalStateException("not connected");
      }
      js.publishAsync(prefix + ".q." + token(frame.key()) + FRAMES, frame.headers(), frame.bytes())
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

  private void reply(Message request, boolean taken) {
    Connection c = nats;
    if (c != null && request.getReplyTo() != null) {
      try {
        c.publish(request.getReplyTo(), taken ? TAKEN : DECLINED);
      } catch (RuntimeException e) {
        log.debug("cluster: reply not sent ({})", e.toString());
      }
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

  @Override
  public void bound(String key) {
    local.add(key);
    admin.execute(() -> {
      Route r = routes.get(token(key));
      if (r == null || !nodeId.equals(r.node())) {
        putRoute(key, nodeId);
      }
      startConsumer(key);
    });
  }

  /**
   * Stops consuming {@code key} and marks it offline after {@link #UNBIND_GRACE}, unless it was
   * bound here again meanwhile: an agent whose connection drops comes back within moments, and
   * its consumer and route stay as they are.
   */
  @Override
  public void unbound(String key) {
    local.remove(key);
    admin.schedule(() -> {
      if (local.contains(key)) {
        return; // bound again meanwhile
      }
      MessageConsumer c = consumers.remove(key);
      if (c != null) {
        c.stop();
      }
      putRoute(key, OFFLINE);
    }, UNBIND_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void startConsumer(String key) {
    if (!local.contains(key) || consumers.containsKey(key) || nats == null) {
      return;
    }
    String token = token(key);
    try {
      ConsumerContext context = streamContext.createOrUpdateConsumer(ConsumerConfiguration.builder()
          .durable("r-" + token)
          .filterSubject(prefix + ".q." + token + ".*")
          .ackPolicy(AckPolicy.Explicit)
          .deliverPolicy(DeliverPolicy.All)
          .ackWait(limits.ackWait())
          .maxAckPending(limits.maxAckPending())
          .inactiveThreshold(limits.ttl())
          .build());
      MessageConsumer consumer = context.consume(
          ConsumeOptions.builder().batchSize(Math.min(256, limits.maxAckPending())).build(), this::onStored);
      consumers.put(key, consumer);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      // NATS away: try again shortly, the frames wait in the stream meanwhile.
      log.warn("cluster: cannot consume the frames of {} yet ({}); retrying", key, e.toString());
      admin.schedule(() -> startConsumer(key), 1, TimeUnit.SECONDS);
    }
  }

  private void onStored(Message message) {
    if (message.getSubject().endsWith(STATUSES)) {
      onStatus(message);
    } else {
      NatsStoredFrame.of(message).ifPresent(core::deliverStored);
    }
  }

  /**
   * Gives the final status of {@code frame} to its sender's node over core NATS (or to the
   * sender here); if that node does not write it to the sender at once, stores it in the stream
   * for wherever the sender is or will be. The frame is removed from the stream only then; if
   * the status cannot be stored either, the frame stays to be delivered again.
   */
  @Override
  public void answer(StoredFrame frame, byte[] status) {
    if (!(frame instanceof NatsStoredFrame stored)) {
      frame.retry();
      return;
    }
    if (!cluster.directHandOver()) {
      storeStatus(stored, status);
      return;
    }
    String origin = stored.originNode().orElse("");
    String connection = stored.originConnection().orElse("");
    if (origin.equals(nodeId) && core.answer(connection, stored.sourceDid(), status)) {
      frame.ack();
      return;
    }
    Connection c = nats;
    if (c == null || origin.isEmpty() || origin.equals(nodeId)) {
      storeStatus(stored, status);
      return;
    }
    CompletableFuture<Message> reply;
    try {
      Headers h = new Headers()
          .add(ClusterHeaders.ORIGIN_CONNECTION, connection)
          .add(ClusterHeaders.SOURCE, stored.sourceDid());
      reply = c.requestWithTimeout(prefix + ".node." + origin + STATUSES, h, status, DIRECT_TIMEOUT);
    } catch (RuntimeException e) {
      storeStatus(stored, status);
      return;
    }
    reply.whenComplete((m, e) -> {
      if (e == null && m != null && Arrays.equals(TAKEN, m.getData())) {
        frame.ack();
      } else {
        storeStatus(stored, status);
      }
    });
  }

  /** A status from the node that delivered a frame sent from here: written to its sender, or declined. */
  private void onDirectStatus(Message message) {
    Headers h = message.getHeaders();
    String source = h == null ? null : h.getFirst(ClusterHeaders.SOURCE);
    String connection = h == null ? null : h.getFirst(ClusterHeaders.ORIGIN_CONNECTION);
    reply(message, source != null && core.answer(connection == null ? "" : connection, source, message.getData()));
  }

  /** Stores a status in the stream, then removes its frame; if it cannot, the frame comes again. */
  private void storeStatus(NatsStoredFrame frame, byte[] status) {
    JetStream js = jetStream;
    if (js == null) {
      frame.retry();
      return;
    }
    CompletableFuture<PublishAck> published;
    try {
      Headers h = new Headers()
          .add(ClusterHeaders.SOURCE, frame.sourceDid())
          .add(ClusterHeaders.ORIGIN_NODE, frame.originNode().orElse(""))
          .add(ClusterHeaders.ORIGIN_CONNECTION, frame.originConnection().orElse(""));
      published = js.publishAsync(prefix + ".q." + token(frame.originKey()) + STATUSES, h, status);
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

  /** A status for a sender served here: written to its connection, or left in the stream. */
  private void onStatus(Message message) {
    Headers h = message.getHeaders();
    String source = h == null ? null : h.getFirst(ClusterHeaders.SOURCE);
    if (source == null) {
      message.term();
      return;
    }
    String connection = nodeId.equals(h.getFirst(ClusterHeaders.ORIGIN_NODE))
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

  /**
   * After jnats re-established {@code connection} (a restart of the server or a network blip):
   * makes sure the stream and the registry exist, mirrors the registry again, and consumes the
   * keys served here anew, since consumers do not survive every restart of the server. With
   * jnats 2.25 and nats-server 2.9, a re-established connection sometimes never gets an answer to
   * a JetStream request again, while a new connection works at once; so if JetStream does not
   * answer here, the connection is replaced by a new one.
   */
  private void rejoin(Connection connection) {
    if (connection != nats) {
      return; // replaced meanwhile
    }
    log.info("relay node {}: NATS is back; rejoining cluster {}", nodeId, cluster.name());
    try {
      ensureStream(connection.jetStreamManagement());
      ensureRegistry(connection.keyValueManagement());
      NatsKeyValueWatchSubscription old = watch;
      if (old != null) {
        old.unsubscribe();
      }
      watch = registry.watchAll(new RegistryMirror());
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.warn("cluster: JetStream does not answer on the re-established connection ({}); opening a new one",
          e.toString());
      reopen();
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    consumeAgain();
  }

  /** Replaces the connection by a new one; until that works, stores fail at once (503). */
  private void reopen() {
    Connection old = nats;
    nats = null;
    jetStream = null;
    registry = null;
    stopConsumers();
    if (old != null) {
      close(old);
    }
    try {
      open();
    } catch (TransportException e) {
      log.warn("{}; retrying", e.getMessage());
      admin.schedule(this::reopen, 1, TimeUnit.SECONDS);
      return;
    }
    log.info("relay node {}: new connection to cluster {}", nodeId, cluster.name());
    consumeAgain();
  }

  private void consumeAgain() {
    stopConsumers();
    local.forEach(this::startConsumer);
    heartbeat();
    refreshRoutes();
  }

  private void stopConsumers() {
    consumers.values().forEach(MessageConsumer::stop);
    consumers.clear();
  }

  private static void close(Connection c) {
    try {
      c.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Writes this node's heartbeat. It is also the health check of the connection: when JetStream
   * leaves {@link #MAX_FAILED_HEARTBEATS} heartbeats in a row unanswered on a connection that says
   * it is up, the connection is replaced (see {@link #rejoin}).
   */
  private void heartbeat() {
    KeyValue kv = registry;
    if (kv == null) {
      return;
    }
    try {
      kv.put(NODE_KEY + nodeId, Long.toString(clock.millis()));
      failedHeartbeats = 0;
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.debug("cluster: heartbeat not written ({})", e.toString());
      Connection c = nats;
      if (c != null && c.getStatus() == Connection.Status.CONNECTED && ++failedHeartbeats >= MAX_FAILED_HEARTBEATS) {
        log.warn("cluster: JetStream left {} heartbeats unanswered on a live connection; opening a new one",
            failedHeartbeats);
        failedHeartbeats = 0;
        reopen();
      }
    }
  }

  private void refreshRoutes() {
    for (String key : local) {
      putRoute(key, nodeId);
    }
  }

  private void putRoute(String key, String node) {
    KeyValue kv = registry;
    if (kv == null) {
      return;
    }
    try {
      kv.put(token(key), node);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.debug("cluster: route of {} not written ({})", key, e.toString());
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
    KeyValue kv = registry;
    if (kv != null) {
      try {
        kv.delete(NODE_KEY + nodeId); // every route of this node is offline from now on
      } catch (IOException | JetStreamApiException | RuntimeException e) {
        log.debug("cluster: node key not deleted ({})", e.toString());
      }
    }
    stopConsumers();
    Connection c = nats;
    nats = null;
    jetStream = null;
    registry = null;
    if (c != null) {
      close(c);
    }
  }

  /** A routing key as a NATS subject token and key-value key: 128 bits of its SHA-256, in hex. */
  static String token(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** Keeps {@link #routes} equal to the registry bucket. */
  private final class RegistryMirror implements KeyValueWatcher {
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
