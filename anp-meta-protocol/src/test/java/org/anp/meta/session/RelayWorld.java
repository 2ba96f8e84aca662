package org.anp.meta.session;

import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.testing.LoopbackRelayFixture;

/**
 * A real relay on a loopback port that knows the did:all documents of the agents made here, and
 * the agents, closed together (a {@link LoopbackRelayFixture} with meta-protocol agents).
 */
final class RelayWorld implements AutoCloseable {
  private final LoopbackRelayFixture fixture = LoopbackRelayFixture.start();

  /** A did:all identity the relay can resolve. */
  LocalIdentity identity() {
    return fixture.identity();
  }

  /** A messenger builder for {@code identity} on this relay. */
  AgentMessenger.Builder messenger(LocalIdentity identity) {
    return fixture.messenger(identity);
  }

  /**
   * Builds {@code builder} with {@code recorder} as its listener, lets the recorder count the
   * messenger's frames, and starts it; it is closed with the world.
   */
  MetaProtocolAgent start(MetaProtocolAgent.Builder builder, Recorder recorder) {
    MetaProtocolAgent agent = fixture.closeLater(builder.listener(recorder).build());
    recorder.countFrames(agent.messenger());
    agent.start().join();
    return agent;
  }

  @Override
  public void close() {
    fixture.close();
  }
}
