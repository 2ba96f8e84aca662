package org.anp.meta.selection;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The caller's cache of accepted negotiation results (ANP-06 §10.1), reused until their {@code
 * validUntil}. A key names the target DID, the caller and a digest of the request body (intent,
 * required capabilities, caller capabilities, constraints; the {@code negotiation_id} is left
 * out); the stored result carries the selected interface, profile, security profile and {@code
 * negotiationDigest}. Only {@code accepted} results with a usable selection and a {@code
 * validUntil} are kept; an expired entry is dropped when looked up. At most {@code maxEntries} are
 * held (oldest dropped first).
 *
 * <p>Thread-safe; time comes from the injected clock.
 */
public final class NegotiationCache {
  private final Clock clock;
  private final int maxEntries;
  private final Map<Key, NegotiationResult> entries;

  /**
   * A cache on {@code clock} holding at most {@code maxEntries} results.
   *
   * @throws IllegalArgumentException if {@code maxEntries < 1}
   */
  public NegotiationCache(Clock clock, int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries < 1");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxEntries = maxEntries;
    this.entries = new LinkedHashMap<>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, NegotiationResult> eldest) {
        return size() > NegotiationCache.this.maxEntries;
      }
    };
  }

  /**
   * What a cached result is found by.
   *
   * @param targetDid the agent negotiated with
   * @param callerDid the caller's DID, empty string when anonymous
   * @param requestDigest a digest of the request body without {@code negotiation_id}
   */
  public record Key(String targetDid, String callerDid, String requestDigest) {
    /** Checks the parts. */
    public Key {
      Objects.requireNonNull(targetDid, "targetDid");
      Objects.requireNonNull(callerDid, "callerDid");
      Objects.requireNonNull(requestDigest, "requestDigest");
    }
  }

  /** The unexpired result under {@code key}. */
  public Optional<NegotiationResult> get(Key key) {
    synchronized (entries) {
      NegotiationResult r = entries.get(key);
      if (r == null) {
        return Optional.empty();
      }
      if (r.isExpired(clock.instant())) {
        entries.remove(key);
        return Optional.empty();
      }
      return Optional.of(r);
    }
  }

  /** Keeps {@code result} if it is cacheable (see the class); returns whether it was kept. */
  public boolean put(Key key, NegotiationResult result) {
    boolean cacheable = result.status() == NegotiationStatus.ACCEPTED
        && result.selected().map(SelectedPath::usable).orElse(false)
        && result.validUntil().isPresent()
        && !result.isExpired(clock.instant());
    if (cacheable) {
      synchronized (entries) {
        entries.put(key, result);
      }
    }
    return cacheable;
  }

  /** Drops every result for {@code targetDid} (its capabilities or DID document changed, §10.1). */
  public void invalidate(String targetDid) {
    synchronized (entries) {
      entries.keySet().removeIf(k -> k.targetDid().equals(targetDid));
    }
  }

  /** The number of entries held, expired ones included until looked up. */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
