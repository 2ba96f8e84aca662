package org.anp.transport.internal.e2e;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.anp.transport.e2e.EncryptedMessage;

/**
 * Encrypted messages that arrived under a key their receiver does not know yet, held while a
 * handshake with their sender is still under way (decision record 0008): after a reconnect a
 * relay may hand over a message before the Finished that confirms its key. Bounded per sender DID
 * and in total, and in time by a deadline per message. Not thread-safe; the owning endpoint
 * serializes access.
 */
public final class EarlyMessages {
  private final int maxPerPeer;
  private final int maxTotal;
  private final Map<String, Deque<Early>> byPeer = new HashMap<>();
  private int total;

  /** @throws IllegalArgumentException unless {@code 0 <= maxPerPeer <= maxTotal} */
  public EarlyMessages(int maxPerPeer, int maxTotal) {
    if (maxPerPeer < 0 || maxTotal < maxPerPeer) {
      throw new IllegalArgumentException("early messages: need 0 <= perPeer <= total, got " + maxPerPeer + ", " + maxTotal);
    }
    this.maxPerPeer = maxPerPeer;
    this.maxTotal = maxTotal;
  }

  /** A held message and the instant after which it is given up. */
  public record Early(EncryptedMessage message, Instant until) {}

  /** Holds {@code message} until {@code until}; false (and nothing held) when a bound is reached. */
  public boolean hold(EncryptedMessage message, Instant until) {
    Deque<Early> held = byPeer.get(message.sourceDid());
    int fromPeer = held == null ? 0 : held.size();
    if (total >= maxTotal || fromPeer >= maxPerPeer) {
      return false;
    }
    byPeer.computeIfAbsent(message.sourceDid(), k -> new ArrayDeque<>()).add(new Early(message, until));
    total++;
    return true;
  }

  /** Removes and returns every message held from {@code peerDid}, in arrival order. */
  public List<Early> release(String peerDid) {
    Deque<Early> held = byPeer.remove(peerDid);
    if (held == null) {
      return List.of();
    }
    total -= held.size();
    return List.copyOf(held);
  }

  /** Removes and returns every message whose deadline is before {@code now}. */
  public List<Early> expire(Instant now) {
    List<Early> due = new ArrayList<>();
    Iterator<Deque<Early>> peers = byPeer.values().iterator();
    while (peers.hasNext()) {
      Deque<Early> held = peers.next();
      held.removeIf(e -> e.until().isBefore(now) && due.add(e));
      if (held.isEmpty()) {
        peers.remove();
      }
    }
    total -= due.size();
    return due;
  }
}
