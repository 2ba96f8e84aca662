package org.anp.benchmarks.negotiation;

import java.time.Duration;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.testing.LoopbackRelayFixture;

/**
 * The negotiation benchmarks' {@link LoopbackRelayFixture}: a real relay on a loopback port,
 * without the limits that would throttle a benchmark, that resolves the did:all agents made here.
 * Thread-safe.
 */
final class AgentWorld implements AutoCloseable {
  private final LoopbackRelayFixture fixture = LoopbackRelayFixture.start(relay -> relay
      .rateLimit(1e9, Integer.MAX_VALUE) // a benchmark, not a flood
      .idleTimeout(Duration.ofMinutes(30))
      // every invocation registers new messengers, row B's the same two DIDs again
      .registrationQuota(Integer.MAX_VALUE, Integer.MAX_VALUE));

  /** A new did:all identity whose document, naming this relay, the relay can resolve. */
  LocalIdentity identity() {
    return fixture.identity();
  }

  /** A messenger builder for {@code identity} on this relay (its own random generator). */
  AgentMessenger.Builder messenger(LocalIdentity identity) {
    return fixture.messenger(identity);
  }

  @Override
  public void close() {
    fixture.close();
  }
}
