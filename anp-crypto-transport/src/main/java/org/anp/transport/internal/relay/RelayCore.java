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
import java.util.Iterator;
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
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.Service;
import org.anp.identity.did.VerificationMethod;
import org.anp.transport.TransportException;
import org.anp.transport.relay.HeartbeatFrame;
import org.anp.transport.relay.QueuedFrame;
import org.anp.transport.relay.RegisterFrame;
import org.anp.transport.relay.RelayEventListener;
import org.anp.transport.relay.RelayFrame;
import org.anp.transport.relay.RelayFrames;
import org.anp.transport.relay.RouterEntry;
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
  private final RoutingTable table = new RoutingTable(100_000, 100_000);
  private final Map<Long, RelayConnection> origins = new HashMap<>();
  /**
   * The queue id of each waiting frame by sender and messageId, so a sender's resend of a frame
   * still waiting (messengers resend frames at 202 after every reconnect) is not queued twice.
   */
  private final Map<String, Long> waiting = new HashMap<>();
  private final NonceCache nonces;
  private final StatusWriter statuses;
  private final AtomicLong queueIds = new AtomicLong();
  private final AtomicLong connectionIds = new AtomicLong();
  private final Set<RelayConnection> connections = ConcurrentHashMap.newKeySet();
  private final Map<String, RelayLink> links = new ConcurrentHashMap<>();
  /** Connections with unacknowledged frames, for the ack-timeout sweep; guarded by the lock. */
  private final Set<RelayConnection> awaitingAcks = new LinkedHashSet<>();
  private volatile Set<String> localEndpoints = Set.of();
  private volatile EventLoopGroup group;
  private volatile boolean closing;

  public RelayCore(RelayConfig config) {
    this.config = config;
    this.nonces = new NonceCache(config.nonceCacheSize());
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
      List<InFlight> unacknowledged = new ArrayList<>();
      c.unacknowledged.values().forEach(e -> flatten(e, unacknowledged));
      c.unacknowledged.clear();
      awaitingAcks.remove(c);
      keys = requeue(unacknowledged);
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
    return config.queue().size();
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
      reject(c, FrameInfo.bestEffort(bytes, config.hardFrameLimit()), 413,
          "frame: " + bytes.length + " bytes, limit " + max);
      return DONE;
    }
    Envelope envelope;
    try {
      envelope = Envelope.read(bytes);
    } catch (TransportException e) {
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
    Instant now = now();
    Duration window = config.registrationWindow();
    for (int i = 0; i < entries.size(); i++) {
      RouterEntry e = entries.get(i);
      if (!e.proof().verificationMethod().startsWith(e.router() + "#")) {
        refuseRegistration(c, info, e.router(), "routers[" + i + "].proof.verificationMethod: not a key of the router");
        return DONE;
      }
      Duration skew = Duration.between(e.proof().created(), now).abs();
      if (skew.compareTo(window) > 0) {
        refuseRegistration(c, info, e.router(), "routers[" + i + "].proof.created: "
            + skew.toSeconds() + " s from the relay's clock, outside the " + window.toSeconds() + " s window");
        return DONE;
      }
    }
    Map<String, CompletableFuture<DidDocument>> documents = new LinkedHashMap<>();
    for (RouterEntry e : entries) {
      documents.computeIfAbsent(e.router(), this::resolve);
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(documents.values().toArray(new CompletableFuture<?>[0]));
    return onResolved(c, all, (v, err) -> {
      completeRegistration(c, frame, info, documents);
      return DONE;
    });
  }

  private void completeRegistration(
      RelayConnection c, RegisterFrame frame, FrameInfo info, Map<String, CompletableFuture<DidDocument>> documents) {
    List<RouterEntry> entries = frame.routers();
    List<String> nonceKeys = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      RouterEntry e = entries.get(i);
      String path = "routers[" + i + "]";
      CompletableFuture<DidDocument> resolved = documents.get(e.router());
      Optional<DidDocument> document = value(resolved);
      if (document.isEmpty()) {
        refuseRegistration(c, info, e.router(), path + ".router: the DID does not resolve (" + failure(resolved) + ")");
        return;
      }
      Optional<VerificationMethod> method = document.get().verificationMethod(e.proof().verificationMethod());
      if (method.isEmpty()) {
        refuseRegistration(c, info, e.router(), path + ".proof.verificationMethod: "
            + e.proof().verificationMethod() + " is not in the router's document");
        return;
      }
      try {
        byte[] signature = Base64Codec.decodeUrl(e.proof().proofValue());
        method.get().publicKey().verify(e.signingInput(), signature);
      } catch (IdentityException ex) {
        refuseRegistration(c, info, e.router(), path + ".proof.proofValue: the signature does not verify with "
            + e.proof().verificationMethod());
        return;
      }
      nonceKeys.add(e.router() + "\n" + e.nonce());
    }
    Instant now = now();
    NonceCache.Result recorded =
        nonces.recordAll(nonceKeys, now, now.plus(config.registrationWindow().multipliedBy(2)));
    String dids = String.join(", ", entries.stream().map(RouterEntry::router).distinct().toList());
    if (recorded == NonceCache.Result.REPLAYED) {
      refuseRegistration(c, info, dids, "routers: nonce already used (a replayed register)");
      return;
    }
    if (recorded == NonceCache.Result.FULL) {
      refuseRegistration(c, info, dids, "routers: too many registrations in the time window; retry later");
      return;
    }
    Set<String> routers = new HashSet<>();
    entries.forEach(e -> routers.add(e.router()));
    bind(c, routers, info);
  }

  /** Full-state binding of {@code routers} to {@code c} after their proof; answers 200 or 403. */
  private void bind(RelayConnection c, Set<String> routers, FrameInfo info) {
    List<String> sorted;
    synchronized (lock) {
      for (String r : routers) {
        if (!c.routers.contains(r) && table.bound(r).size() >= config.maxConnectionsPerDid()) {
          refuseRegistration(c, info, r, "routers: " + r + " already has " + config.maxConnectionsPerDid() + " connections");
          return;
        }
      }
      table.rebind(c, routers);
      c.peerRelay = routers.stream().anyMatch(config.trustedRelays()::contains);
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
      refuseRegistration(c, info, "the caller of the Authorization header", "Authorization: the request has no usable Host and path");
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
        refuseRegistration(c, info, "the caller of the Authorization header", "Authorization: " + reason);
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
    synchronized (lock) {
      peer = c.peerRelay;
      authorized = source.isPresent() ? c.routers.contains(source.get()) || c.senders.contains(source.get())
          : frame.isResponse() && !c.routers.isEmpty();
      speaksForLocal = source.isPresent() && table.isBound(source.get()) && !c.routers.contains(source.get());
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
    if (source.isEmpty()) {
      reject(c, info, 403, "sourceDid: the connection has not registered");
      return DONE;
    }
    String did = source.get();
    return onResolved(c, resolve(did), (document, err) -> {
      boolean ok = false;
      if (document != null) {
        String router = routerOf(document, did);
        synchronized (lock) {
          if (c.routers.contains(router)) {
            c.senders.add(did);
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
            reject(c, info, 404, ours ? "destinationDid: offline" : "destinationDid: no route from this relay");
          }
          return DONE;
        }
      }
      forward(c, frame, bytes, info, endpoint.get());
      return DONE;
    });
  }

  /** Pushes to a writable connection of {@code key}, else queues; holds the lock. */
  private void pushOrQueue(RelayConnection c, Envelope frame, byte[] bytes, FrameInfo info, String key) {
    if (frame.isResponse()) {
      // Responses are never queued, so they need not wait behind queued frames either: an
      // end-to-end error (4003: key unknown) must reach its sender while the backlog drains.
      Optional<RelayConnection> any = table.pickForResponse(key);
      if (any.isPresent()) {
        any.get().send(bytes);
      } else {
        queueFrame(c, frame, bytes, info, key);
      }
      return;
    }
    Optional<RelayConnection> target =
        config.queue().isEmpty(key) ? table.pickWritable(key) : Optional.empty();
    String source = frame.sourceDid().orElse("");
    String destination = frame.destinationDid().orElseThrow();
    if (target.isPresent()) {
      RelayConnection t = target.get();
      QueuedFrame f = new QueuedFrame(queueIds.incrementAndGet(), key, source, destination, frame.type(),
          frame.messageId(), bytes, now().plus(config.queueTtl()));
      push(t, f, info, Optional.of(c));
      return;
    }
    queueFrame(c, frame, bytes, info, key);
    if (table.pickWritable(key).isPresent()) {
      RelayConnection t = table.pickWritable(key).get();
      t.execute(() -> drain(key));
    }
  }

  /**
   * Queues a frame and answers 202, or 503 when full; holds the lock. A {@code response} (an
   * end-to-end error for a sender that is away) is queued without a status, as responses never
   * get one, and is pushed untracked when its destination is back: its sender may still hold
   * the payload and resend it (decision 0008).
   */
  private void queueFrame(RelayConnection c, Envelope frame, byte[] bytes, FrameInfo info, String key) {
    if (frame.isResponse()) {
      QueuedFrame queued = new QueuedFrame(queueIds.incrementAndGet(), key, frame.sourceDid().orElse(""),
          frame.destinationDid().orElseThrow(), frame.type(), frame.messageId(), bytes, now().plus(config.queueTtl()));
      if (closing || !config.queue().offer(queued)) {
        reject(c, info, 503, "destination queue full");
      }
      return;
    }
    String source = frame.sourceDid().orElseThrow();
    String destination = frame.destinationDid().orElseThrow();
    String messageId = frame.messageId();
    Long already = waiting.get(ackKey(source, messageId));
    if (already != null && !closing) {
      // A resend of a frame that still waits: one copy is enough; the final status goes to the
      // connection that sent it last.
      origins.put(already, c);
      status(c, info, 202, "destination offline; already queued");
      return;
    }
    QueuedFrame queued = new QueuedFrame(
        queueIds.incrementAndGet(), key, source, destination, frame.type(), messageId, bytes,
        now().plus(config.queueTtl()));
    if (closing) {
      status(c, info, 504, "relay shutting down");
      notify(l -> l.expired(source, destination, messageId));
      return;
    }
    if (!config.queue().offer(queued)) {
      reject(c, info, 503, "destination queue full");
      return;
    }
    origins.put(queued.id(), c);
    waiting.put(ackKey(source, messageId), queued.id());
    status(c, info, 202, "destination offline; queued");
    notify(l -> l.queued(source, destination, messageId));
  }

  /** Pushes queued frames of {@code key} while a connection for it is writable. */
  void drain(String key) {
    synchronized (lock) {
      while (!config.queue().isEmpty(key)) {
        Optional<RelayConnection> target = table.pickWritable(key);
        if (target.isEmpty()) {
          return;
        }
        for (QueuedFrame f : config.queue().poll(key, 1)) {
          if (f.originalType().equals(RESPONSE)) {
            target.get().send(f.frame());
            continue;
          }
          waiting.remove(ackKey(f.sourceDid(), f.messageId()), f.id());
          FrameInfo info = new FrameInfo(f.originalType(), Optional.of(f.messageId()), Optional.of(f.sourceDid()));
          push(target.get(), f, info, Optional.empty());
        }
      }
    }
  }

  // ---------------------------------------------------------------- acknowledgements (0006)

  /**
   * A frame pushed to a connection and not yet acknowledged. {@code origin} is the sender's
   * connection while the sender has no status for the frame; empty for a frame that came from
   * the queue (its sender had 202, and {@link #origins} knows where to send the final status).
   * {@code earlier} holds copies of the same frame (same sender and messageId, e.g. a client's
   * resend) pushed to the connection while this one was unacknowledged: they are not written
   * again, and share its fate (acknowledged, refused or queued again together).
   */
  record InFlight(QueuedFrame frame, FrameInfo info, Optional<RelayConnection> origin, Instant deadline,
      List<InFlight> earlier) {
    InFlight withCopy(InFlight copy) {
      List<InFlight> copies = new ArrayList<>(earlier);
      copies.add(copy);
      return new InFlight(frame, info, origin, deadline, List.copyOf(copies));
    }
  }

  private static String ackKey(String sourceDid, String messageId) {
    return sourceDid + "\n" + messageId;
  }

  private static void flatten(InFlight e, List<InFlight> out) {
    out.addAll(e.earlier());
    out.add(e);
  }

  /**
   * Writes {@code f} to {@code t} and keeps it unacknowledged until {@code t}'s client
   * acknowledges it; to a connection taken to never acknowledge, 200 follows the write. A write
   * that fails puts the frame back at the head of the queue. Holds the lock.
   */
  private void push(RelayConnection t, QueuedFrame f, FrameInfo info, Optional<RelayConnection> origin) {
    if (t.legacyReceiver) {
      InFlight entry = new InFlight(f, info, origin, now(), List.of());
      t.sendTracked(f.frame()).thenAccept(written -> {
        synchronized (lock) {
          if (written) {
            pushed(t, entry);
            settle(entry, "delivered (the receiver does not acknowledge)");
          } else {
            requeue(List.of(entry));
          }
        }
      });
      return;
    }
    String k = ackKey(f.sourceDid(), f.messageId());
    InFlight previous = t.unacknowledged.get(k);
    if (previous != null) {
      // A copy of a frame this connection has not acknowledged yet (a sender's resend): the first
      // is on its way, and writing the copy too would make an acknowledgement naming it
      // ambiguous, as the relay could not tell which copy the client had reached. The copy keeps
      // the first one's place and fate.
      t.unacknowledged.put(k, previous.withCopy(new InFlight(f, info, origin, previous.deadline(), List.of())));
      return;
    }
    InFlight entry = new InFlight(f, info, origin, now().plus(config.ackTimeout()), List.of());
    t.unacknowledged.put(k, entry);
    awaitingAcks.add(t);
    t.sendTracked(f.frame()).thenAccept(written -> {
      if (written) {
        pushed(t, entry);
        return;
      }
      synchronized (lock) {
        // Still unacknowledged here (with any copies) unless the close already requeued it.
        InFlight current = t.unacknowledged.get(k);
        if (current != null && current.frame().id() == f.id()) {
          t.unacknowledged.remove(k);
          List<InFlight> all = new ArrayList<>();
          flatten(current, all);
          requeue(all);
          t.execute(() -> drain(f.key()));
        }
      }
    });
  }

  private void pushed(RelayConnection t, InFlight e) {
    if (e.origin().isPresent()) {
      QueuedFrame f = e.frame();
      notify(l -> l.routed(e.origin().get().id, f.sourceDid(), f.destinationDid(), f.messageId(), false));
    }
  }

  /**
   * A client's acknowledgement of a frame pushed to it: 200 to the frame's sender, and to the
   * senders of every frame pushed to the same connection before it (decision 0009: frames reach
   * a connection in push order, and a client handles them in that order, so having this one
   * means having those).
   */
  private void acknowledge(RelayConnection c, Envelope ack) {
    List<String> free = List.of();
    synchronized (lock) {
      String k = ackKey(ack.destinationDid().orElse(""), ack.originalMessageId().orElse(""));
      boolean full = c.unacknowledged.size() >= config.maxUnacknowledged();
      // Taken not to acknowledge (its first frame was overdue), it does after all: wait for it again.
      c.acknowledges = true;
      c.legacyReceiver = false;
      if (!c.unacknowledged.containsKey(k)) {
        // Late (after the ack timeout or a requeue) or for nothing pushed here: nothing to do.
        log.debug("connection {}: acknowledgement for no unacknowledged frame ({})", c.id, k.replace('\n', ' '));
        return;
      }
      Iterator<Map.Entry<String, InFlight>> oldestFirst = c.unacknowledged.entrySet().iterator();
      boolean last = false;
      while (!last) {
        Map.Entry<String, InFlight> e = oldestFirst.next();
        last = e.getKey().equals(k);
        oldestFirst.remove();
        settle(e.getValue(), "delivered");
      }
      if (c.unacknowledged.isEmpty()) {
        awaitingAcks.remove(c);
      }
      if (full) {
        free = List.copyOf(c.routers);
      }
    }
    free.forEach(this::drain);
  }

  /**
   * A client's refusal of a frame pushed to it ({@code response} 4003 and the like, decision
   * 0011): that frame alone is settled, and the refusal itself is its sender's final status,
   * passed on where a 200 would have gone (the sender's connection, another live one of the
   * sender, or the relay link it came over). Frames pushed before it stay unacknowledged. False
   * if the response names no frame pushed to {@code c}, or does not come from that frame's
   * destination: it is then routed as any other response.
   */
  private boolean refused(RelayConnection c, Envelope refusal, byte[] bytes) {
    Set<RelayConnection> targets = new LinkedHashSet<>();
    List<String> free = List.of();
    synchronized (lock) {
      String k = ackKey(refusal.destinationDid().orElse(""), refusal.originalMessageId().orElse(""));
      InFlight entry = c.unacknowledged.get(k);
      if (entry == null || !refusal.sourceDid().orElse("").equals(entry.frame().destinationDid())) {
        return false;
      }
      boolean full = c.unacknowledged.size() >= config.maxUnacknowledged();
      c.unacknowledged.remove(k);
      if (c.unacknowledged.isEmpty()) {
        awaitingAcks.remove(c);
      }
      List<InFlight> all = new ArrayList<>();
      flatten(entry, all);
      for (InFlight e : all) {
        QueuedFrame f = e.frame();
        if (e.origin().isPresent()) {
          targets.add(liveOrigin(e));
        } else {
          queuedOrigin(f).ifPresent(targets::add);
        }
      }
      if (full) {
        free = List.copyOf(c.routers);
      }
    }
    targets.forEach(t -> t.send(bytes));
    free.forEach(this::drain);
    return true;
  }

  /** Answers the sender(s) of an acknowledged (or timed-out) frame 200; holds the lock. */
  private void settle(InFlight entry, String detail) {
    List<InFlight> all = new ArrayList<>();
    flatten(entry, all);
    for (InFlight e : all) {
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
  private RelayConnection liveOrigin(InFlight e) {
    RelayConnection origin = e.origin().orElseThrow();
    return origin.isActive() ? origin : localConnection(e.frame().sourceDid()).orElse(origin);
  }

  /**
   * Puts unacknowledged frames (in push order) back at the head of their queues: a sender
   * without a status gets 202; frames that do not fit are answered 503 (no status yet) or 504
   * (after 202). Returns the routing keys that got frames back. Holds the lock.
   */
  private Set<String> requeue(List<InFlight> entries) {
    Map<String, List<InFlight>> byKey = new LinkedHashMap<>();
    entries.forEach(e -> byKey.computeIfAbsent(e.frame().key(), k -> new ArrayList<>()).add(e));
    Set<String> keys = new HashSet<>();
    for (Map.Entry<String, List<InFlight>> group : byKey.entrySet()) {
      List<QueuedFrame> frames = group.getValue().stream().map(InFlight::frame).toList();
      Set<Long> refused = new HashSet<>();
      if (closing) {
        frames.forEach(f -> refused.add(f.id()));
      } else {
        config.queue().requeue(group.getKey(), frames).forEach(f -> refused.add(f.id()));
      }
      for (InFlight e : group.getValue()) {
        QueuedFrame f = e.frame();
        boolean back = !refused.contains(f.id());
        if (back) {
          keys.add(group.getKey());
          waiting.put(ackKey(f.sourceDid(), f.messageId()), f.id());
        }
        if (e.origin().isEmpty()) {
          if (!back) {
            reportQueued(f, 504, closing ? "relay shutting down" : "destination went away before delivery");
            notify(l -> l.expired(f.sourceDid(), f.destinationDid(), f.messageId()));
          }
        } else if (back) {
          origins.put(f.id(), e.origin().get());
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
      routers = c.routers;
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
      for (QueuedFrame f : config.queue().expire(now)) {
        waiting.remove(ackKey(f.sourceDid(), f.messageId()), f.id());
        reportQueued(f, 504, "expired in queue");
        notify(l -> l.expired(f.sourceDid(), f.destinationDid(), f.messageId()));
      }
      Iterator<RelayConnection> unacknowledged = awaitingAcks.iterator();
      while (unacknowledged.hasNext()) {
        RelayConnection t = unacknowledged.next();
        if (t.acknowledges) {
          continue;
        }
        boolean full = t.unacknowledged.size() >= config.maxUnacknowledged();
        Iterator<InFlight> entries = t.unacknowledged.values().iterator();
        int overdue = 0;
        while (entries.hasNext()) {
          InFlight e = entries.next();
          // Only overdue frames: the frames behind them may not even be written yet, and once
          // the connection is taken not to acknowledge, new pushes are settled when written.
          if (e.deadline().isAfter(now)) {
            break;
          }
          entries.remove();
          overdue++;
          t.legacyReceiver = true;
          settle(e, "delivered (no acknowledgement within " + config.ackTimeout().toMillis() + " ms)");
        }
        if (overdue > 0) {
          log.debug("connection {}: {} frame(s) not acknowledged in time, reported delivered{}", t.id, overdue,
              t.legacyReceiver ? "; the client is taken not to acknowledge" : "");
          if (full) {
            freed.add(t);
          }
        }
        if (t.unacknowledged.isEmpty()) {
          unacknowledged.remove();
        }
      }
    }
    for (RelayConnection t : freed) {
      List<String> routers;
      synchronized (lock) {
        routers = List.copyOf(t.routers);
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
    RelayConnection origin = origins.remove(f.id());
    return origin != null && origin.isActive() ? Optional.of(origin) : localConnection(f.sourceDid());
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
      waiting.clear();
      for (QueuedFrame f : config.queue().drainAll()) {
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
   * {@code detail}, and logs it at INFO with the DIDs and the reason: an operator must be able to
   * see why an agent cannot use the relay (issue 11). Proof values are never logged.
   */
  private void refuseRegistration(RelayConnection c, FrameInfo info, String dids, String detail) {
    log.info("registration of {} on connection {} ({}) refused with 403: {}", dids, c.id, c.remoteAddress(), detail);
    reject(c, info, 403, detail);
  }

  /** Why a failed resolution failed, for a refusal's detail. */
  private String failure(CompletableFuture<?> future) {
    try {
      future.join();
      return "no document";
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof java.util.concurrent.TimeoutException) {
        return "no answer within " + config.resolveTimeout().toMillis() + " ms";
      }
      return cause instanceof AnpException a ? a.getMessage() : cause.getClass().getSimpleName();
    }
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

  private static <T> Optional<T> value(CompletableFuture<T> future) {
    try {
      return Optional.ofNullable(future.join());
    } catch (CompletionException | CancellationException e) {
      return Optional.empty();
    }
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
