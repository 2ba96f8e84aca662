package org.anp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import org.anp.identity.codec.Hex;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.HandshakeConfig;
import org.anp.transport.e2e.HandshakeEngine;
import org.anp.transport.e2e.HandshakeState;
import org.anp.transport.e2e.SecureSession;
import org.anp.transport.e2e.SessionSecrets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Runs the handshake benchmark bodies once and checks they did the whole job: both sides hold a
 * session with the same key in opposite directions, and the baseline derives exactly the keys the
 * engine derives. Does not run JMH.
 */
class E2eHandshakeBenchmarkTest {
  private final E2eHandshakeBenchmark benchmark = new E2eHandshakeBenchmark();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"did:all", "did:wba"})
  void cachedHandshakeEstablishesMatchingSessions(String didMethod) {
    E2eHandshakeBenchmark.CachedParties state = new E2eHandshakeBenchmark.CachedParties();
    state.didMethod = didMethod;
    state.setUp();

    assertWorkingPair(benchmark.anpHandshake(state));
    // A second handshake with the same state works too (fresh randoms, no replay refusal).
    assertWorkingPair(benchmark.anpHandshake(state));
  }

  @Test
  void firstContactHandshakeEstablishesMatchingSessions() {
    E2eHandshakeBenchmark.FirstContactParties state = new E2eHandshakeBenchmark.FirstContactParties();
    state.setUp();

    E2eHandshakeBenchmark.Sessions sessions = benchmark.anpHandshakeFirstContact(state);

    assertWorkingPair(sessions);
    assertThat(sessions.initiator().remoteDid()).startsWith("did:wba:bob.bench.test");
  }

  @Test
  void handshakeFailsWhenThePeerIsUnknown() {
    E2eHandshakeBenchmark.Parties known = E2eHandshakeBenchmark.Parties.didWba(false);
    E2eHandshakeBenchmark.Parties strangers = E2eHandshakeBenchmark.Parties.didWba(false);
    HandshakeEngine initiator = HandshakeEngine.initiator(strangers.alice, known.bobDid);
    HandshakeEngine responder = HandshakeEngine.responder(known.bob);
    E2eMessage hello = E2eHandshakeBenchmark.transfer(initiator.start().outbound().get(0));

    // Bob's binding only knows the documents of its own pair, so the stranger is refused.
    assertThatThrownBy(() -> responder.receive(hello))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.code()).isEqualTo(TransportError.DID_NOT_FOUND));
    assertThat(responder.state()).isEqualTo(HandshakeState.FAILED);
  }

  @Test
  void barePrimitivesDeriveTheEnginesKeys() throws GeneralSecurityException {
    E2eHandshakeBenchmark.Parties parties = E2eHandshakeBenchmark.Parties.didAll();
    PrivateKeyMaterial aliceEphemeral = PrivateKeyMaterial.generate(KeyType.SECP256R1, new java.security.SecureRandom());
    PrivateKeyMaterial bobEphemeral = PrivateKeyMaterial.generate(KeyType.SECP256R1, new java.security.SecureRandom());
    String aliceRandom = "a1".repeat(32);
    String bobRandom = "b2".repeat(32);
    HandshakeConfig alice = fixed(parties.alice, aliceEphemeral, aliceRandom);
    HandshakeConfig bob = fixed(parties.bob, bobEphemeral, bobRandom);

    E2eHandshakeBenchmark.Sessions sessions =
        E2eHandshakeBenchmark.handshake(new E2eHandshakeBenchmark.Parties(alice, bob, parties.bobDid));
    byte[] expected =
        E2eHandshakeBenchmark.keySchedule(aliceEphemeral.agree(bobEphemeral.publicKey()), aliceRandom, bobRandom);

    SessionSecrets secrets = sessions.initiator().exportSecretsInsecure();
    assertThat(Hex.encode(expected))
        .isEqualTo(
            Hex.encode(secrets.sendKeyInsecure())
                + Hex.encode(secrets.receiveKeyInsecure())
                + secrets.secretKeyId());
  }

  @Test
  void barePrimitivesDoTheWorkOnBothSides() throws GeneralSecurityException {
    E2eHandshakeBenchmark.Primitives primitives = new E2eHandshakeBenchmark.Primitives();
    primitives.setUp();

    byte[][] keys = benchmark.barePrimitives(primitives);

    // Both sides computed the same schedule from their own ECDH result.
    assertThat(keys[0]).hasSize(40).isEqualTo(keys[1]);
    // Fresh ephemeral keys each time, so the keys differ between runs.
    assertThat(benchmark.barePrimitives(primitives)[0]).isNotEqualTo(keys[0]);
    byte[][] withFreshKeys = benchmark.barePrimitivesFreshHelloKeys(primitives);
    assertThat(withFreshKeys[0]).hasSize(40).isEqualTo(withFreshKeys[1]).isNotEqualTo(keys[0]);
    assertThat(primitives.aliceHello.length).isGreaterThan(500);
    assertThat(new String(primitives.aliceHello, StandardCharsets.UTF_8)).contains("\"sourceHello\"");
  }

  private static HandshakeConfig fixed(HandshakeConfig config, PrivateKeyMaterial ephemeral, String random) {
    return config.toBuilder()
        .insecureFixedValues(new HandshakeConfig.FixedHandshakeValues(ephemeral, random, "0123456789abcdef"))
        .build();
  }

  private static void assertWorkingPair(E2eHandshakeBenchmark.Sessions sessions) {
    SecureSession initiator = sessions.initiator();
    SecureSession responder = sessions.responder();
    assertThat(initiator.secretKeyId()).isEqualTo(responder.secretKeyId());
    assertThat(initiator.remoteDid()).isEqualTo(responder.localDid());
    assertThat(initiator.expiresAt()).isAfter(Instant.now());
    SessionSecrets a = initiator.exportSecretsInsecure();
    SessionSecrets b = responder.exportSecretsInsecure();
    assertThat(a.sendKeyInsecure()).isEqualTo(b.receiveKeyInsecure());
    assertThat(a.receiveKeyInsecure()).isEqualTo(b.sendKeyInsecure());
    assertThat(a.sendKeyInsecure()).isNotEqualTo(a.receiveKeyInsecure());
    byte[] payload = "ping".getBytes(StandardCharsets.UTF_8);
    assertThat(responder.decrypt(initiator.encrypt(payload))).isEqualTo(payload);
    assertThat(initiator.decrypt(responder.encrypt(payload))).isEqualTo(payload);
  }
}
