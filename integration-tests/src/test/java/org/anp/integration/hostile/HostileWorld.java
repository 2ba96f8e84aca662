package org.anp.integration.hostile;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.relay.RegisterFrame;
import org.anp.transport.relay.RelayServer;
import org.anp.transport.testing.DidAllDirectory;

/**
 * The world of the hostile-peer and soak scenarios: did:all documents in memory behind a real
 * (uncached) {@link DidResolver}, relays on loopback port 0, agents ({@link AgentMessenger}s)
 * whose documents name their relay, and raw identities for peers that misbehave on the wire.
 * Everything is closed by {@link #close()}.
 */
final class HostileWorld implements AutoCloseable {
  static final SecureRandom RANDOM = new SecureRandom();
  private final DidAllDirectory directory = new DidAllDirectory(RANDOM);
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  final DidResolver resolver = directory.resolver();

  /** An agent and the payloads its application received. */
  record Agent(LocalIdentity identity, AgentMessenger messenger, BlockingQueue<ReceivedMessage> inbox) {
    String did() {
      return identity.did().toString();
    }
  }

  /** A did:all identity (its own router) whose document names {@code relay} as messageService. */
  DidAllIdentity identity(URI relay) {
    return directory.identity(relay);
  }

  /** A signed {@code register} frame for {@code id}, as UTF-8 JSON. */
  static byte[] register(DidAllIdentity id) {
    String did = id.did().toString();
    Instant now = Instant.now();
    return RegisterFrame.of(now, "reg" + RANDOM.nextInt(1 << 30),
        List.of(RegisterFrame.signRouter(did, did + "#keys-1", id.privateKey(), now, RANDOM))).toJsonBytes();
  }

  /** A started relay on loopback, configured further by {@code config}. */
  RelayServer relay(Consumer<RelayServer.Builder> config) {
    RelayServer.Builder b = RelayServer.builder().resolver(resolver);
    config.accept(b);
    RelayServer relay = b.build();
    relay.start().join();
    open.add(relay);
    return relay;
  }

  /** A started agent on {@code relay} (default settings, tuned for tests). */
  Agent agent(URI relay) {
    return agent(relay, b -> { });
  }

  Agent agent(URI relay, Consumer<AgentMessenger.Builder> config) {
    LocalIdentity identity = LocalIdentity.from(identity(relay));
    AgentMessenger.Builder b = AgentMessenger.builder().identity(identity).relay(relay).resolver(resolver)
        .random(RANDOM).sendTimeout(Duration.ofSeconds(15))
        .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
    config.accept(b);
    AgentMessenger m = b.build();
    open.add(m);
    BlockingQueue<ReceivedMessage> inbox = new LinkedBlockingQueue<>();
    m.onMessage(inbox::add);
    m.start().orTimeout(15, TimeUnit.SECONDS).join();
    return new Agent(identity, m, inbox);
  }

  /**
   * A soak agent, not started, closed with this world: {@code identity} connects through
   * {@code via} (a proxy that drops connections), with the soak's timeouts and quick reconnects.
   */
  AgentMessenger soakMessenger(LocalIdentity identity, URI via) {
    return closeLater(AgentMessenger.builder().identity(identity).relay(via).resolver(resolver).random(RANDOM)
        .sendTimeout(Duration.ofSeconds(60)).handshakeTimeout(Duration.ofSeconds(30))
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(500))
        .build());
  }

  /** Registers {@code c} for later closing. */
  <T extends AutoCloseable> T closeLater(T c) {
    open.add(c);
    return c;
  }

  @Override
  public void close() {
    List<AutoCloseable> reversed = new ArrayList<>(open);
    Collections.reverse(reversed);
    for (AutoCloseable c : reversed) {
      try {
        c.close();
      } catch (Exception e) {
        // Best effort: one failure must not keep the others open.
      }
    }
  }
}
