package org.anp.transport.internal.http;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per remote address; an IPv6 peer counts by its /64, since one host usually
 * holds a whole /64. Entries disappear when their count returns to zero.
 */
final class ConnectionsPerAddress {
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  /** Counts a connection from {@code remote}; the count for its address, this one included. */
  int opened(SocketAddress remote) {
    return open.merge(key(remote), 1, Integer::sum);
  }

  /** Forgets a connection counted by {@link #opened}. */
  void closed(SocketAddress remote) {
    open.computeIfPresent(key(remote), (k, n) -> n <= 1 ? null : n - 1);
  }

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
