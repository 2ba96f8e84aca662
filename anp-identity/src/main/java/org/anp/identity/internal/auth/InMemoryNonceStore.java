package org.anp.identity.internal.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.NonceStore;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.RefusalLog;

/**
 * {@link NonceStore#inMemory} and {@link NonceStore#inMemoryBuilder}: an insertion-ordered map
 * under one lock, with a count per DID. Expiries are recorded as {@code now + ttl} with a clock
 * that does not go backwards in practice, so the oldest entries expire first and purging stops at
 * the first live one (amortized O(1) per insert).
 *
 * <p>Fairness (issue 12, attack 3; decision 0043): a DID holds at most {@code maxPerDid} nonces.
 * When the store as a whole is full (entries or estimated bytes), the heaviest DID pays: if the
 * caller is the heaviest it is refused, otherwise the heaviest other DID's nonces are replaced by
 * a single block that refuses that DID until the last of them would have expired. Replay safety
 * is kept (a blocked DID is refused outright, so none of its forgotten nonces can be replayed) and
 * the store never refuses everyone because of one DID. Thread-safe.
 */
public final class InMemoryNonceStore implements NonceStore {
  /** Estimated heap per entry beyond its characters: map node, entry object, key string header. */
  public static final int ENTRY_OVERHEAD_BYTES = 160;

  private final int maxEntries;
  private final long maxBytes;
  private final int maxPerDid;
  private final Duration ttl;
  private final RefusalLog perDidRefusals;
  private final RefusalLog fullRefusals;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, DidState> dids = new HashMap<>();
  private long bytes;
  private int blocked;

  public InMemoryNonceStore(
      int maxEntries, long maxBytes, int maxPerDid, Duration ttl, RefusalLog perDidRefusals, RefusalLog fullRefusals) {
    Objects.requireNonNull(ttl, "ttl");
    if (maxEntries < 1 || maxPerDid < 1 || maxBytes < ENTRY_OVERHEAD_BYTES) {
      throw new IllegalArgumentException(
          "maxEntries, maxPerDid must be positive and maxBytes at least one entry: "
              + maxEntries + ", " + maxPerDid + ", " + maxBytes);
    }
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.maxPerDid = maxPerDid;
    this.ttl = ttl;
    this.perDidRefusals = Objects.requireNonNull(perDidRefusals, "perDidRefusals");
    this.fullRefusals = Objects.requireNonNull(fullRefusals, "fullRefusals");
  }

  /** Registers gauges for what the store holds, labelled {@code store=name}. */
  public void exportGauges(MetricsRegistry metrics, String name) {
    Map<String, String> labels = Map.of("store", name);
    metrics.gauge("anp_nonce_store_entries", "Nonces held (blocked DIDs count one each)", labels, this::entries);
    metrics.gauge("anp_nonce_store_bytes", "Estimated bytes held by nonces", labels, this::bytes);
    metrics.gauge("anp_nonce_store_blocked_dids", "DIDs refused because they were the heaviest in a full store",
        labels, this::blockedDids);
  }

  @Override
  public Duration retention() {
    return ttl;
  }

  /** Memory only, under one short lock. */
  @Override
  public boolean nonBlocking() {
    return true;
  }

  @Override
  public synchronized boolean contains(String did, String nonce, Instant now) {
    Entry e = entries.get(key(did, nonce));
    return e != null && e.expiry.isAfter(now);
  }

  @Override
  public synchronized void checkQuota(String did, Instant now) {
    Objects.requireNonNull(did, "did");
    DidState st = dids.get(did);
    if (st != null) {
      checkQuota(st, now);
    }
  }

  @Override
  public synchronized boolean recordIfAbsent(String did, String nonce, Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    Instant now = expiresAt.minus(ttl);
    purge(now);
    String key = key(did, nonce);
    Entry existing = entries.get(key);
    if (existing != null) {
      if (existing.expiry.isAfter(now)) {
        return false;
      }
      remove(key, existing);
    }
    DidState st = dids.get(did);
    if (st != null) {
      checkQuota(st, now);
      st = dids.get(did); // an expired block may have been lifted
    }
    long cost = cost(did, nonce);
    if (entries.size() + blocked + 1 > maxEntries || bytes + cost > maxBytes) {
      makeRoom(did, st, cost, now);
      st = dids.get(did);
    }
    if (st == null) {
      st = new DidState(did);
      dids.put(did, st);
    }
    Entry entry = new Entry(st, expiresAt, cost);
    entries.put(key, entry);
    st.keys.add(key);
    st.bytes += cost;
    bytes += cost;
    return true;
  }

  /** Number of entries held (expired ones not yet purged, and blocked DIDs, included); for tests. */
  public synchronized int size() {
    return entries.size() + blocked;
  }

