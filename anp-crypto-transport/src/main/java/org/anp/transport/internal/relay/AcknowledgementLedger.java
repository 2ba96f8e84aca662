package org.anp.transport.internal.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.anp.transport.relay.QueuedFrame;

/**
 * The relay's acknowledgement ledger (decisions 0006, 0009 and 0011): for each connection, the
 * frames pushed to it and not yet acknowledged, in push order, keyed by {@code sourceDid} and
 * {@code messageId}; whether its client acknowledges at all; and which frames are overdue. It
 * decides which frames an acknowledgement or a refusal settles and which go back to the queue;
 * the caller sends the statuses and writes the frames. No I/O, no threads, no clock of its own:
 * times are passed in.
 *
 * <p>Not thread-safe; the relay core guards it with its lock.
 *
 * @param <C> the connection handle (the relay's connection; anything with identity in tests)
 */
final class AcknowledgementLedger<C> {
  /**
   * A frame pushed to a connection and not yet acknowledged. {@code origin} is the sender's
   * connection while the sender has no status for the frame; empty for a frame that came from
   * the queue (its sender had 202). {@code copies} are copies of the same frame (same sender and
   * messageId, e.g. a client's resend) pushed while this one was unacknowledged: they were not
   * written again, and share its fate.
   */
  record Entry<C>(QueuedFrame frame, FrameInfo info, Optional<C> origin, Instant deadline, List<Entry<C>> copies) {
    Entry {
      copies = List.copyOf(copies);
    }

    Entry<C> withCopy(Entry<C> copy) {
      List<Entry<C>> more = new ArrayList<>(copies);
      more.add(copy);
      return new Entry<>(frame, info, origin, deadline, more);
    }

    /** The copies, then this entry: every frame that shares this entry's fate. */
    List<Entry<C>> all() {
      List<Entry<C>> out = new ArrayList<>(copies);
      out.add(this);
      return out;
    }
  }

  /** What is known of one connection's client. */
  private static final class Account<C> {
    final Map<String, Entry<C>> unacknowledged = new LinkedHashMap<>();
    /** The client acknowledged a frame. */
    boolean acknowledges;
    /** The client is taken never to acknowledge (its first frame was overdue). */
    boolean legacy;
  }

  /** Overdue frames of a connection taken not to acknowledge, reported delivered by the caller. */
  record Overdue<C>(C connection, List<Entry<C>> entries, boolean wasFull) {}

  private final Duration ackTimeout;
  private final int maxUnacknowledged;
  private final Map<C, Account<C>> accounts = new HashMap<>();
  /** Connections with unacknowledged frames, oldest first, for {@link #overdue}. */
  private final Set<C> awaiting = new LinkedHashSet<>();

  AcknowledgementLedger(Duration ackTimeout, int maxUnacknowledged) {
    this.ackTimeout = ackTimeout;
    this.maxUnacknowledged = maxUnacknowledged;
  }

  /** The key of a frame in the ledger (and of a waiting frame in the queue). */
  static String key(String sourceDid, String messageId) {
    return sourceDid + "\n" + messageId;
  }

  /** Whether {@code c} is below its bound of unacknowledged frames. */
  boolean hasRoom(C c) {
    return unacknowledged(c) < maxUnacknowledged;
  }

  int unacknowledged(C c) {
    Account<C> a = accounts.get(c);
    return a == null ? 0 : a.unacknowledged.size();
  }

  /** Whether {@code c}'s client is taken never to acknowledge: its frames are settled once written. */
  boolean isLegacy(C c) {
    Account<C> a = accounts.get(c);
    return a != null && a.legacy;
  }

  /**
   * Records a frame pushed to {@code c}, due for acknowledgement {@code ackTimeout} after
   * {@code now}. Returns the new entry if the frame must be written, or empty if it joined an
   * unacknowledged copy of itself (decision 0011: one copy in flight per connection).
   */
  Optional<Entry<C>> push(C c, QueuedFrame f, FrameInfo info, Optional<C> origin, Instant now) {
    Account<C> a = accounts.computeIfAbsent(c, k -> new Account<>());
    String k = key(f.sourceDid(), f.messageId());
    Entry<C> previous = a.unacknowledged.get(k);
    if (previous != null) {
      a.unacknowledged.put(k, previous.withCopy(new Entry<>(f, info, origin, previous.deadline(), List.of())));
      return Optional.empty();
    }
    Entry<C> entry = new Entry<>(f, info, origin, now.plus(ackTimeout), List.of());
    a.unacknowledged.put(k, entry);
    awaiting.add(c);
    return Optional.of(entry);
  }

