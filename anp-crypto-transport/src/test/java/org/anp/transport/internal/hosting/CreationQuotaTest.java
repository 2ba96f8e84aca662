package org.anp.transport.internal.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.testing.ManualClock;
import org.junit.jupiter.api.Test;

class CreationQuotaTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));

  @Test
  void eachAddressHasItsOwnQuotaAndIpv6CountsBySlash64() throws Exception {
    CreationQuota quota = new CreationQuota(2, Duration.ofHours(1), 100, clock, MetricsRegistry.create());
    Optional<InetSocketAddress> a = address("192.0.2.1");
    quota.charge(a);
    quota.charge(a);
    assertThatThrownBy(() -> quota.charge(a)).isInstanceOfSatisfying(TransportException.class,
        e -> assertThat(e.code()).isEqualTo(TransportError.RATE_LIMITED));
    quota.charge(address("192.0.2.2"));
    quota.charge(address("2001:db8:1:2::1"));
    quota.charge(address("2001:db8:1:2::ffff"));
    assertThatThrownBy(() -> quota.charge(address("2001:db8:1:2:abcd::9"))).isInstanceOf(TransportException.class);
    quota.charge(address("2001:db8:1:3::1"));
    clock.advance(Duration.ofHours(1));
    quota.charge(a);
  }

  @Test
  void addressesPastTheTrackedBoundShareOneKey() throws Exception {
    CreationQuota quota = new CreationQuota(1, Duration.ofHours(1), 2, clock, MetricsRegistry.create());
    quota.charge(address("192.0.2.1"));
    quota.charge(address("192.0.2.2"));
    quota.charge(address("192.0.2.3"));
    assertThatThrownBy(() -> quota.charge(address("192.0.2.4"))).isInstanceOf(TransportException.class);
    assertThat(CreationQuota.key(Optional.empty())).isEqualTo("unknown");
  }

  private static Optional<InetSocketAddress> address(String literal) throws Exception {
    return Optional.of(new InetSocketAddress(InetAddress.getByName(literal), 40000));
  }
}
