package org.anp.transport.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {
  private static InetSocketAddress from(String address, int port) throws UnknownHostException {
    return new InetSocketAddress(InetAddress.getByName(address), port);
  }

  @Test
  void theConnectionPastThePerAddressCapIsRefused429AndTakesNoSlot() throws Exception {
    ConnectionLimiter limiter = new ConnectionLimiter("test", 100, 2);
    assertThat(limiter.tryAcquire(from("192.0.2.1", 1000))).isEmpty();
    assertThat(limiter.tryAcquire(from("192.0.2.1", 1001))).isEmpty();

    assertThat(limiter.tryAcquire(from("192.0.2.1", 1002))).get().satisfies(r -> {
      assertThat(r.status()).isEqualTo(429);
      assertThat(r.limit()).isEqualTo("test_connections_per_address");
      assertThat(r.counts()).isEqualTo("2 of 2 connections open from this address");
    });
    assertThat(limiter.open()).isEqualTo(2);
    assertThat(limiter.openFrom(from("192.0.2.1", 0))).isEqualTo(2);
    // another address is not affected
    assertThat(limiter.tryAcquire(from("192.0.2.2", 1000))).isEmpty();
  }

  @Test
  void theConnectionPastTheTotalCapIsRefused503() throws Exception {
    ConnectionLimiter limiter = new ConnectionLimiter("test", 2, 10);
    assertThat(limiter.tryAcquire(from("192.0.2.1", 1))).isEmpty();
    assertThat(limiter.tryAcquire(from("192.0.2.2", 1))).isEmpty();

    assertThat(limiter.tryAcquire(from("192.0.2.3", 1))).get().satisfies(r -> {
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.limit()).isEqualTo("test_connections");
      assertThat(r.counts()).isEqualTo("2 of 2 connections open");
    });
    assertThat(limiter.open()).isEqualTo(2);
    assertThat(limiter.openFrom(from("192.0.2.3", 1))).isZero();
  }

  @Test
  void aReleasedSlotIsFreeAgainAndAnEmptyAddressIsForgotten() throws Exception {
    ConnectionLimiter limiter = new ConnectionLimiter("test", 100, 1);
    InetSocketAddress one = from("192.0.2.1", 1000);
    assertThat(limiter.tryAcquire(one)).isEmpty();
    assertThat(limiter.tryAcquire(from("192.0.2.1", 1001))).isPresent();

    limiter.release(one);
    assertThat(limiter.open()).isZero();
    assertThat(limiter.openFrom(one)).isZero();
    assertThat(limiter.tryAcquire(from("192.0.2.1", 1001))).isEmpty();
  }

  @Test
  void ipv6PeersCountByTheirSlash64() throws Exception {
    ConnectionLimiter limiter = new ConnectionLimiter("test", 100, 2);
    assertThat(limiter.tryAcquire(from("2001:db8:1:2::1", 1))).isEmpty();
    assertThat(limiter.tryAcquire(from("2001:db8:1:2:ffff::9", 1))).isEmpty();
    assertThat(limiter.tryAcquire(from("2001:db8:1:2::77", 1))).as("same /64").isPresent();
    assertThat(limiter.tryAcquire(from("2001:db8:1:3::1", 1))).as("another /64").isEmpty();
  }

  @Test
  void capsMustBePositive() {
    assertThatThrownBy(() -> new ConnectionLimiter("test", 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConnectionLimiter("test", 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
