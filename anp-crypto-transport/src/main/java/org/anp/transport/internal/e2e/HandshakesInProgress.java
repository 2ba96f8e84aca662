package org.anp.transport.internal.e2e;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.anp.transport.e2e.HandshakeEngine;

/**
 * The handshakes one E2E endpoint has in progress, in either role, by {@code sessionId}: their
 * engines and deadlines, the frames each already took (so that copies are dropped), which one we
 * started per peer, how many run per peer (for holding early messages, decision record 0008), and
 * the bounds on handshakes answered for peers. Not thread-safe; the owning endpoint serializes
 * access.
 */
public final class HandshakesInProgress {
  private final Map<String, HandshakeEngine> engines = new HashMap<>();
  private final Map<String, Instant> deadlines = new HashMap<>();
  /** The messageIds of the frames each handshake has processed. */
  private final Map<String, Set<String>> frames = new HashMap<>();
  /** Per peer, the session of the handshake we started and that still runs. */
  private final Map<String, String> initiating = new HashMap<>();
  private final Map<String, Integer> perPeer = new HashMap<>();
  /** Responder-side handshakes: sessionId to the peer that started it, and the count per peer. */
  private final Map<String, String> responding = new HashMap<>();
  private final Map<String, Integer> respondingPerPeer = new HashMap<>();
  private final int maxRespondingPerPeer;
  private final int maxResponding;

  /** @throws IllegalArgumentException unless {@code 1 <= maxRespondingPerPeer <= maxResponding} */
  public HandshakesInProgress(int maxRespondingPerPeer, int maxResponding) {
    if (maxRespondingPerPeer < 1 || maxResponding < maxRespondingPerPeer) {
      throw new IllegalArgumentException("responder handshakes: need 1 <= perPeer <= total, got "
          + maxRespondingPerPeer + ", " + maxResponding);
    }
    this.maxRespondingPerPeer = maxRespondingPerPeer;
    this.maxResponding = maxResponding;
  }

  public Optional<HandshakeEngine> engine(String sessionId) {
    return Optional.ofNullable(engines.get(sessionId));
  }

  /**
   * Why a new handshake answered for {@code peer} would exceed a bound, if it would: the peer's
   * share or the total of responder handshakes in progress.
   */
  public Optional<String> responderLimit(String peer) {
    int fromPeer = respondingPerPeer.getOrDefault(peer, 0);
    if (fromPeer >= maxRespondingPerPeer) {
      return Optional.of(fromPeer + " handshakes from this DID already in progress");
    }
    if (responding.size() >= maxResponding) {
      return Optional.of(responding.size() + " handshakes from peers already in progress");
    }
    return Optional.empty();
  }

  /** A handshake {@code peer} started, answered by us, running until {@code deadline}. */
  public void beginResponder(String sessionId, HandshakeEngine engine, String peer, Instant deadline) {
    begin(sessionId, engine, peer, deadline);
    responding.put(sessionId, peer);
    respondingPerPeer.merge(peer, 1, Integer::sum);
  }

  /** A handshake we started with {@code peer}, now the one new payloads for it wait for. */
  public void beginInitiator(String sessionId, HandshakeEngine engine, String peer, Instant deadline) {
    begin(sessionId, engine, peer, deadline);
    initiating.put(peer, sessionId);
  }

  private void begin(String sessionId, HandshakeEngine engine, String peer, Instant deadline) {
    engines.put(sessionId, engine);
    deadlines.put(sessionId, deadline);
    perPeer.merge(peer, 1, Integer::sum);
  }

  /**
   * Records that handshake {@code sessionId} took frame {@code messageId}; false for a copy of a
   * frame it already took (relays redeliver, senders resend after a reconnect).
   */
  public boolean firstCopy(String sessionId, String messageId) {
    return frames.computeIfAbsent(sessionId, k -> new HashSet<>()).add(messageId);
  }

  /**
   * Forgets a handshake in progress (either role), keeping the per-peer counts right; returns its
   * peer, if it was in progress. The caller then releases the peer's early messages.
   */
  public Optional<String> end(String sessionId) {
    HandshakeEngine engine = engines.remove(sessionId);
    deadlines.remove(sessionId);
    frames.remove(sessionId);
    String responder = responding.remove(sessionId);
    if (responder != null) {
      respondingPerPeer.computeIfPresent(responder, (k, n) -> n <= 1 ? null : n - 1);
    }
    Optional<String> peer = engine == null ? Optional.empty() : engine.peerDid();
    peer.ifPresent(p -> perPeer.computeIfPresent(p, (k, n) -> n <= 1 ? null : n - 1));
    return peer;
  }

  /** Whether any handshake with {@code peer} runs, in either role. */
  public boolean anyWith(String peer) {
    return perPeer.containsKey(peer);
  }

  /** Whether a handshake we started with {@code peer} runs. */
  public boolean initiatingWith(String peer) {
    return initiating.containsKey(peer);
  }

  /** Ends {@code sessionId}'s claim to be our handshake with {@code peer}; false if it was not. */
  public boolean stopInitiating(String peer, String sessionId) {
    return initiating.remove(peer, sessionId);
  }

  /** Lets the next payload for {@code peer} start a fresh handshake; the running one is kept. */
  public void forgetInitiating(String peer) {
    initiating.remove(peer);
  }

  /** The sessions whose deadline is before {@code now}. */
  public List<String> expired(Instant now) {
    return deadlines.entrySet().stream().filter(e -> now.isAfter(e.getValue())).map(Map.Entry::getKey).toList();
  }
}
