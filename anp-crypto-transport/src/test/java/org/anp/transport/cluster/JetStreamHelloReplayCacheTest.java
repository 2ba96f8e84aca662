package org.anp.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.anp.identity.did.Did;
import org.anp.identity.didall.DidAll;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.HandshakeConfig;
import org.anp.transport.e2e.HandshakeEngine;
import org.anp.transport.e2e.HandshakeState;
import org.anp.transport.e2e.HelloKeyBinding;
import org.anp.transport.e2e.HelloReplayCache;
import org.anp.transport.testing.NatsServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one E2E responder (same DID, each with its own NATS connection) share a {@link
 * JetStreamHelloReplayCache}: a sourceHello answered by one is refused as a replay by the other,
 * and a lost NATS server refuses hellos (fails closed) until it returns.
 */
class JetStreamHelloReplayCacheTest {
  private final SecureRandom random = new SecureRandom();
  private final Clock clock = Clock.systemUTC();
  private final List<ClusterConnection> connections = new ArrayList<>();
  private NatsServerFixture nats;
  private Party alice;
  private Party bob;

  @BeforeEach
  void start() {
    nats = NatsServerFixture.start();
    alice = party();
    bob = party();
  }

  @AfterEach
  void stop() {
    connections.forEach(ClusterConnection::close);
    nats.close();
  }

  @Test
  void aHelloAnsweredByOneInstanceIsRefusedAsAReplayByTheOther() {
    HandshakeConfig bobOne = bob.config(cache(connect()));
    HandshakeConfig bobTwo = bob.config(cache(connect()));
    E2eMessage hello = sourceHello();

    HandshakeEngine first = HandshakeEngine.responder(bobOne);
    first.receive(hello);
    HandshakeEngine second = HandshakeEngine.responder(bobTwo);

    assertThat(first.state()).isNotEqualTo(HandshakeState.FAILED);
    assertThatThrownBy(() -> second.receive(hello))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(TransportError.HELLO_REPLAYED));
    assertThat(second.state()).isEqualTo(HandshakeState.FAILED);
    // A fresh hello from the same sender is not a replay.
    HandshakeEngine.responder(bobTwo).receive(sourceHello());
  }

  @Test
  void aHelloAskingToBeKeptBeyondTheRetentionIsRefused() {
    JetStreamHelloReplayCache cache = JetStreamHelloReplayCache.builder().connection(connect())
        .retention(Duration.ofSeconds(40)).clock(clock).build();

    assertThat(cache.firstSeen("k", Instant.now().plusSeconds(30))).isTrue();
    assertThatThrownBy(() -> cache.firstSeen("k2", Instant.now().plusSeconds(60)))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.HELLO_STALE));
  }

  @Test
  void aLostServerRefusesHellosUntilItReturns() throws Exception {
    ClusterConnection connection = connect();
    HandshakeConfig bobConfig = bob.config(cache(connection));
    E2eMessage before = sourceHello();
    HandshakeEngine.responder(bobConfig).receive(before);

    nats.stop();
    E2eMessage during = sourceHello();
    HandshakeEngine refusing = HandshakeEngine.responder(bobConfig);

    assertThatThrownBy(() -> refusing.receive(during))
        .isInstanceOfSatisfying(TransportException.class, e -> {
          assertThat(e.code()).isEqualTo(TransportError.CLUSTER_UNAVAILABLE);
          assertThat(e.code().httpStatus()).isEqualTo(503);
        });

    nats.restart();

    TransportError replay = UntilAvailable.run(connection, n -> {
      try {
        HandshakeEngine.responder(bobConfig).receive(before);
        return null;
      } catch (TransportException e) {
        if (e.code() == TransportError.HELLO_REPLAYED) {
          return e.code();
        }
        throw e;
      }
    });
    assertThat(replay).as("the hello seen before the restart is kept on file").isEqualTo(TransportError.HELLO_REPLAYED);
    HandshakeState answered = UntilAvailable.run(connection, n -> {
      HandshakeEngine fresh = HandshakeEngine.responder(bobConfig);
      fresh.receive(sourceHello());
      return fresh.state();
    });
    assertThat(answered).isNotEqualTo(HandshakeState.FAILED);
  }

  private E2eMessage sourceHello() {
    return HandshakeEngine.initiator(alice.config(HelloReplayCache.inMemory(100, clock)), bob.did()).start().outbound().get(0);
  }

  private JetStreamHelloReplayCache cache(ClusterConnection connection) {
    return JetStreamHelloReplayCache.builder().connection(connection).clock(clock).build();
  }

  private ClusterConnection connect() {
    ClusterConnection connection = ClusterConnection.builder().url(nats.url())
        .reconnectWait(Duration.ofMillis(200)).open();
    connections.add(connection);
    return connection;
  }

  private Party party() {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.SECP256R1, random);
    return new Party(DidAll.fromPublicKey(key.publicKey()).toString(), key);
  }

  private record Party(String did, PrivateKeyMaterial key) {
    HandshakeConfig config(HelloReplayCache cache) {
      return HandshakeConfig.builder()
          .identity(Did.parse(did), key, did + "#keys-1")
          .keyBinding(HelloKeyBinding.standard(d -> Optional.empty()))
          .replayCache(cache)
          .build();
    }
  }
}