  private synchronized long entries() {
    return entries.size() + (long) blocked;
  }

  private synchronized long bytes() {
    return bytes;
  }

  private synchronized long blockedDids() {
    return blocked;
  }

  private void checkQuota(DidState st, Instant now) {
    if (st.blockedUntil != null) {
      if (st.blockedUntil.isAfter(now)) {
        refuse(perDidRefusals, st.did, IdentityError.AUTH_NONCE_QUOTA_EXCEEDED,
            "blocked for " + Duration.between(now, st.blockedUntil).toSeconds()
                + " s more: it was the heaviest user of the full nonce store");
      }
      unblock(st);
    }
    // With maxPerDid == maxEntries (NonceStore.inMemory(int, Duration)) there is no quota of its
    // own: a DID at the bound is the heaviest user of a full store, refused as such (503).
    if (st.keys.size() >= maxPerDid && maxPerDid < maxEntries) {
      refuse(perDidRefusals, st.did, IdentityError.AUTH_NONCE_QUOTA_EXCEEDED,
          "holds " + st.keys.size() + " unexpired nonces, quota " + maxPerDid + " per DID");
    }
  }

  // The store is full: free the heaviest other DID's nonces, or refuse the caller if it is the
  // heaviest itself.
  private void makeRoom(String did, DidState caller, long cost, Instant now) {
    for (DidState st : dids.values().toArray(DidState[]::new)) {
      if (st.blockedUntil != null && !st.blockedUntil.isAfter(now)) {
        unblock(st);
      }
    }
    while (entries.size() + blocked + 1 > maxEntries || bytes + cost > maxBytes) {
      DidState heaviest = null;
      for (DidState st : dids.values()) {
        if (!st.did.equals(did) && (heaviest == null || st.bytes > heaviest.bytes)) {
          heaviest = st;
        }
      }
      long callerBytes = caller == null ? 0 : caller.bytes;
      if (heaviest == null || heaviest.bytes <= callerBytes || heaviest.keys.size() < 2) {
        refuse(fullRefusals, did, IdentityError.AUTH_NONCE_STORE_FULL,
            "store full (" + size() + " of " + maxEntries + " entries, " + bytes + " of " + maxBytes
                + " bytes); this DID holds " + (caller == null ? 0 : caller.keys.size())
                + " nonces, the most of any caller");
      }
      block(heaviest);
    }
  }

  private void block(DidState st) {
    int held = st.keys.size();
    Instant until = Instant.MIN;
    for (String key : st.keys) {
      Entry e = entries.remove(key);
      bytes -= e.cost;
      if (e.expiry.isAfter(until)) {
        until = e.expiry;
      }
    }
    st.keys.clear();
    st.bytes = ENTRY_OVERHEAD_BYTES;
    bytes += ENTRY_OVERHEAD_BYTES;
    st.blockedUntil = until;
    blocked++;
    fullRefusals.refused(st.did, "store full: blocked until " + until + ", it held " + held
        + " nonces, the most of any DID");
  }

  private void unblock(DidState st) {
    st.blockedUntil = null;
    st.bytes -= ENTRY_OVERHEAD_BYTES;
    bytes -= ENTRY_OVERHEAD_BYTES;
    blocked--;
    if (st.keys.isEmpty()) {
      dids.remove(st.did);
    }
  }

  private void refuse(RefusalLog log, String did, IdentityError code, String counts) {
    log.refused(did, counts);
    throw new IdentityException(code, "nonce store: " + counts);
  }

  private void purge(Instant now) {
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Entry> head = it.next();
      if (head.getValue().expiry.isAfter(now)) {
        return;
      }
      it.remove();
      forget(head.getKey(), head.getValue());
    }
  }

  private void remove(String key, Entry e) {
    entries.remove(key);
    forget(key, e);
  }

  private void forget(String key, Entry e) {
    DidState st = e.owner;
    st.keys.remove(key);
    st.bytes -= e.cost;
    bytes -= e.cost;
    if (st.keys.isEmpty() && st.blockedUntil == null) {
      dids.remove(st.did);
    }
  }

  private static long cost(String did, String nonce) {
    return ENTRY_OVERHEAD_BYTES + 2L * (did.length() + nonce.length() + 1);
  }

  private static String key(String did, String nonce) {
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(nonce, "nonce");
    // A DID never contains a space, so the key is unambiguous.
    return did + " " + nonce;
  }

  private static final class DidState {
    final String did;
    final Set<String> keys = new LinkedHashSet<>();
    long bytes;
    Instant blockedUntil;

    DidState(String did) {
      this.did = did;
    }
  }

  private record Entry(DidState owner, Instant expiry, long cost) {}
}
