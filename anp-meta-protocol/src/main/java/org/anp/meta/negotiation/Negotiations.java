package org.anp.meta.negotiation;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * The engines of one agent, at most one per (peer, session) (spec/meta-protocol.md §4.2). A
 * driver registers an engine when it opens or answers a negotiation and finds it again for each
 * received PT=00 frame. An engine stays registered after READY (it still handles fix-error and
 * natural-language messages) until the session ends or it fails and is replaced. Thread-safe.
 */
public final class Negotiations {
  private final Map<NegotiationKey, NegotiationEngine> engines = new ConcurrentHashMap<>();

  /**
   * Registers {@code engine} for {@code key}, replacing a failed one.
   *
   * @throws MetaProtocolException {@code NEGOTIATION_IN_PROGRESS} if an engine that has not
   *     failed is registered for {@code key}
   */
  public NegotiationEngine register(NegotiationKey key, NegotiationEngine engine) {
    engines.compute(
        key,
        (k, existing) -> {
          if (existing != null && existing.state() != NegotiationState.FAILED) {
            throw new MetaProtocolException(
                MetaProtocolError.NEGOTIATION_IN_PROGRESS,
                "a negotiation with this peer in this session is " + existing.state());
          }
          return engine;
        });
    return engine;
  }

  /** The engine registered for {@code key}. */
  public Optional<NegotiationEngine> find(NegotiationKey key) {
    return Optional.ofNullable(engines.get(key));
  }

  /** Forgets the engine of {@code key} (its session ended). */
  public void remove(NegotiationKey key) {
    engines.remove(key);
  }

  /** How many engines are registered. */
  public int size() {
    return engines.size();
  }
}