  /**
   * A client's acknowledgement naming {@code key}: the named frame and every frame pushed to
   * {@code c} before it are settled (decision 0009), returned oldest first. Marks the client as
   * one that acknowledges (again). Empty if the key names nothing unacknowledged on {@code c}.
   */
  List<Entry<C>> acknowledge(C c, String key) {
    Account<C> a = accounts.computeIfAbsent(c, k -> new Account<>());
    a.acknowledges = true;
    a.legacy = false;
    if (!a.unacknowledged.containsKey(key)) {
      return List.of();
    }
    List<Entry<C>> settled = new ArrayList<>();
    Iterator<Map.Entry<String, Entry<C>>> oldestFirst = a.unacknowledged.entrySet().iterator();
    boolean last = false;
    while (!last) {
      Map.Entry<String, Entry<C>> e = oldestFirst.next();
      last = e.getKey().equals(key);
      oldestFirst.remove();
      settled.add(e.getValue());
    }
    if (a.unacknowledged.isEmpty()) {
      awaiting.remove(c);
    }
    return settled;
  }

  /**
   * A client's refusal of the frame {@code key} (decision 0011): settles that frame alone if it
   * is unacknowledged on {@code c} and {@code refuser} is its destination; else empty (the
   * refusal is then routed as any response).
   */
  Optional<Entry<C>> refuse(C c, String key, String refuser) {
    Account<C> a = accounts.get(c);
    Entry<C> entry = a == null ? null : a.unacknowledged.get(key);
    if (entry == null || !refuser.equals(entry.frame().destinationDid())) {
      return Optional.empty();
    }
    a.unacknowledged.remove(key);
    if (a.unacknowledged.isEmpty()) {
      awaiting.remove(c);
    }
    return Optional.of(entry);
  }

  /**
   * A write of frame {@code frameId} to {@code c} failed: its entry (with copies) if it is still
   * there, removed, for the caller to queue again; empty if the connection's close took it.
   */
  Optional<Entry<C>> writeFailed(C c, String key, long frameId) {
    Account<C> a = accounts.get(c);
    Entry<C> current = a == null ? null : a.unacknowledged.get(key);
    if (current == null || current.frame().id() != frameId) {
      return Optional.empty();
    }
    a.unacknowledged.remove(key);
    if (a.unacknowledged.isEmpty()) {
      awaiting.remove(c);
    }
    return Optional.of(current);
  }

  /** Forgets {@code c}; returns its unacknowledged frames (copies included) in push order. */
  List<Entry<C>> close(C c) {
    awaiting.remove(c);
    Account<C> a = accounts.remove(c);
    List<Entry<C>> all = new ArrayList<>();
    if (a != null) {
      a.unacknowledged.values().forEach(e -> all.addAll(e.all()));
    }
    return all;
  }

  /**
   * The overdue frames of connections that have acknowledged nothing (decision 0011: a client
   * that does acknowledge is waited for without limit), removed; such a connection is from now
   * on taken never to acknowledge. Only the overdue head of each connection is taken: frames
   * behind it may not even be written yet.
   */
  List<Overdue<C>> overdue(Instant now) {
    List<Overdue<C>> out = new ArrayList<>();
    Iterator<C> it = awaiting.iterator();
    while (it.hasNext()) {
      C c = it.next();
      Account<C> a = accounts.get(c);
      if (a.acknowledges) {
        continue;
      }
      boolean full = a.unacknowledged.size() >= maxUnacknowledged;
      List<Entry<C>> due = new ArrayList<>();
      Iterator<Entry<C>> entries = a.unacknowledged.values().iterator();
      while (entries.hasNext()) {
        Entry<C> e = entries.next();
        if (e.deadline().isAfter(now)) {
          break;
        }
        entries.remove();
        due.add(e);
      }
      if (!due.isEmpty()) {
        a.legacy = true;
        out.add(new Overdue<>(c, due, full));
      }
      if (a.unacknowledged.isEmpty()) {
        it.remove();
      }
    }
    return out;
  }
}
