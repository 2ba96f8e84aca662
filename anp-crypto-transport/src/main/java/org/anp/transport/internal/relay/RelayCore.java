package org.anp.transport.internal.relay;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.anp.identity.AnpException;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.Service;
import org.anp.transport.TransportException;
import org.anp.transport.relay.HeartbeatFrame;
import org.anp.transport.internal.relay.AcknowledgementLedger.Entry;
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
 * this class resolves DIDs, sends the statuses and writes through the connections.
 * Thread-safe: routing state is guarded by one lock, held only for short non-blocking steps
 * (channel writes from it are queued by Netty, not performed).
 */
public final class RelayCore {
  private static final Logger log = LoggerFactory.getLogger(RelayCore.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final Duration ROUTE_TTL = Duration.ofMinutes(5);
  private static final String RESPONSE = "response";
  private static final String AUTHORIZATION = "authorization";
  /** The code of a client's acknowledgement {@code response} (decision 0006). */
  private static final int ACK_CODE = 200;

  private final RelayConfig config;
  private final Object lock = new Object();
  // Guarded by the lock: where DIDs are connected, what waits for them, what is unacknowledged.
  private final RoutingTable<RelayConnection> table = new RoutingTable<>(100_000, 100_000);
  private final WaitingFrames<RelayConnection> queue;
  private final AcknowledgementLedger<RelayConnection> ledger;
  private final RegistrationCheck registrations;
  private final StatusWriter statuses;
  private final RefusalLog queueRefusals;
  private final RefusalLog frameSizeRefusals;
  private final RefusalLog rateRefusals;
  private final RefusalLog perDidConnectionRefusals;
  private final AtomicLong connectionIds = new AtomicLong();
  private final Set<RelayConnection> connections = ConcurrentHashMap.newKeySet();
  private final Map<String, RelayLink> links = new ConcurrentHashMap<>();
  private volatile Set<String> localEndpoints = Set.of();
  private volatile EventLoopGroup group;
  private volatile boolean closing;

  public RelayCore(RelayConfig config) {
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
    connections.add(c);
    notify(l -> l.connected(c.id, c.remoteAddress()));
  }

  /**
   * Unbinds {@code c} and puts its unacknowledged frames back at the head of their queues;
   * called when it sends a close frame and again when its channel closes.
   */
  void disconnected(RelayConnection c) {
    Set<String> keys;
    synchronized (lock) {
      table.unbind(c);
      keys = requeue(ledger.close(c));
    }
    keys.forEach(this::drain);
    if (connections.remove(c)) {
      notify(l -> l.disconnected(c.id));
    }
  }

  Set<RelayConnection> connections() {
    return Set.copyOf(connections);
  }

  int queuedFrames() {
    synchronized (lock) {
      return queue.size();
    }
  }

  /**
   * Whether {@code c} can take a tracked frame now: writable, and below its bound of
   * unacknowledged frames. Holds the lock.
   */
  private boolean canTake(RelayConnection c) {
    return c.isWritable() && ledger.hasRoom(c);
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
      acknowledge(c, envelope);
      return DONE;
    }
    if (envelope.isResponse() && envelope.code().getAsInt() >= 400 && refused(c, envelope, bytes)) {
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
    return route(c, envelope, bytes, info);
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
      table.rebind(c, routers, routers.stream().anyMatch(config.trustedRelays()::contains));
      sorted = routers.stream().sorted().toList();
    }
    status(c, info, 200, "registered");
    notify(l -> l.registered(c.id, sorted));
    for (String r : sorted) {
      drain(r);
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

  // ---------------------------------------------------------------- routing

  private CompletableFuture<Void> route(RelayConnection c, Envelope frame, byte[] bytes, FrameInfo info) {
    Optional<String> source = frame.sourceDid();
    if (frame.destinationDid().isEmpty()) {
      reject(c, info, 400, "destinationDid: missing");
      return DONE;
    }
    boolean peer;
    boolean authorized;
    boolean speaksForLocal;
    boolean registered;
    synchronized (lock) {
      peer = table.isPeerRelay(c);
      registered = !table.routersOf(c).isEmpty();
      authorized = source.isPresent() ? table.speaksFor(c, source.get())
          : frame.isResponse() && !table.routersOf(c).isEmpty();
      speaksForLocal = source.isPresent() && table.isBound(source.get()) && !table.serves(c, source.get());
    }
    if (peer) {
      if (speaksForLocal) {
        reject(c, info, 403, "sourceDid: served by this relay, not by the forwarding relay");
        return DONE;
      }
      return deliver(c, frame, bytes, info, false);
    }
    if (authorized) {
      return deliver(c, frame, bytes, info, true);
    }
    if (source.isEmpty() || !registered) {
      // No lookup on behalf of a connection that never registered (issue 12, attack 6): it
      // could make the relay fetch documents from hosts of its choosing.
      reject(c, info, 403, "sourceDid: the connection has not registered");
      return DONE;
    }
    String did = source.get();
    return onResolved(c, resolve(did), (document, err) -> {
      boolean ok = false;
      if (document != null) {
        String router = routerOf(document, did);
        synchronized (lock) {
          if (table.serves(c, router)) {
            table.addSender(c, did);
            ok = true;
          }
        }
      }
      if (!ok) {
        reject(c, info, 403, "sourceDid: not registered on this connection");
        return DONE;
      }
      return deliver(c, frame, bytes, info, true);
    });
  }

  private CompletableFuture<Void> deliver(
      RelayConnection c, Envelope frame, byte[] bytes, FrameInfo info, boolean mayForward) {
    String destination = frame.destinationDid().orElseThrow();
    Instant now = now();
    synchronized (lock) {
      String key = table.isBound(destination) ? destination : table.routeOf(destination, now).orElse(null);
      if (key != null && table.isBound(key)) {
        pushOrQueue(c, frame, bytes, info, key);
        return DONE;
      }
    }
    return onResolved(c, resolve(destination), (document, err) -> {
      if (document == null) {
        boolean known;
        synchronized (lock) {
          known = table.isKnown(destination);
          if (known) {
            queueFrame(c, frame, bytes, info, destination);
          }
        }
        if (!known) {
          reject(c, info, 404, "destinationDid: does not resolve");
        }
        return DONE;
      }
      Optional<Service> service = document.serviceOfType("messageService");
      String router = routerOf(document, destination);
      Optional<String> endpoint = service.flatMap(Service::endpointUri).flatMap(RelayCore::normalize);
      boolean local = endpoint.map(localEndpoints::contains).orElse(false);
      synchronized (lock) {
        table.rememberRoute(destination, router, now().plus(ROUTE_TTL));
        if (table.isBound(router)) {
          pushOrQueue(c, frame, bytes, info, router);
          return DONE;
        }
        boolean ours = local || table.isKnown(router) || table.isKnown(destination);
        if (ours || endpoint.isEmpty() || !mayForward) {
          if (ours) {
            queueFrame(c, frame, bytes, info, router);
          } else {
            reject(c, info, 404, "destinationDid: no route from this relay");
          }
          return DONE;
        }
      }
      forward(c, frame, bytes, info, endpoint.get());
      return DONE;
    });
  }

  /** Pushes to a connection of {@code key} that can take it, else queues; holds the lock. */
  private void pushOrQueue(RelayConnection c, Envelope frame, byte[] bytes, FrameInfo info, String key) {
    if (frame.isResponse()) {
      // Responses are never queued, so they need not wait behind queued frames either: an
      // end-to-end error (4003: key unknown) must reach its sender while the backlog drains.
      Optional<RelayConnection> any = table.pick(key, RelayConnection::isWritable);
      if (any.isPresent()) {
        any.get().send(bytes);
      } else {
        queueFrame(c, frame, bytes, info, key);
      }
      return;
    }
    Optional<RelayConnection> target = queue.isEmpty(key) ? table.pick(key, this::canTake) : Optional.empty();
    if (target.isPresent()) {
      QueuedFrame f = queue.frame(key, frame.sourceDid().orElse(""), frame.destinationDid().orElseThrow(),
          frame.type(), frame.messageId(), bytes, now());
      push(target.get(), f, info, Optional.of(c));
      return;
    }
    queueFrame(c, frame, bytes, info, key);
    table.pick(key, this::canTake).ifPresent(t -> t.execute(() -> drain(key)));
  }

  /**
   * Queues a frame and answers 202, or 503 when full; holds the lock. A {@code response} (an
   * end-to-end error for a sender that is away) is queued without a status, as responses never
   * get one, and is pushed untracked when its destination is back: its sender may still hold
   * the payload and resend it (decision 0008).
   */
  private void queueFrame(RelayConnection c, Envelope frame, byte[] bytes, FrameInfo info, String key) {
    String source = frame.sourceDid().orElse("");
    String destination = frame.destinationDid().orElseThrow();
    String messageId = frame.messageId();
    QueuedFrame queued = queue.frame(key, source, destination, frame.type(), messageId, bytes, now());
    if (frame.isResponse()) {
      Optional<String> refused = closing ? Optional.of("relay shutting down") : queue.offerResponse(queued);
      if (refused.isPresent()) {
        queueRefusals.refused(source + " -> " + destination, refused.get());
        reject(c, info, 503, refused.get());
      }
      return;
    }
    if (closing) {
      status(c, info, 504, "relay shutting down");
      notify(l -> l.expired(source, destination, messageId));
      return;
    }
    WaitingFrames.Offered offered = queue.offer(queued, c);
    switch (offered.outcome()) {
      case ALREADY_WAITING ->
          // A resend of a frame that still waits: one copy is enough; the final status goes to
          // the connection that sent it last.
          status(c, info, 202, "destination offline; already queued");
      case FULL -> {
        queueRefusals.refused(source + " -> " + destination + " from " + c.remoteHost(), offered.detail());
        reject(c, info, 503, offered.detail());
      }
      case QUEUED -> {
        status(c, info, 202, "destination offline; queued");
        notify(l -> l.queued(source, destination, messageId));
      }
    }
  }

  /** Pushes queued frames of {@code key} while a connection for it can take them. */
  void drain(String key) {
    synchronized (lock) {
      while (!queue.isEmpty(key)) {
        Optional<RelayConnection> target = table.pick(key, this::canTake);
        if (target.isEmpty()) {
          return;
        }
        Optional<QueuedFrame> next = queue.poll(key);
        if (next.isEmpty()) {
          return;
        }
        QueuedFrame f = next.get();
        if (f.originalType().equals(RESPONSE)) {
          target.get().send(f.frame());
          continue;
        }
        FrameInfo info = new FrameInfo(f.originalType(), Optional.of(f.messageId()), Optional.of(f.sourceDid()));
        push(target.get(), f, info, Optional.empty());
      }
    }
  }

  // ---------------------------------------------------------------- acknowledgements (0006)

  /**
   * Writes {@code f} to {@code t} and keeps it unacknowledged until {@code t}'s client
   * acknowledges it; to a connection taken to never acknowledge, 200 follows the write. A write
   * that fails puts the frame back at the head of the queue. Holds the lock.
   */
  private void push(RelayConnection t, QueuedFrame f, FrameInfo info, Optional<RelayConnection> origin) {
    if (ledger.isLegacy(t)) {
      Entry<RelayConnection> entry = new Entry<>(f, info, origin, now(), List.of());
      t.sendTracked(f.frame()).thenAccept(written -> {
        synchronized (lock) {
          if (written) {
            pushed(entry);
            settle(entry, "delivered (the receiver does not acknowledge)");
          } else {
            requeue(List.of(entry));
          }
        }
      });
      return;
    }
    // A copy of a frame this connection has not acknowledged yet (a sender's resend) joins the
    // first and is not written: an acknowledgement naming it must mean one place in push order.
    Optional<Entry<RelayConnection>> tracked = ledger.push(t, f, info, origin, now());
    if (tracked.isEmpty()) {
      return;
    }
    Entry<RelayConnection> entry = tracked.get();
    t.sendTracked(f.frame()).thenAccept(written -> {
      if (written) {
        pushed(entry);
        return;
      }
      synchronized (lock) {
        // Still unacknowledged here (with any copies) unless the close already requeued it.
        ledger.writeFailed(t, AcknowledgementLedger.key(f.sourceDid(), f.messageId()), f.id()).ifPresent(current -> {
          requeue(current.all());
          t.execute(() -> drain(f.key()));
        });
      }
    });
  }

  private void pushed(Entry<RelayConnection> e) {
    if (e.origin().isPresent()) {
      QueuedFrame f = e.frame();
      notify(l -> l.routed(e.origin().get().id, f.sourceDid(), f.destinationDid(), f.messageId(), false));
    }
  }

  /**
   * A client's acknowledgement of a frame pushed to it: 200 to the frame's sender, and to the
   * senders of every frame pushed to the same connection before it (decision 0009).
   */
  private void acknowledge(RelayConnection c, Envelope ack) {
    List<String> free = List.of();
    synchronized (lock) {
      String k = AcknowledgementLedger.key(ack.destinationDid().orElse(""), ack.originalMessageId().orElse(""));
      boolean full = !ledger.hasRoom(c);
      List<Entry<RelayConnection>> settled = ledger.acknowledge(c, k);
      if (settled.isEmpty()) {
        // Late (after the ack timeout or a requeue) or for nothing pushed here: nothing to do.
        log.debug("connection {}: acknowledgement for no unacknowledged frame ({})", c.id, k.replace('\n', ' '));
        return;
      }
      settled.forEach(e -> settle(e, "delivered"));
      if (full) {
        free = List.copyOf(table.routersOf(c));
      }
    }
    free.forEach(this::drain);
  }

  /**
   * A client's refusal of a frame pushed to it ({@code response} 4003 and the like, decision
   * 0011): that frame alone is settled, and the refusal itself is its sender's final status,
   * passed on where a 200 would have gone. False if the response names no frame pushed to
   * {@code c}, or does not come from that frame's destination: it is then routed as any other
   * response.
   */
  private boolean refused(RelayConnection c, Envelope refusal, byte[] bytes) {
    Set<RelayConnection> targets = new LinkedHashSet<>();
    List<String> free = List.of();
    synchronized (lock) {
      String k = AcknowledgementLedger.key(refusal.destinationDid().orElse(""), refusal.originalMessageId().orElse(""));
      boolean full = !ledger.hasRoom(c);
      Optional<Entry<RelayConnection>> entry = ledger.refuse(c, k, refusal.sourceDid().orElse(""));
      if (entry.isEmpty()) {
        return false;
      }
      for (Entry<RelayConnection> e : entry.get().all()) {
        if (e.origin().isPresent()) {
          targets.add(liveOrigin(e));
        } else {
          queuedOrigin(e.frame()).ifPresent(targets::add);
        }
      }
      if (full) {
        free = List.copyOf(table.routersOf(c));
      }
    }
    targets.forEach(t -> t.send(bytes));
    free.forEach(this::drain);
    return true;
  }

  /** Answers the sender(s) of an acknowledged (or timed-out) frame 200; holds the lock. */
  private void settle(Entry<RelayConnection> entry, String detail) {
    for (Entry<RelayConnection> e : entry.all()) {
      QueuedFrame f = e.frame();
      if (e.origin().isPresent()) {
        status(liveOrigin(e), e.info(), 200, detail);
      } else {
        reportQueued(f, 200, detail + " from queue");
        notify(l -> l.delivered(f.sourceDid(), f.destinationDid(), f.messageId()));
      }
    }
  }

  /** The sender's connection of a frame pushed directly, or another live one of the sender. */
  private RelayConnection liveOrigin(Entry<RelayConnection> e) {
    RelayConnection origin = e.origin().orElseThrow();
    return origin.isActive() ? origin : localConnection(e.frame().sourceDid()).orElse(origin);
  }

  /**
   * Puts unacknowledged frames (in push order) back at the head of their queues: a sender
   * without a status gets 202; frames that do not fit are answered 503 (no status yet) or 504
   * (after 202). Returns the routing keys that got frames back. Holds the lock.
   */
  private Set<String> requeue(List<Entry<RelayConnection>> entries) {
    Map<String, List<Entry<RelayConnection>>> byKey = new LinkedHashMap<>();
    entries.forEach(e -> byKey.computeIfAbsent(e.frame().key(), k -> new ArrayList<>()).add(e));
    Set<String> keys = new HashSet<>();
    for (Map.Entry<String, List<Entry<RelayConnection>>> group : byKey.entrySet()) {
      List<QueuedFrame> frames = group.getValue().stream().map(Entry<RelayConnection>::frame).toList();
      Set<Long> refused = closing
          ? frames.stream().map(QueuedFrame::id).collect(java.util.stream.Collectors.toSet())
          : queue.requeue(group.getKey(), frames);
      for (Entry<RelayConnection> e : group.getValue()) {
        QueuedFrame f = e.frame();
        boolean back = !refused.contains(f.id());
        if (back) {
          keys.add(group.getKey());
        }
        if (e.origin().isEmpty()) {
          if (!back) {
            reportQueued(f, 504, closing ? "relay shutting down" : "destination went away before delivery");
            notify(l -> l.expired(f.sourceDid(), f.destinationDid(), f.messageId()));
          }
        } else if (back) {
          queue.rememberOrigin(f.id(), e.origin().get());
          status(liveOrigin(e), e.info(), 202, "destination went away before acknowledging; queued again");
          notify(l -> l.queued(f.sourceDid(), f.destinationDid(), f.messageId()));
        } else {
          status(liveOrigin(e), e.info(), closing ? 504 : 503,
              closing ? "relay shutting down" : "destination went away before acknowledging; queue full");
        }
      }
    }
    return keys;
  }

  void writable(RelayConnection c) {
    Set<String> routers;
    synchronized (lock) {
      routers = table.routersOf(c);
    }
    routers.forEach(this::drain);
  }

  /**
   * Reports expired frames as 504. A connection that has acknowledged nothing by the time its
   * first frame is overdue is taken to be an implementation that never acknowledges: its overdue
   * frames are reported delivered (200), and later pushes once written, until it acknowledges
   * after all. A connection that does acknowledge is waited for however long it takes (decision
   * 0011): it may be holding a message for a handshake, and a 200 now could hide its refusal.
   */
  void sweep() {
    List<RelayConnection> freed = new ArrayList<>();
    synchronized (lock) {
      Instant now = now();
      for (QueuedFrame f : queue.expire(now)) {
        reportQueued(f, 504, "expired in queue");
        notify(l -> l.expired(f.sourceDid(), f.destinationDid(), f.messageId()));
      }
      for (AcknowledgementLedger.Overdue<RelayConnection> o : ledger.overdue(now)) {
        o.entries().forEach(e ->
            settle(e, "delivered (no acknowledgement within " + config.ackTimeout().toMillis() + " ms)"));
        log.debug("connection {}: {} frame(s) not acknowledged in time, reported delivered; "
            + "the client is taken not to acknowledge", o.connection().id, o.entries().size());
        if (o.wasFull()) {
          freed.add(o.connection());
        }
      }
    }
    for (RelayConnection t : freed) {
      Set<String> routers;
      synchronized (lock) {
        routers = table.routersOf(t);
      }
      routers.forEach(this::drain);
    }
  }

  /** Holds the lock. Answers the sender of a frame that left the queue. */
  private void reportQueued(QueuedFrame f, int code, String detail) {
    if (f.originalType().equals(RESPONSE)) {
      return; // responses get no status
    }
    FrameInfo info = new FrameInfo(f.originalType(), Optional.of(f.messageId()), Optional.of(f.sourceDid()));
    queuedOrigin(f).ifPresent(target -> status(target, info, code, detail));
  }

  /**
   * Where the final status of a frame that waited in the queue goes, forgetting its origin: the
   * connection that sent it last if still open, else a live one of its sender. Holds the lock.
   */
  private Optional<RelayConnection> queuedOrigin(QueuedFrame f) {
    Optional<RelayConnection> origin = queue.takeOrigin(f.id());
    return origin.isPresent() && origin.get().isActive() ? origin : localConnection(f.sourceDid());
  }

  /** A live local connection serving {@code did}, directly or through its remembered router. */
  Optional<RelayConnection> localConnection(String did) {
    synchronized (lock) {
      List<RelayConnection> direct = table.bound(did);
      if (!direct.isEmpty()) {
        return Optional.of(direct.get(0));
      }
      return table.routeOf(did, now()).map(table::bound).filter(l -> !l.isEmpty()).map(l -> l.get(0));
    }
  }

  // ---------------------------------------------------------------- federation

  private void forward(RelayConnection c, Envelope frame, byte[] bytes, FrameInfo info, String endpoint) {
    if (config.identity().isEmpty()) {
      reject(c, info, 404, "destinationDid: served by another relay, and this relay has no identity to forward with");
      return;
    }
    if (closing) {
      reject(c, info, 404, "destinationDid: relay shutting down");
      return;
    }
    RelayLink link = links.computeIfAbsent(endpoint, e -> RelayLink.open(URI.create(e), this, group));
    link.send(c, info, bytes);
    notify(l -> l.routed(c.id, info.sourceDid().orElse(""), frame.destinationDid().orElseThrow(),
        info.messageId().orElse(""), true));
  }

  void linkClosed(RelayLink link) {
    links.remove(link.endpointKey(), link);
  }

  // ---------------------------------------------------------------- shutdown

  /** Stops queueing, reports every queued frame as 504 and closes links and connections. */
  CompletableFuture<Void> shutdown() {
    closing = true;
    synchronized (lock) {
      for (QueuedFrame f : queue.drainAll()) {
        reportQueued(f, 504, "relay shutting down");
        notify(l -> l.expired(f.sourceDid(), f.destinationDid(), f.messageId()));
      }
    }
    links.values().forEach(RelayLink::close);
    List<CompletableFuture<Void>> closed = new ArrayList<>();
    for (RelayConnection c : connections) {
      closed.add(c.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE));
    }
    return CompletableFuture.allOf(closed.toArray(new CompletableFuture<?>[0]));
  }

  // ---------------------------------------------------------------- helpers

  void status(RelayConnection to, FrameInfo info, int code, String detail) {
    to.send(statuses.response(now(), info, code, detail));
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

  private CompletableFuture<DidDocument> resolve(String did) {
    try {
      return config.resolver().resolve(did).copy()
          .orTimeout(config.resolveTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** For did:all (and any document that names one) the messageService router; else the DID itself. */
  private static String routerOf(DidDocument document, String did) {
    return document.serviceOfType("messageService")
        .map(s -> s.json().get("router"))
        .filter(JsonNode::isTextual)
        .map(JsonNode::textValue)
        .filter(r -> !r.isEmpty())
        .orElse(did);
  }

  /**
   * Runs {@code next} with the future's outcome: at once if it is complete, else on the
   * connection's event loop when it completes.
   */
  private <T> CompletableFuture<Void> onResolved(
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
