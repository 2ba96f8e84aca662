package org.anp.transport.internal.relay;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.anp.identity.AnpException;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.did.DidDocument;
import org.anp.transport.TransportException;
import org.anp.transport.relay.HeartbeatFrame;
import org.anp.transport.relay.QueuedFrame;
import org.anp.transport.relay.RegisterFrame;
import org.anp.transport.relay.RelayEventListener;
import org.anp.transport.relay.RelayFrame;
import org.anp.transport.relay.RelayFrames;
import org.anp.transport.relay.RouterEntry;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.RefusalLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's routing logic (spec/e2e-transport.md section 10, decisions 0004 and 0006):
 * registration, anti-spoofing, routing by destinationDid to a local connection, a peer relay or
 * the queue, and a status {@code response} for every frame. A frame pushed to a connection stays
 * in that connection's unacknowledged set until its client acknowledges it (a {@code response}
 * with code 200 naming the frame); only then is the sender answered 200, and a client's refusal
 * of the frame is passed to the sender instead (decision 0011). Frames of a connection that
 * closes unacknowledged go back to the head of the queue; a connection that acknowledges nothing
 * within the ack timeout is taken never to acknowledge, and its frames count as delivered once
 * written. It reads only envelope fields, never payloads.
 *
 * <p>The decisions are taken by plain parts without Netty, each tested alone on a manual clock:
 * {@link RegistrationCheck} (register proofs, window, nonces), {@link RoutingTable} (which
 * connection serves which DID), {@link WaitingFrames} (the queue around the
 * {@code MessageQueue} seam) and {@link AcknowledgementLedger} (what is unacknowledged where);
 * the jobs around them are split the same way: this class takes inbound frames, registrations
 * and the lifecycle; {@link FrameRouter} decides where a frame goes; {@link Deliveries} pushes,
 * settles, requeues and expires; {@link RemoteRoutes} is where frames for keys this node does
 * not serve go (nowhere without a cluster; JetStream in one).
 * Thread-safe: routing state is guarded by one lock, held only for short non-blocking steps
 * (channel writes from it are queued by Netty, not performed).
 */
