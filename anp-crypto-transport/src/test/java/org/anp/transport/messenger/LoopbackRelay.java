package org.anp.transport.messenger;

import java.net.URI;
import java.security.SecureRandom;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.testing.LoopbackRelayFixture;

/**
 * A real relay on a loopback port, the did:all documents of the agents it knows (naming it as
 * their message service), and messengers connected to it over real WebSockets. Closes all. The
 * messenger tests' view of {@link LoopbackRelayFixture}.
 */
final class LoopbackRelay implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final LoopbackRelayFixture fixture = LoopbackRelayFixture.start();

  URI uri() {
    return fixture.uri();
  }

  /** A resolver over the known documents, without a cache. */
  DidResolver resolver() {
    return fixture.resolver();
  }

  /** A did:all identity the relay can resolve, its document naming this relay. */
  LocalIdentity known() {
    return fixture.identity();
  }

  /** A did:all identity no resolver knows: the relay refuses its registration. */
  static LocalIdentity unknown() {
    return LocalIdentity.from(DidAllIdentity.builder().random(RANDOM).build());
  }

  /** A messenger builder for {@code identity} on this relay. */
  AgentMessenger.Builder messenger(LocalIdentity identity) {
    return fixture.messenger(identity);
  }

  /** Builds {@code builder}; the messenger is closed with the relay. */
  AgentMessenger build(AgentMessenger.Builder builder) {
    return fixture.closeLater(builder.build());
  }

  @Override
  public void close() {
    fixture.close();
  }
}
