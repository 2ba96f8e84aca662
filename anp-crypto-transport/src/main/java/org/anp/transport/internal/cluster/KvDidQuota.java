package org.anp.transport.internal.cluster;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.limits.RefusalLog;

/**
 * The per-DID quota of one instance in front of a shared nonce bucket: how many unexpired nonces
 * each DID recorded through this instance (decision 0043's per-DID bound, counted per instance,
 * decision 0082), and at most {@code maxTracked} of them in all. Expiries are {@code now +
 * retention} from one clock, so the oldest expire first and purging stops at the first live one.
 * Thread-safe.
 */
public final class KvDidQuota {
  private final int maxPerDid;
  private final int maxTracked;
  private final RefusalLog perDidRefusals;
  private final RefusalLog fullRefusals;
  private final ArrayDeque<Recorded> order = new ArrayDeque<>();
  private final Map<String, Integer> counts = new HashMap<>();

  public KvDidQuota(int maxPerDid, int maxTracked, RefusalLog perDidRefusals, RefusalLog fullRefusals) {
    if (maxPerDid < 1 || maxTracked < maxPerDid) {
      throw new IllegalArgumentException(
          "maxEntriesPerDid must be positive and at most maxTrackedNonces: " + maxPerDid + ", " + maxTracked);
    }
    this.maxPerDid = maxPerDid;
    this.maxTracked = maxTracked;
    this.perDidRefusals = perDidRefusals;
    this.fullRefusals = fullRefusals;
  }

  /**
   * Refuses {@code did} if it holds its quota at {@code now}.
   *
   * @throws IdentityException {@code AUTH_NONCE_QUOTA_EXCEEDED} (429)
   */
  public synchronized void check(String did, Instant now) {
    purge(now);
    int held = counts.getOrDefault(did, 0);
    if (held >= maxPerDid) {
      perDidRefusals.refused(did, "holds " + held + " unexpired nonces here, quota " + maxPerDid + " per DID");
      throw new IdentityException(IdentityError.AUTH_NONCE_QUOTA_EXCEEDED,
          "nonce store: holds " + held + " unexpired nonces, quota " + maxPerDid + " per DID");
    }
  }

  /**
   * Refuses {@code did} if it holds its quota, or if this instance tracks as many nonces as it may.
   *
   * @throws IdentityException {@code AUTH_NONCE_QUOTA_EXCEEDED} (429) or {@code
   *     AUTH_NONCE_STORE_FULL} (503)
   */
  public synchronized void checkRoom(String did, Instant now) {
    check(did, now);
    if (order.size() >= maxTracked) {
      fullRefusals.refused(did, "this instance tracks " + order.size() + " of " + maxTracked + " nonces");
      throw new IdentityException(IdentityError.AUTH_NONCE_STORE_FULL,
          "nonce store: this instance tracks " + order.size() + " of " + maxTracked + " nonces");
    }
  }

  /** Counts a nonce recorded for {@code did} until {@code expiresAt}. */
  public synchronized void add(String did, Instant expiresAt) {
    order.addLast(new Recorded(did, expiresAt));
    counts.merge(did, 1, Integer::sum);
  }

  /** Nonces counted now (expired ones not yet purged included); for tests and gauges. */
  public synchronized int tracked() {
    return order.size();
  }

  private void purge(Instant now) {
    while (!order.isEmpty() && !order.peekFirst().expiresAt().isAfter(now)) {
      Recorded head = order.removeFirst();
      counts.computeIfPresent(head.did(), (d, n) -> n == 1 ? null : n - 1);
    }
  }

  private record Recorded(String did, Instant expiresAt) {}
}
