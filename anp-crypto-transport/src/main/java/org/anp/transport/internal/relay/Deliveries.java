package org.anp.transport.internal.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.anp.transport.internal.relay.AcknowledgementLedger.Entry;
import org.anp.transport.relay.QueuedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery to this relay's connections and its promise (decisions 0006, 0009 and 0011): frames
 * pushed to a connection stay unacknowledged until its client acknowledges them, and only then
 * is the sender answered 200; a client's refusal is passed to the sender instead; frames of a
 * connection that closes unacknowledged go back to the head of the queue (or, for frames taken
 * from a cluster store, back to the store); queued frames are drained as connections can take
 * them, and expire with 504. Guarded by the core's lock.
 */
final class Deliveries {
  private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
  private static final String RESPONSE = "response";

  private final RelayCore core;
  private final RemoteRoutes remote;
  private final Object lock;
  private final RoutingTable<RelayConnection> table;
  private final WaitingFrames<RelayConnection> queue;
  private final AcknowledgementLedger<RelayConnection> ledger;
  /** Frames taken from the cluster store and pushed, not yet settled, by frame id. Guarded by the lock. */
  private final Map<Long, StoredFrame> stored = new HashMap<>();
  /** Where the calls into the cluster store about those frames are made, off the lock. */
  private final StoreCalls storeCalls = new StoreCalls();

  Deliveries(RelayCore core, RemoteRoutes remote) {
    this.core = core;
    this.remote = remote;
    this.lock = core.lock;
    this.table = core.table;
    this.queue = core.queue;
    this.ledger = core.ledger;
  }

  /** Stops the thread of the calls into the cluster store once the calls made so far ran (at most 2 s). */
  void close() {
    storeCalls.close(Duration.ofSeconds(2));
  }

  /**
   * Whether {@code c} can take a tracked frame now: writable, and below its bound of
   * unacknowledged frames. Holds the lock.
   */
  boolean canTake(RelayConnection c) {
    return c.isWritable() && ledger.hasRoom(c);
  }

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

  /**
   * Writes {@code f} to {@code t} and keeps it unacknowledged until {@code t}'s client
   * acknowledges it; to a connection taken to never acknowledge, 200 follows the write. A write
   * that fails puts the frame back at the head of the queue. Holds the lock.
   */
  void push(RelayConnection t, QueuedFrame f, FrameInfo info, Optional<RelayConnection> origin) {
    if (ledger.isLegacy(t)) {
      Entry<RelayConnection> entry = new Entry<>(f, info, origin, core.now(), List.of());
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
    Optional<Entry<RelayConnection>> tracked = ledger.push(t, f, info, origin, core.now());
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
      core.notify(l -> l.routed(e.origin().get().id, f.sourceDid(), f.destinationDid(), f.messageId(), false));
    }
  }

