package org.anp.transport.internal.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payloads an E2E endpoint sends: those waiting for a handshake with their peer, in the order
 * they were sent, and those sent under a key, kept for the resend window so that a key refusal
 * (4002-4005) can renegotiate and resend them under the same {@code messageId}. Not thread-safe;
 * the owning endpoint serializes access.
 */
public final class OutgoingPayloads {
  private final Duration resendWindow;
  private final Map<String, Deque<Outgoing>> waiting = new HashMap<>();
  /** In the order sent (a resend moves to the end), so {@link #prune} stops at the first live one. */
  private final Map<String, Outgoing> sent = new LinkedHashMap<>();

  public OutgoingPayloads(Duration resendWindow) {
    this.resendWindow = resendWindow;
  }

  /**
   * A payload for a peer; {@code resends} counts renegotiations after its peer refused its key, and
   * {@code secretKeyId} and {@code sentAt} say under which key and when it was last encrypted
   * (empty and the epoch while it waits).
   */
  public record Outgoing(String remoteDid, String messageId, byte[] payload, int resends, String secretKeyId, Instant sentAt) {
    public static Outgoing of(String remoteDid, String messageId, byte[] payload) {
      return new Outgoing(remoteDid, messageId, payload, 0, "", Instant.EPOCH);
    }

    /** The same payload, to be renegotiated and sent again. */
    public Outgoing resend() {
      return new Outgoing(remoteDid, messageId, payload, resends + 1, "", Instant.EPOCH);
    }
  }

  /** {@code o} waits for the next handshake with its peer. */
  public void await(Outgoing o) {
    waiting.computeIfAbsent(o.remoteDid(), k -> new ArrayDeque<>()).add(o);
  }

  public boolean anyWaitingFor(String peer) {
    Deque<Outgoing> w = waiting.get(peer);
    return w != null && !w.isEmpty();
  }

  /** The payloads waiting for {@code peer}, in order, which no longer wait. */
  public List<Outgoing> takeWaiting(String peer) {
    Deque<Outgoing> w = waiting.remove(peer);
    return w == null ? List.of() : List.copyOf(w);
  }

  /** Whether a payload with {@code messageId} waits for a handshake. */
  public boolean waits(String messageId) {
    return waiting.values().stream().flatMap(Deque::stream).anyMatch(o -> o.messageId().equals(messageId));
  }

  /** {@code o} was encrypted under {@code secretKeyId} at {@code at}. */
  public void sent(Outgoing o, String secretKeyId, Instant at) {
    sent.remove(o.messageId());
    sent.put(o.messageId(), new Outgoing(o.remoteDid(), o.messageId(), o.payload(), o.resends(), secretKeyId, at));
  }

  /** The payload sent as {@code messageId} within the resend window, if any. */
  public Optional<Outgoing> sent(String messageId) {
    return Optional.ofNullable(sent.get(messageId));
  }

  public void forgetSent(String messageId) {
    sent.remove(messageId);
  }

  /** Forgets payloads sent longer ago than the resend window. */
  public void prune(Instant now) {
    Iterator<Outgoing> s = sent.values().iterator();
    while (s.hasNext() && s.next().sentAt().plus(resendWindow).isBefore(now)) {
      s.remove();
    }
  }
}
