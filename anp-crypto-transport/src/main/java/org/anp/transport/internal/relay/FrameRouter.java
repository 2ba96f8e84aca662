package org.anp.transport.internal.relay;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.Service;
import org.anp.identity.limits.RefusalLog;
import org.anp.transport.relay.QueuedFrame;

/**
 * Where an inbound frame goes (spec/e2e-transport.md section 10, decision 0004): after the
 * anti-spoofing check on its {@code sourceDid}, to a connection of this relay serving its
 * destination, to this relay's queue, to a peer relay named by the destination's document, or,
 * in a cluster, to the cluster's store for a key another node serves or that is offline
 * ({@link RemoteRoutes}). Guarded by the core's lock like the rest of the routing state.
 */
final class FrameRouter {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final Duration ROUTE_TTL = Duration.ofMinutes(5);

  private final RelayCore core;
  private final Deliveries deliveries;
  private final RemoteRoutes remote;
  private final RefusalLog queueRefusals;
  private final Object lock;
  private final RoutingTable<RelayConnection> table;
  private final WaitingFrames<RelayConnection> queue;
  private final Map<String, RelayLink> links = new ConcurrentHashMap<>();

  FrameRouter(RelayCore core, Deliveries deliveries, RemoteRoutes remote, RefusalLog queueRefusals) {
    this.core = core;
    this.deliveries = deliveries;
    this.remote = remote;
    this.queueRefusals = queueRefusals;
    this.lock = core.lock;
    this.table = core.table;
    this.queue = core.queue;
  }

