package org.anp.transport.internal.limits;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections in all and per remote address, and refuses one past either cap
 * (decision 0060); the HTTP server and the relay each hold one. An IPv6 peer counts by its /64,
 * since one host usually holds a whole /64. {@link #tryAcquire} and {@link #release} pair up per
 * accepted connection; a refused one takes no slot. Entries disappear when their count returns to
 * zero. Thread-safe.
 */
public final class ConnectionLimiter {
  /**
   * Why a connection was refused.
   *
   * @param status the HTTP status to answer: 503 past the total cap, 429 past the per-address cap
   * @param limit the limit's name for refusal logs and metrics
   * @param counts the counts, for the log and the answer's body
   */
  public record Refusal(int status, String limit, String counts) {}

  private final String name;
  private final int maxTotal;
  private final int maxPerAddress;
  private final AtomicInteger total = new AtomicInteger();
  private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

  /**
   * A limiter of {@code maxTotal} connections in all and {@code maxPerAddress} from one address,
   * whose refusals name the limits {@code <name>_connections} and
   * {@code <name>_connections_per_address}.
   */
  public ConnectionLimiter(String name, int maxTotal, int maxPerAddress) {
    if (maxTotal < 1 || maxPerAddress < 1) {
      throw new IllegalArgumentException("connection caps must be positive: " + maxTotal + ", " + maxPerAddress);
    }
    this.name = name;
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /** Takes a slot for a connection from {@code remote}, or says why not (nothing taken). */
  public Optional<Refusal> tryAcquire(SocketAddress remote) {
    if (total.incrementAndGet() > maxTotal) {
      int held = total.decrementAndGet();
      return Optional.of(new Refusal(503, name + "_connections", held + " of " + maxTotal + " connections open"));
    }
    int[] held = {0};
    boolean[] taken = {false};
    // compute is atomic per key in a ConcurrentHashMap
    perAddress.compute(key(remote), (a, n) -> {
      held[0] = n == null ? 0 : n;
      if (held[0] >= maxPerAddress) {
        return n;
      }
      taken[0] = true;
      return held[0] + 1;
    });
    if (!taken[0]) {
      total.decrementAndGet();
      return Optional.of(new Refusal(429, name + "_connections_per_address",
          held[0] + " of " + maxPerAddress + " connections open from this address"));
    }
    return Optional.empty();
  }

  /** Frees the slot {@link #tryAcquire} took for a connection from {@code remote}. */
  public void release(SocketAddress remote) {
    total.decrementAndGet();
    perAddress.computeIfPresent(key(remote), (a, n) -> n > 1 ? n - 1 : null);
  }

  /** Connections holding a slot now. */
  public int open() {
    return total.get();
  }

  /** Connections holding a slot now from {@code remote}'s address (its /64 for IPv6). */
  public int openFrom(SocketAddress remote) {
    return perAddress.getOrDefault(key(remote), 0);
  }

  /** What a connection from {@code remote} counts under: its IPv4 address or IPv6 /64. */
  static String key(SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return "unknown";
    }
    if (inet.getAddress() instanceof Inet6Address v6) {
      return "v6:" + Arrays.toString(Arrays.copyOf(v6.getAddress(), 8));
    }
    return inet.getAddress().getHostAddress();
  }
}
