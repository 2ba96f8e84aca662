package org.anp.transport.internal.relay;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers register nonces per router until they can no longer pass the time window, bounded
 * per router DID, per remote address and in all (decision 0058). It never forgets a live nonce of
 * a DID that may still register: when the global bound is reached, the DID holding the most
 * nonces pays. If that is the caller, the caller is refused; otherwise the heaviest DID's nonces
 * are replaced by a block that refuses that DID until the last of them would have expired (it
 * cannot replay what it is refused outright), and the caller is served. Thread-safe.
 */
final class NonceCache {
  enum Outcome { RECORDED, REPLAYED, DID_QUOTA, ADDRESS_QUOTA, BLOCKED, FULL }

  /** The outcome, and for a refusal the subject and what it held. */
  record Result(Outcome outcome, String subject, String counts) {
    static final Result RECORDED = new Result(Outcome.RECORDED, "", "");
  }

  private record Entry(String did, String address, Instant until) {}

  private final int maxEntries;
  private final int maxPerDid;
  private final int maxPerAddress;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, Integer> perDid = new HashMap<>();
  private final Map<String, Integer> perAddress = new HashMap<>();
  private final Map<String, Instant> blocked = new HashMap<>();
  private Instant nextBlockSweep = Instant.MIN;

  NonceCache(int maxEntries, int maxPerDid, int maxPerAddress) {
    this.maxEntries = maxEntries;
    this.maxPerDid = maxPerDid;
    this.maxPerAddress = maxPerAddress;
  }

  /**
   * The cheap check before any resolution or signature: is one of {@code dids} blocked or at its
   * quota, or {@code address} at its quota? Records nothing.
   */
  synchronized Optional<Result> checkQuota(List<String> dids, String address, Instant now) {
    evictExpired(now);
    for (String did : dids) {
      Optional<Result> refusal = quotaOf(did, 1, now);
      if (refusal.isPresent()) {
        return refusal;
      }
    }
    return addressQuota(address, 1);
  }

  /**
   * Records every nonce ({@code dids.get(i)} with {@code nonces.get(i)}) for {@code address}, all
   * or none.
   *
   * @param keep until when the nonces must be remembered
   */
  synchronized Result recordAll(List<String> dids, List<String> nonces, String address, Instant now, Instant keep) {
    evictExpired(now);
    List<String> keys = new java.util.ArrayList<>(dids.size());
    Map<String, Integer> adding = new HashMap<>();
    for (int i = 0; i < dids.size(); i++) {
      String key = dids.get(i) + "\n" + nonces.get(i);
      if (entries.containsKey(key) || keys.contains(key)) {
        return new Result(Outcome.REPLAYED, dids.get(i), "nonce already used");
      }
      keys.add(key);
      adding.merge(dids.get(i), 1, Integer::sum);
    }
    for (Map.Entry<String, Integer> e : adding.entrySet()) {
      Optional<Result> refusal = quotaOf(e.getKey(), e.getValue(), now);
      if (refusal.isPresent()) {
        return refusal.get();
      }
    }
    Optional<Result> byAddress = addressQuota(address, keys.size());
    if (byAddress.isPresent()) {
      return byAddress.get();
    }
    while (entries.size() + keys.size() > maxEntries) {
      Optional<String> heaviest = heaviest();
      if (heaviest.isEmpty() || adding.containsKey(heaviest.get())
          || perDid.get(heaviest.get()) <= adding.keySet().stream().mapToInt(d -> perDid.getOrDefault(d, 0)).max().orElse(0)) {
        String subject = String.join(", ", adding.keySet());
        return new Result(Outcome.FULL, subject, "held " + entries.size() + " of " + maxEntries
            + " register nonces in all; the caller is the heaviest");
      }
      block(heaviest.get());
    }
    for (int i = 0; i < keys.size(); i++) {
      entries.put(keys.get(i), new Entry(dids.get(i), address, keep));
      perDid.merge(dids.get(i), 1, Integer::sum);
      perAddress.merge(address, 1, Integer::sum);
    }
    return Result.RECORDED;
  }

  /** Nonces held in all. */
  synchronized int size() {
    return entries.size();
  }

  /** DIDs blocked for having filled the cache. */
  synchronized int blockedCount() {
    return blocked.size();
  }

  private Optional<Result> quotaOf(String did, int adding, Instant now) {
    Instant until = blocked.get(did);
    if (until != null) {
      if (until.isAfter(now)) {
        return Optional.of(new Result(Outcome.BLOCKED, did,
            "blocked until " + until + " for having held the most register nonces when the cache was full"));
      }
      blocked.remove(did);
    }
    int held = perDid.getOrDefault(did, 0);
    if (held + adding > maxPerDid) {
      return Optional.of(new Result(Outcome.DID_QUOTA, did,
          "held " + held + " of " + maxPerDid + " register nonces per DID"));
    }
    return Optional.empty();
  }

  private Optional<Result> addressQuota(String address, int adding) {
    int held = perAddress.getOrDefault(address, 0);
    if (held + adding > maxPerAddress) {
      return Optional.of(new Result(Outcome.ADDRESS_QUOTA, address,
          "held " + held + " of " + maxPerAddress + " register nonces per address"));
    }
    return Optional.empty();
  }

  private Optional<String> heaviest() {
    return perDid.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
  }

  /** Forgets every nonce of {@code did} and refuses it until the last would have expired. */
  private void block(String did) {
    Instant last = Instant.MIN;
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (e.did().equals(did)) {
        last = e.until().isAfter(last) ? e.until() : last;
        it.remove();
        decrement(perAddress, e.address());
      }
    }
    perDid.remove(did);
    blocked.put(did, last);
  }

  private void evictExpired(Instant now) {
    Iterator<Entry> it = entries.values().iterator();
    // Insertion order is roughly expiry order (one window for all); stop at the first live entry.
    while (it.hasNext()) {
      Entry e = it.next();
      if (e.until().isAfter(now)) {
        break;
      }
      it.remove();
      decrement(perDid, e.did());
      decrement(perAddress, e.address());
    }
    if (!now.isBefore(nextBlockSweep) && !blocked.isEmpty()) {
      blocked.values().removeIf(until -> !until.isAfter(now));
      nextBlockSweep = now.plusSeconds(1);
    }
  }

  private static void decrement(Map<String, Integer> counts, String key) {
    counts.computeIfPresent(key, (k, v) -> v > 1 ? v - 1 : null);
  }
}