public final class RelayCore {
  private static final Logger log = LoggerFactory.getLogger(RelayCore.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final String RESPONSE = "response";
  private static final String AUTHORIZATION = "authorization";
  /** The code of a client's acknowledgement {@code response} (decision 0006). */
  private static final int ACK_CODE = 200;

  private final RelayConfig config;
  final Object lock = new Object();
  // Guarded by the lock: where DIDs are connected, what waits for them, what is unacknowledged.
  final RoutingTable<RelayConnection> table = new RoutingTable<>(100_000, 100_000);
  final WaitingFrames<RelayConnection> queue;
  final AcknowledgementLedger<RelayConnection> ledger;
  private final RemoteRoutes remote;
  private final Deliveries deliveries;
  private final FrameRouter router;
  private final RegistrationCheck registrations;
  private final StatusWriter statuses;
  private final RefusalLog queueRefusals;
  private final RefusalLog frameSizeRefusals;
  private final RefusalLog rateRefusals;
  private final RefusalLog perDidConnectionRefusals;
  private final AtomicLong connectionIds = new AtomicLong();
  private final Map<String, RelayConnection> connections = new ConcurrentHashMap<>();
  private volatile Set<String> localEndpoints = Set.of();
  private volatile EventLoopGroup group;
  private volatile boolean closing;

  public RelayCore(RelayConfig config) {
    this(config, core -> RemoteRoutes.LOCAL);
  }

  /** A relay core whose frames for keys it does not serve go to {@code remote}, made for it. */
  public RelayCore(RelayConfig config, Function<RelayCore, RemoteRoutes> remote) {
    this.config = config;
    this.queue = new WaitingFrames<>(config.queue(), config.queueTtl());
    this.ledger = new AcknowledgementLedger<>(config.ackTimeout(), config.maxUnacknowledged());
    this.registrations = new RegistrationCheck(
        config.registrationWindow(), config.resolveTimeout(), config.nonceCacheSize(), config.limits(), config.clock());
    MetricsRegistry metrics = config.limits().metrics();
    this.queueRefusals = RefusalLog.create(
        log, "relay_queue_full", config.clock(), config.limits().refusalLogInterval(), metrics);
    this.frameSizeRefusals = RefusalLog.create(
        log, "relay_frame_size", config.clock(), config.limits().refusalLogInterval(), metrics);
    this.rateRefusals = RefusalLog.create(
        log, "relay_rate", config.clock(), config.limits().refusalLogInterval(), metrics);
    this.perDidConnectionRefusals = RefusalLog.create(
        log, "relay_connections_per_did", config.clock(), config.limits().refusalLogInterval(), metrics);
    metrics.gauge("anp_relay_queued_frames", "Frames waiting for offline destinations", Map.of(), queue::size);
    metrics.gauge("anp_relay_queued_bytes", "Frame bytes waiting for offline destinations (-1: not known)",
        Map.of(), queue::bytes);
    metrics.gauge("anp_relay_connections", "Open WebSocket connections", Map.of(), connections::size);
    this.statuses = new StatusWriter(config.random(), config.identity().map(RelayConfig.Identity::did));
    this.remote = remote.apply(this);
    this.deliveries = new Deliveries(this, this.remote);
    this.router = new FrameRouter(this, deliveries, this.remote, queueRefusals);
  }

  /** Called once the server is bound: the URLs under which documents name this relay. */
  void bound(URI uri, EventLoopGroup group) {
    Set<String> local = new HashSet<>();
    local.add(normalize(uri.toString()).orElseThrow());
    String host = uri.getHost();
    if (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1")) {
      for (String alias : List.of("127.0.0.1", "localhost")) {
        normalize(uri.getScheme() + "://" + alias + ":" + uri.getPort() + uri.getPath()).ifPresent(local::add);
      }
    }
    for (URI extra : config.publicEndpoints()) {
      normalize(extra.toString()).ifPresent(local::add);
    }
    this.localEndpoints = Set.copyOf(local);
    this.group = group;
  }

  RelayConfig config() {
    return config;
  }

  RelayConnection newConnection() {
    return new RelayConnection(
        "c" + connectionIds.incrementAndGet(),
        this,
        new TokenBucket(config.burst(), config.messagesPerSecond(), now()));
  }

  void connected(RelayConnection c) {
    connections.put(c.id, c);
    notify(l -> l.connected(c.id, c.remoteAddress()));
  }

  /**
   * Unbinds {@code c} and puts its unacknowledged frames back at the head of their queues;
   * called when it sends a close frame and again when its channel closes.
   */
  void disconnected(RelayConnection c) {
    Set<String> keys;
    List<String> gone = new ArrayList<>();
    synchronized (lock) {
      Set<String> had = table.routersOf(c);
      table.unbind(c);
      had.stream().filter(r -> !table.isBound(r)).forEach(gone::add);
      keys = deliveries.requeue(ledger.close(c));
    }
    gone.forEach(remote::unbound);
    keys.forEach(deliveries::drain);
    if (connections.remove(c.id, c)) {
      notify(l -> l.disconnected(c.id));
    }
  }

  Set<RelayConnection> connections() {
    return Set.copyOf(connections.values());
  }

  int queuedFrames() {
    synchronized (lock) {
      return queue.size();
    }
  }

  RemoteRoutes remote() {
    return remote;
  }

  boolean isClosing() {
    return closing;
  }

  Set<String> localEndpoints() {
    return localEndpoints;
  }

  EventLoopGroup group() {
    return group;
  }

  void writable(RelayConnection c) {
    Set<String> routers;
    synchronized (lock) {
      routers = table.routersOf(c);
    }
    routers.forEach(deliveries::drain);
  }

  /** Expires queued frames and settles overdue ones ({@link Deliveries#sweep}). */
  void sweep() {
    deliveries.sweep();
  }

  Optional<RelayConnection> localConnection(String did) {
    return deliveries.localConnection(did);
  }

  void linkClosed(RelayLink link) {
    router.linkClosed(link);
  }

  /**
   * A frame the cluster store hands this relay for a key it serves ({@link RemoteRoutes}):
   * pushed to a connection of the key and settled in the store once the receiver acknowledged
   * or refused it, or handed back if none can take it now.
   */
  public void deliverStored(StoredFrame frame) {
    deliveries.deliverStored(frame);
  }

  /**
   * A final status (or a receiver's refusal) of a frame a sender served here stored in the
   * cluster, taken from the store: written to the sender's connection {@code connectionId} (on
   * this node; empty if the frame came from another) if it is still open, else to another live
   * connection of {@code sourceDid}. False if the sender has none here: the status stays stored.
   */
  public boolean answer(String connectionId, String sourceDid, byte[] status) {
    RelayConnection c = connections.get(connectionId);
    Optional<RelayConnection> target = c != null && c.isActive() ? Optional.of(c) : localConnection(sourceDid);
    target.ifPresent(t -> t.send(status));
    return target.isPresent();
  }

  /**
   * The final 504 of a frame that expired in the cluster store before any node handed it out
   * (decision 0086), for the cluster to carry to its sender; reported to the listener as expired.
   */
  public byte[] expiredInStore(String type, String sourceDid, String destinationDid, String messageId) {
    notify(l -> l.expired(sourceDid, destinationDid, messageId));
    return statusFrame(new FrameInfo(type, Optional.of(messageId), Optional.of(sourceDid)), 504,
        "expired in the cluster store");
  }

  // ---------------------------------------------------------------- inbound frames

  /** Handles one inbound text frame; the future completes when the frame's fate is decided. */
  CompletableFuture<Void> handle(RelayConnection c, byte[] bytes) {
    if (config.listener() != RelayEventListener.NONE) {
      byte[] copy = bytes.clone();
      notify(l -> l.frameReceived(c.id, copy));
    }
    int max = config.maxFrameBytes();
    if (bytes.length > max) {
      frameSizeRefusals.refused(c.remoteHost(), bytes.length + " bytes, limit " + max);
      reject(c, FrameInfo.bestEffort(bytes, config.hardFrameLimit()), 413,
          "frame: " + bytes.length + " bytes, limit " + max);
      return DONE;
    }
    Envelope envelope;
    try {
      envelope = Envelope.read(bytes);
    } catch (TransportException e) {
      if (!Utf8Check.isValid(bytes)) {
        // RFC 6455 section 8.1: a text frame that is not UTF-8 fails the connection with 1007.
        log.debug("connection {}: invalid UTF-8 in a text frame; closing with 1007", c.id);
        c.close(WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
        return DONE;
      }
      reject(c, FrameInfo.bestEffort(bytes, max), 400, e.getMessage());
      return DONE;
    }
    if (envelope.isResponse() && envelope.code().getAsInt() == ACK_CODE) {
      // Acknowledgements only release state, so they are exempt from the rate limit: a busy
      // receiver must not be throttled into timeouts by the acks it owes.
      deliveries.acknowledge(c, envelope);
      return DONE;
    }
    if (envelope.isResponse() && envelope.code().getAsInt() >= 400 && deliveries.refused(c, envelope, bytes)) {
      return DONE; // the same exemption: a refusal settles a frame as an acknowledgement does
    }
    if (envelope.isRelayFrame()) {
      return handleRelayFrame(c, bytes);
    }
    FrameInfo info = envelope.info();
    if (!c.bucket().tryTake(now())) {
      rateRefusals.refused(c.remoteHost() + " (connection " + c.id + ")",
          config.messagesPerSecond() + " frames/s, burst " + config.burst());
      reject(c, info, 429, "rate limit: " + config.messagesPerSecond() + " frames/s, burst " + config.burst());
      return DONE;
    }
    return router.route(c, envelope, bytes, info);
  }

  /** {@code register} and {@code heartbeat}: rare, so parsed in full. */
  private CompletableFuture<Void> handleRelayFrame(RelayConnection c, byte[] bytes) {
    RelayFrame frame;
    try {
      frame = RelayFrames.parse(bytes, config.maxFrameBytes());
    } catch (TransportException e) {
      reject(c, FrameInfo.bestEffort(bytes, config.maxFrameBytes()), 400, e.getMessage());
      return DONE;
    }
    FrameInfo info = FrameInfo.of(frame);
    if (!c.bucket().tryTake(now())) {
      rateRefusals.refused(c.remoteHost() + " (connection " + c.id + ")",
          config.messagesPerSecond() + " frames/s, burst " + config.burst());
      reject(c, info, 429, "rate limit: " + config.messagesPerSecond() + " frames/s, burst " + config.burst());
      return DONE;
    }
    if (frame instanceof HeartbeatFrame heartbeat) {
      if (heartbeat.isPing()) {
        c.send(HeartbeatFrame.pong(heartbeat, now()).toJsonBytes());
      }
      return DONE;
    }
    return register(c, (RegisterFrame) frame, info);
  }

  void rejectUnparsed(RelayConnection c, int code, String detail) {
    reject(c, new FrameInfo(FrameInfo.UNKNOWN, Optional.empty(), Optional.empty()), code, detail);
  }

  // ---------------------------------------------------------------- registration

  private CompletableFuture<Void> register(RelayConnection c, RegisterFrame frame, FrameInfo info) {
    List<RouterEntry> entries = frame.routers();
    Optional<RegistrationCheck.Refusal> early = registrations.precheck(entries, c.remoteHost(), now());
    if (early.isPresent()) {
      refuseRegistration(c, info, early.get());
      return DONE;
    }
    Map<String, CompletableFuture<DidDocument>> documents = new LinkedHashMap<>();
    for (RouterEntry e : entries) {
      documents.computeIfAbsent(e.router(), this::resolve);
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(documents.values().toArray(new CompletableFuture<?>[0]));
    return onResolved(c, all, (v, err) -> {
      Optional<RegistrationCheck.Refusal> refusal = registrations.verify(entries, documents, c.remoteHost(), now());
      if (refusal.isPresent()) {
        refuseRegistration(c, info, refusal.get());
      } else {
        Set<String> routers = new HashSet<>();
        entries.forEach(e -> routers.add(e.router()));
        bind(c, routers, info);
      }
      return DONE;
    });
  }

  /** Full-state binding of {@code routers} to {@code c} after their proof; answers 200 or 403. */
  private void bind(RelayConnection c, Set<String> routers, FrameInfo info) {
    List<String> sorted;
    List<String> added = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    synchronized (lock) {
      for (String r : routers) {
        if (!table.serves(c, r) && table.bound(r).size() >= config.maxConnectionsPerDid()) {
          perDidConnectionRefusals.refused(r + " from " + c.remoteHost(),
              "already bound to " + config.maxConnectionsPerDid() + " connections");
          refuseRegistration(c, info, new RegistrationCheck.Refusal(r,
              "routers: " + r + " already has " + config.maxConnectionsPerDid() + " connections"));
          return;
        }
      }
      Set<String> had = table.routersOf(c);
      routers.stream().filter(r -> !table.isBound(r)).forEach(added::add);
      table.rebind(c, routers, routers.stream().anyMatch(config.trustedRelays()::contains));
      had.stream().filter(r -> !table.isBound(r)).forEach(gone::add);
      sorted = routers.stream().sorted().toList();
    }
    gone.forEach(remote::unbound);
    added.forEach(remote::bound);
    status(c, info, 200, "registered");
    notify(l -> l.registered(c.id, sorted));
    for (String r : sorted) {
      deliveries.drain(r);
    }
  }

  /**
   * Verifies the upgrade request's {@code Authorization} header, if a verifier is configured and
   * the header is present, and binds the caller's DID. The header is never logged.
   */
  CompletableFuture<Void> authenticate(RelayConnection c, String requestUri, HttpHeaders headers) {
    String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
    if (config.authenticator().isEmpty() || authorization == null) {
      return DONE;
    }
    FrameInfo info = new FrameInfo(AUTHORIZATION, Optional.empty(), Optional.empty());
    AuthRequest request;
    try {
      Map<String, List<String>> copy = new HashMap<>();
      for (Map.Entry<String, String> h : headers) {
        copy.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
      }
      request = new AuthRequest("GET", new URI("http://" + headers.get(HttpHeaderNames.HOST) + requestUri), copy, new byte[0]);
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      refuseRegistration(c, info, new RegistrationCheck.Refusal(
          "the caller of the Authorization header", "Authorization: the request has no usable Host and path"));
      return DONE;
    }
    CompletableFuture<VerifiedCaller> verified;
    try {
      verified = config.authenticator().get().verify(request).copy()
          .orTimeout(config.resolveTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      verified = CompletableFuture.failedFuture(e);
    }
    return onResolved(c, verified, (caller, err) -> {
      if (caller == null) {
        String reason = err instanceof AnpException e ? e.getMessage() : "verification failed";
        refuseRegistration(c, info, new RegistrationCheck.Refusal(
            "the caller of the Authorization header", "Authorization: " + reason));
      } else {
        bind(c, Set.of(caller.did().toString()), info);
      }
      return DONE;
    });
  }

  // ---------------------------------------------------------------- shutdown

  /** Stops queueing, reports every queued frame as 504 and closes links and connections. */
  CompletableFuture<Void> shutdown() {
    closing = true;
    synchronized (lock) {
      for (QueuedFrame f : queue.drainAll()) {
        deliveries.reportQueued(f, 504, "relay shutting down");
        notify(l -> l.expired(f.sourceDid(), f.destinationDid(), f.messageId()));
      }
    }
    router.closeLinks();
    List<CompletableFuture<Void>> closed = new ArrayList<>();
    for (RelayConnection c : connections.values()) {
      closed.add(c.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE));
    }
    return CompletableFuture.allOf(closed.toArray(new CompletableFuture<?>[0]));
  }

  /** After {@link #shutdown()}: the calls into the cluster store already made reach it before it closes. */
  void closeStoreCalls() {
    deliveries.close();
  }

  // ---------------------------------------------------------------- helpers

  void status(RelayConnection to, FrameInfo info, int code, String detail) {
    to.send(statusFrame(info, code, detail));
  }

  /** The status {@code response} for a frame. */
  byte[] statusFrame(FrameInfo info, int code, String detail) {
    return statuses.response(now(), info, code, detail);
  }

  /**
   * Refuses a registration (a {@code register}, or an {@code Authorization} header) with 403 and
   * its detail, and logs it at INFO with the DIDs and the reason: an operator must be able to see
   * why an agent cannot use the relay (issue 11). Proof values are never logged.
   */
  private void refuseRegistration(RelayConnection c, FrameInfo info, RegistrationCheck.Refusal refusal) {
    log.info("registration of {} on connection {} ({}) refused with 403: {}",
        refusal.dids(), c.id, c.remoteAddress(), refusal.detail());
    reject(c, info, 403, refusal.detail());
  }

  void reject(RelayConnection c, FrameInfo info, int code, String detail) {
    log.debug("connection {}: {} {} refused {}: {}", c.id, info.type(), info.messageId().orElse("-"), code, detail);
    if (!RESPONSE.equals(info.type())) {
      status(c, info, code, detail);
    }
    notify(l -> l.rejected(c.id, code, info.type(), detail));
  }

  void notify(Consumer<RelayEventListener> event) {
    try {
      event.accept(config.listener());
    } catch (RuntimeException e) {
      log.warn("relay event listener failed: {}", e.toString());
    }
  }

  Instant now() {
    return config.clock().instant();
  }

  CompletableFuture<DidDocument> resolve(String did) {
    try {
      return config.resolver().resolve(did).copy()
          .orTimeout(config.resolveTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Runs {@code next} with the future's outcome: at once if it is complete, else on the
   * connection's event loop when it completes.
   */
  <T> CompletableFuture<Void> onResolved(
      RelayConnection c, CompletableFuture<T> future, BiFunction<T, Throwable, CompletableFuture<Void>> next) {
    if (future.isDone()) {
      return apply(future, next);
    }
    CompletableFuture<Void> out = new CompletableFuture<>();
    future.whenComplete((v, e) -> c.execute(() -> {
      try {
        apply(future, next).whenComplete((x, y) -> out.complete(null));
      } catch (RuntimeException ex) {
        log.error("relay bug after a resolution on {}", c.id, ex);
        out.complete(null);
      }
    }));
    return out;
  }

  private static <T> CompletableFuture<Void> apply(
      CompletableFuture<T> future, BiFunction<T, Throwable, CompletableFuture<Void>> next) {
    T value = null;
    Throwable error = null;
    try {
      value = future.join();
    } catch (CompletionException | CancellationException e) {
      error = e.getCause() != null ? e.getCause() : e;
    }
    return next.apply(value, error);
  }

  /** {@code scheme://host:port/path} in lower case with the default port filled in; empty if not ws/wss. */
  static Optional<String> normalize(String endpoint) {
    try {
      URI uri = new URI(endpoint);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss") || uri.getHost() == null) {
        return Optional.empty();
      }
      int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("ws") ? 80 : 443;
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port + path);
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }
}
