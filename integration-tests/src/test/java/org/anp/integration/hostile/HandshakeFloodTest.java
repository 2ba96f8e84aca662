package org.anp.integration.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.anp.identity.did.Did;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.transport.e2e.HandshakeConfig;
import org.anp.transport.e2e.HandshakeEngine;
import org.anp.transport.e2e.HelloKeyBinding;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.relay.RelayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One DID floods an agent with validly signed sourceHello frames, each opening a new session:
 * the relay's per-connection rate limit answers 429 once the burst is spent, on that connection
 * only; another agent reaches the same victim meanwhile, the victim keeps working, and the flooding
 * connection itself is served again once its bucket refills.
 */
class HandshakeFloodTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RATE = 20;
  private static final int BURST = 20;
  private static final int FLOOD = 300;
  private final HostileWorld world = new HostileWorld();

  @AfterEach
  void tearDown() {
    world.close();
  }

  @Test
  void rateLimitHitsTheFloodingConnectionOnly() throws Exception {
    RelayServer relay = world.relay(b -> b.rateLimit(RATE, BURST));
    HostileWorld.Agent victim = world.agent(relay.uri());
    HostileWorld.Agent carol = world.agent(relay.uri());
    DidAllIdentity attacker = world.identity(relay.uri());
    String attackerDid = attacker.did().toString();
    HandshakeConfig config = HandshakeConfig.builder()
        .identity(Did.parse(attackerDid), attacker.privateKey(), attackerDid + "#keys-1")
        .keyBinding(HelloKeyBinding.standard(did -> Optional.empty())) // an initiator that only starts verifies nothing
        .clock(Clock.systemUTC())
        .random(HostileWorld.RANDOM)
        .build();
    List<byte[]> hellos = new ArrayList<>();
    for (int i = 0; i < FLOOD; i++) {
      hellos.add(RawWebSocket.textFrame(
          HandshakeEngine.initiator(config, victim.did()).start().outbound().get(0).toJsonBytes()));
    }
    RawWebSocket flood = world.closeLater(RawWebSocket.connect(relay.uri()));
    assertThat(flood.upgrade()).startsWith("HTTP/1.1 101");
    flood.write(RawWebSocket.textFrame(HostileWorld.register(attacker)));
    assertThat(JSON.readTree(flood.readText(Duration.ofSeconds(10)).orElseThrow()).path("code").asInt()).isEqualTo(200);

    long start = System.nanoTime();
    for (byte[] hello : hellos) {
      flood.write(hello);
    }
    Map<Integer, Integer> codes = new HashMap<>();
    Map<String, Boolean> answered = new HashMap<>();
    while (answered.size() < FLOOD) {
      JsonNode frame = JSON.readTree(flood.readText(Duration.ofSeconds(10)).orElseThrow());
      if ("response".equals(frame.path("type").asText()) && "sourceHello".equals(frame.path("originalType").asText())) {
        answered.put(frame.path("originalMessageId").asText(), true);
        codes.merge(frame.path("code").asInt(), 1, Integer::sum);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    // The register spent one token; the rest of the burst plus what refilled meanwhile passed.
    assertThat(codes.keySet()).containsOnly(200, 429);
    assertThat(codes.get(200)).isLessThanOrEqualTo(BURST + (int) Math.ceil(RATE * seconds) + 1);
    assertThat(codes.get(429)).isGreaterThanOrEqualTo(FLOOD - BURST - (int) Math.ceil(RATE * seconds) - 1);
    // Others are not affected: Carol reaches the flooded victim, whose application gets the payload.
    assertThat(carol.messenger().send(Did.parse(victim.did()), "hello".getBytes(StandardCharsets.UTF_8))
        .orTimeout(15, TimeUnit.SECONDS).join().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(victim.inbox().poll(15, TimeUnit.SECONDS)).isNotNull()
        .satisfies(m -> assertThat(m.senderDid()).hasToString(carol.did()));
    // The flooding connection is limited, not closed: after a pause its frames pass again. The
    // pause is the behaviour under test (the relay's bucket refills with real time, one token per
    // 1/RATE s); 1 s refills many, and a slower machine only pauses longer.
    Thread.sleep(1000);
    flood.write(RawWebSocket.textFrame(
        HandshakeEngine.initiator(config, victim.did()).start().outbound().get(0).toJsonBytes()));
    Optional<Integer> after = Optional.empty();
    while (after.isEmpty()) {
      JsonNode frame = JSON.readTree(flood.readText(Duration.ofSeconds(10)).orElseThrow());
      if ("response".equals(frame.path("type").asText()) && "sourceHello".equals(frame.path("originalType").asText())) {
        after = Optional.of(frame.path("code").asInt());
      }
    }
    assertThat(after).contains(200);
  }
}
