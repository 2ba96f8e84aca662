package org.anp.transport.internal.hosting;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.RefusalLog;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many DID documents one remote address may create per window (issue 12; decision 0045): a
 * fixed window per address, all counts dropped when the window ends. IPv6 addresses count by
 * their /64 prefix (one host usually holds a whole /64). Requests without a known address share
 * the key {@code unknown}. At most {@code maxAddresses} are tracked in one window; addresses past
 * that share the key {@code overflow}, so memory stays bounded. Thread-safe.
 */
final class CreationQuota {
  private static final Logger log = LoggerFactory.getLogger(CreationQuota.class);

  private final int perAddress;
  private final Duration window;
  private final int maxAddresses;
  private final Clock clock;
  private final RefusalLog refusals;
  private final Map<String, Integer> counts = new HashMap<>();
  private Instant windowEnd = Instant.MIN;

  CreationQuota(int perAddress, Duration window, int maxAddresses, Clock clock, MetricsRegistry metrics) {
    this.perAddress = perAddress;
    this.window = Objects.requireNonNull(window, "window");
    this.maxAddresses = maxAddresses;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refusals = RefusalLog.create(log, "did_host_creations_per_address", clock, Duration.ofMinutes(1), metrics);
  }

  /**
   * Counts one creation by {@code address}.
   *
   * @throws TransportException {@code RATE_LIMITED} (429) if the address used its quota in this
   *     window
   */
  void charge(Optional<InetSocketAddress> address) {
    String key = key(address);
    synchronized (this) {
      Instant now = clock.instant();
      if (!now.isBefore(windowEnd)) {
        counts.clear();
        windowEnd = now.plus(window);
      }
      if (!counts.containsKey(key) && counts.size() >= maxAddresses) {
        key = "overflow";
      }
      int used = counts.getOrDefault(key, 0);
      if (used < perAddress) {
        counts.put(key, used + 1);
        return;
      }
    }
    refusals.refused(key, "created " + perAddress + " DID documents in this window of " + window.toSeconds()
        + " s, quota " + perAddress);
    throw new TransportException(TransportError.RATE_LIMITED,
        "did host: this address created " + perAddress + " documents recently; try later");
  }

  static String key(Optional<InetSocketAddress> address) {
    if (address.isEmpty() || address.get().getAddress() == null) {
      return "unknown";
    }
    InetAddress a = address.get().getAddress();
    if (a instanceof Inet6Address) {
      byte[] b = a.getAddress();
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
      }
      return prefix.append(":/64").toString();
    }
    return a.getHostAddress();
  }
}
