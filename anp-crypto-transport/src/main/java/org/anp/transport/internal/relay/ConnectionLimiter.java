package org.anp.transport.internal.relay;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections in all and per remote address, and refuses one past either cap
 * (decision 0060). {@link #tryAcquire} and {@link #release} pair up per connection. Thread-safe.
 */
final class ConnectionLimiter {
  /** Why a connection was refused: the HTTP status to answer and the counts for the log. */
  record Refusal(int status, String limit, String counts) {}

  private final int maxTotal;
  private final int maxPerAddress;
  private final AtomicInteger total = new AtomicInteger();
  private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

  ConnectionLimiter(int maxTotal, int maxPerAddress) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /** Takes a slot for a connection from {@code address}, or says why not (nothing taken). */
  Optional<Refusal> tryAcquire(String address) {
    if (total.incrementAndGet() > maxTotal) {
      int held = total.decrementAndGet();
      return Optional.of(new Refusal(503, "relay_connections", held + " of " + maxTotal + " connections open"));
    }
    int[] held = {0};
    boolean[] taken = {false};
    // compute is atomic per key in a ConcurrentHashMap
    perAddress.compute(address, (a, n) -> {
      held[0] = n == null ? 0 : n;
      if (held[0] >= maxPerAddress) {
        return n;
      }
      taken[0] = true;
      return held[0] + 1;
    });
    if (!taken[0]) {
      total.decrementAndGet();
      return Optional.of(new Refusal(429, "relay_connections_per_address",
          held[0] + " of " + maxPerAddress + " connections open from this address"));
    }
    return Optional.empty();
  }

  /** Frees the slot {@link #tryAcquire} took for a connection from {@code address}. */
  void release(String address) {
    total.decrementAndGet();
    perAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
  }

  int open() {
    return total.get();
  }
}