  CompletableFuture<Void> route(RelayConnection c, Envelope frame, byte[] bytes, FrameInfo info) {
    Optional<String> source = frame.sourceDid();
    if (frame.destinationDid().isEmpty()) {
      core.reject(c, info, 400, "destinationDid: missing");
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
        core.reject(c, info, 403, "sourceDid: served by this relay, not by the forwarding relay");
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
      core.reject(c, info, 403, "sourceDid: the connection has not registered");
      return DONE;
    }
    String did = source.get();
    return core.onResolved(c, core.resolve(did), (document, err) -> {
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
        core.reject(c, info, 403, "sourceDid: not registered on this connection");
        return DONE;
      }
      return deliver(c, frame, bytes, info, true);
    });
  }

  private CompletableFuture<Void> deliver(
      RelayConnection c, Envelope frame, byte[] bytes, FrameInfo info, boolean mayForward) {
    String destination = frame.destinationDid().orElseThrow();
    Instant now = core.now();
    String elsewhere;
    synchronized (lock) {
      String key = table.isBound(destination) ? destination : table.routeOf(destination, now).orElse(null);
      if (key != null && table.isBound(key)) {
        pushOrQueue(c, frame, bytes, info, key);
        return DONE;
      }
      elsewhere = key == null ? destination : key;
    }
    if (remote.isKnown(elsewhere)) {
      // Served by another node of the cluster (or recently): no lookup, straight to its store.
      storeRemotely(c, frame, bytes, info, elsewhere);
      return DONE;
    }
    return core.onResolved(c, core.resolve(destination), (document, err) -> {
      if (document == null) {
        boolean known;
        synchronized (lock) {
          known = table.isKnown(destination);
          if (known && !remote.isCluster()) {
            queueFrame(c, frame, bytes, info, destination);
          }
        }
        if (!known) {
          core.reject(c, info, 404, "destinationDid: does not resolve");
        } else if (remote.isCluster()) {
          storeRemotely(c, frame, bytes, info, destination);
        }
        return DONE;
      }
      Optional<Service> service = document.serviceOfType("messageService");
      String router = routerOf(document, destination);
      Optional<String> endpoint = service.flatMap(Service::endpointUri).flatMap(RelayCore::normalize);
      boolean local = endpoint.map(core.localEndpoints()::contains).orElse(false);
      boolean ours;
      synchronized (lock) {
        table.rememberRoute(destination, router, core.now().plus(ROUTE_TTL));
        if (table.isBound(router)) {
          pushOrQueue(c, frame, bytes, info, router);
          return DONE;
        }
        ours = local || table.isKnown(router) || table.isKnown(destination) || remote.isKnown(router);
        if (ours && !remote.isCluster()) {
          queueFrame(c, frame, bytes, info, router);
          return DONE;
        }
      }
      if (ours) {
        storeRemotely(c, frame, bytes, info, router);
      } else if (endpoint.isEmpty() || !mayForward) {
        core.reject(c, info, 404, "destinationDid: no route from this relay");
      } else {
        forward(c, frame, bytes, info, endpoint.get());
      }
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
    Optional<RelayConnection> target = queue.isEmpty(key) ? table.pick(key, deliveries::canTake) : Optional.empty();
    if (target.isPresent()) {
      QueuedFrame f = queue.frame(key, frame.sourceDid().orElse(""), frame.destinationDid().orElseThrow(),
          frame.type(), frame.messageId(), bytes, core.now());
      deliveries.push(target.get(), f, info, Optional.of(c));
      return;
    }
    queueFrame(c, frame, bytes, info, key);
    table.pick(key, deliveries::canTake).ifPresent(t -> t.execute(() -> deliveries.drain(key)));
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
    QueuedFrame queued = queue.frame(key, source, destination, frame.type(), messageId, bytes, core.now());
    if (frame.isResponse()) {
      Optional<String> refused = core.isClosing() ? Optional.of("relay shutting down") : queue.offerResponse(queued);
      if (refused.isPresent()) {
        queueRefusals.refused(source + " -> " + destination, refused.get());
        core.reject(c, info, 503, refused.get());
      }
      return;
    }
    if (core.isClosing()) {
      core.status(c, info, 504, "relay shutting down");
      core.notify(l -> l.expired(source, destination, messageId));
      return;
    }
    WaitingFrames.Offered offered = queue.offer(queued, c);
    switch (offered.outcome()) {
      case ALREADY_WAITING ->
          // A resend of a frame that still waits: one copy is enough; the final status goes to
          // the connection that sent it last.
          core.status(c, info, 202, "destination offline; already queued");
      case FULL -> {
        queueRefusals.refused(source + " -> " + destination + " from " + c.remoteHost(), offered.detail());
        core.reject(c, info, 503, offered.detail());
      }
      case QUEUED -> {
        core.status(c, info, 202, "destination offline; queued");
        core.notify(l -> l.queued(source, destination, messageId));
      }
    }
  }

  /**
   * Stores a frame for a key this node does not serve in the cluster's store, from where the node
   * serving the key (now or when it comes back) takes it. The sender hears 202 if the key is
   * offline, 503 if the store refused the frame or cannot be reached, and later the frame's
   * final status from the delivering node; responses get no status.
   */
  private void storeRemotely(RelayConnection c, Envelope frame, byte[] bytes, FrameInfo info, String key) {
    String source = frame.sourceDid().orElse("");
    String destination = frame.destinationDid().orElseThrow();
    String messageId = frame.messageId();
    if (core.isClosing()) {
      core.reject(c, info, frame.isResponse() ? 503 : 504, "relay shutting down");
      return;
    }
    boolean online = remote.isOnline(key);
    String originKey;
    synchronized (lock) {
      Set<String> routers = table.routersOf(c);
      originKey = routers.contains(source) || routers.isEmpty() ? source : routers.iterator().next();
    }
    StoredFrame.Outbound out = new StoredFrame.Outbound(key, source, destination, frame.type(), messageId, bytes,
        core.now().plus(core.config().queueTtl()), c.id, originKey);
    remote.store(out).whenComplete((refusal, error) -> c.execute(() -> {
      Optional<String> why = error != null ? Optional.of("cluster store failed: " + error.getMessage()) : refusal;
      if (why.isPresent()) {
        queueRefusals.refused(source + " -> " + destination + " from " + c.remoteHost(), why.get());
        core.reject(c, info, 503, why.get());
      } else if (frame.isResponse()) {
        return;
      } else if (online) {
        core.notify(l -> l.routed(c.id, source, destination, messageId, true));
      } else {
        core.status(c, info, 202, "destination offline; queued in the cluster");
        core.notify(l -> l.queued(source, destination, messageId));
      }
    }));
  }

  private void forward(RelayConnection c, Envelope frame, byte[] bytes, FrameInfo info, String endpoint) {
    if (core.config().identity().isEmpty()) {
      core.reject(c, info, 404, "destinationDid: served by another relay, and this relay has no identity to forward with");
      return;
    }
    if (core.isClosing()) {
      core.reject(c, info, 404, "destinationDid: relay shutting down");
      return;
    }
    RelayLink link = links.computeIfAbsent(endpoint, e -> RelayLink.open(URI.create(e), core, core.group()));
    link.send(c, info, bytes);
    core.notify(l -> l.routed(c.id, info.sourceDid().orElse(""), frame.destinationDid().orElseThrow(),
        info.messageId().orElse(""), true));
  }

  void linkClosed(RelayLink link) {
    links.remove(link.endpointKey(), link);
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

  void closeLinks() {
    links.values().forEach(RelayLink::close);
  }
}