  /**
   * A client's acknowledgement of a frame pushed to it: 200 to the frame's sender, and to the
   * senders of every frame pushed to the same connection before it (decision 0009).
   */
  void acknowledge(RelayConnection c, Envelope ack) {
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
  boolean refused(RelayConnection c, Envelope refusal, byte[] bytes) {
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
        StoredFrame fromStore = stored.remove(e.frame().id());
        if (fromStore != null) {
          storeCalls.run(() -> remote.answer(fromStore, bytes));
        } else if (e.origin().isPresent()) {
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
      StoredFrame fromStore = stored.remove(f.id());
      if (fromStore != null) {
        byte[] status = core.statusFrame(e.info(), 200, detail);
        storeCalls.run(() -> remote.answer(fromStore, status));
        core.notify(l -> l.delivered(f.sourceDid(), f.destinationDid(), f.messageId()));
      } else if (e.origin().isPresent()) {
        core.status(liveOrigin(e), e.info(), 200, detail);
      } else {
        reportQueued(f, 200, detail + " from queue");
        core.notify(l -> l.delivered(f.sourceDid(), f.destinationDid(), f.messageId()));
      }
    }
  }

  /** The sender's connection of a frame pushed directly, or another live one of the sender. */
  private RelayConnection liveOrigin(Entry<RelayConnection> e) {
    RelayConnection origin = e.origin().orElseThrow();
    return origin.isActive() ? origin : localConnection(e.frame().sourceDid()).orElse(origin);
  }

  /**
   * Puts unacknowledged frames (in push order) back at the head of their queues (frames from the
   * cluster store back into the store): a sender
   * without a status gets 202; frames that do not fit are answered 503 (no status yet) or 504
   * (after 202). Returns the routing keys that got frames back. Holds the lock.
   */
  Set<String> requeue(List<Entry<RelayConnection>> entries) {
    Map<String, List<Entry<RelayConnection>>> byKey = new LinkedHashMap<>();
    for (Entry<RelayConnection> e : entries) {
      StoredFrame fromStore = stored.remove(e.frame().id());
      if (fromStore != null) {
        storeCalls.run(fromStore::retry); // back to the cluster store, for this or another node to deliver
      } else {
        byKey.computeIfAbsent(e.frame().key(), k -> new ArrayList<>()).add(e);
      }
    }
    Set<String> keys = new HashSet<>();
    for (Map.Entry<String, List<Entry<RelayConnection>>> group : byKey.entrySet()) {
      List<QueuedFrame> frames = group.getValue().stream().map(Entry<RelayConnection>::frame).toList();
      Set<Long> refused = core.isClosing()
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
            reportQueued(f, 504, core.isClosing() ? "relay shutting down" : "destination went away before delivery");
            core.notify(l -> l.expired(f.sourceDid(), f.destinationDid(), f.messageId()));
          }
        } else if (back) {
          queue.rememberOrigin(f.id(), e.origin().get());
          core.status(liveOrigin(e), e.info(), 202, "destination went away before acknowledging; queued again");
          core.notify(l -> l.queued(f.sourceDid(), f.destinationDid(), f.messageId()));
        } else {
          core.status(liveOrigin(e), e.info(), core.isClosing() ? 504 : 503,
              core.isClosing() ? "relay shutting down" : "destination went away before acknowledging; queue full");
        }
      }
    }
    return keys;
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
      Instant now = core.now();
      for (QueuedFrame f : queue.expire(now)) {
        reportQueued(f, 504, "expired in queue");
        core.notify(l -> l.expired(f.sourceDid(), f.destinationDid(), f.messageId()));
      }
      for (AcknowledgementLedger.Overdue<RelayConnection> o : ledger.overdue(now)) {
        o.entries().forEach(e ->
            settle(e, "delivered (no acknowledgement within " + core.config().ackTimeout().toMillis() + " ms)"));
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
  void reportQueued(QueuedFrame f, int code, String detail) {
    if (f.originalType().equals(RESPONSE)) {
      return; // responses get no status
    }
    FrameInfo info = new FrameInfo(f.originalType(), Optional.of(f.messageId()), Optional.of(f.sourceDid()));
    queuedOrigin(f).ifPresent(target -> core.status(target, info, code, detail));
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
      return table.routeOf(did, core.now()).map(table::bound).filter(l -> !l.isEmpty()).map(l -> l.get(0));
    }
  }

  /**
   * A frame from the cluster store for a key this relay serves: pushed like a queued frame and
   * settled in the store once its fate is known, or handed back to the store when no connection
   * of the key can take it now. An expired one is dropped and answered 504.
   */
  void deliverStored(StoredFrame s) {
    synchronized (lock) {
      if (core.isClosing() || !table.isBound(s.key())) {
        storeCalls.run(s::retry);
        return;
      }
      FrameInfo info = new FrameInfo(s.type(), Optional.of(s.messageId()), Optional.of(s.sourceDid()));
      boolean response = RESPONSE.equals(s.type());
      if (!s.expiresAt().isAfter(core.now())) {
        if (response) {
          storeCalls.run(s::ack);
        } else {
          byte[] status = core.statusFrame(info, 504, "expired in the cluster store");
          storeCalls.run(() -> remote.expired(s, status));
        }
        core.notify(l -> l.expired(s.sourceDid(), s.destinationDid(), s.messageId()));
        return;
      }
      if (response) {
        Optional<RelayConnection> any = table.pick(s.key(), RelayConnection::isWritable);
        if (any.isPresent()) {
          any.get().send(s.bytes());
          storeCalls.run(s::ack);
        } else {
          storeCalls.run(s::retry);
        }
        return;
      }
      Optional<RelayConnection> target = table.pick(s.key(), this::canTake);
      if (target.isEmpty()) {
        storeCalls.run(s::retry);
        return;
      }
      QueuedFrame f = queue.frame(s.key(), s.sourceDid(), s.destinationDid(), s.type(), s.messageId(), s.bytes(),
          core.now());
      stored.put(f.id(), s);
      push(target.get(), f, info, Optional.empty());
    }
  }
}
