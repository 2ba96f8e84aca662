package org.anp.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.RefusalLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, attack 1: one DID floods {@code register} frames with fresh nonces. Before the fix
 * the relay's one nonce cache filled and every other agent's registration was refused; now the
 * flooder hits its own quota and the others register and exchange messages.
 */
class RegistrationFloodTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final TestDirectory directory = new TestDirectory();
  @RegisterExtension final RelayHarness relays = new RelayHarness(directory, b -> b.rateLimit(10_000, 10_000));

  private static RegisterFrame flood(TestDirectory.Agent agent, int entries) {
    Instant now = Instant.now();
    List<RouterEntry> routers = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      routers.add(RegisterFrame.signRouter(agent.did(), agent.vm(), agent.key(), now, RANDOM));
    }
    return RegisterFrame.of(now, "flood" + RANDOM.nextInt(1_000_000_000), routers);
  }

  /** Sends {@code frames} register frames and returns how many were accepted (200). */
  private static int sendFlood(WsClient c, TestDirectory.Agent agent, int frames, int entries) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      RegisterFrame frame = flood(agent, entries);
      ids.add(frame.messageId());
      c.send(frame);
    }
    int accepted = 0;
    for (String id : ids) {
      if (c.awaitCode(id) == 200) {
        accepted++;
      }
    }
    return accepted;
  }

  @Test
  void oneDidFloodingRegistrationsDoesNotLockOutOthers() {
    MetricsRegistry metrics = MetricsRegistry.create();
    RelayServer relay = relays.relay(b -> b.nonceCacheSize(200).registrationQuota(20, 1000).metrics(metrics));
    TestDirectory.Agent mallory = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent carol = directory.wba(Optional.of(relay.uri()));
    WsClient m = relays.client(relay);
    int accepted = sendFlood(m, mallory, 100, 4);
    System.out.println("flood: " + accepted + " of 100 register frames (4 routers each) accepted");
    assertThat(accepted).isEqualTo(5);
    relays.assertExchange(relay, bob, carol);
    assertThat(refusals(metrics, "relay_register_nonces_per_did")).isEqualTo(95);
  }

  @Test
  void registerWithMoreRoutersThanTheLimitIsRefusedBeforeResolving() {
    MetricsRegistry metrics = MetricsRegistry.create();
    RelayServer relay = relays.relay(b -> b.metrics(metrics));
    TestDirectory.Agent mallory = directory.wba(Optional.of(relay.uri()));
    directory.hang(mallory.did());
    WsClient m = relays.client(relay);
    RegisterFrame frame = flood(mallory, 5);
    m.send(frame);
    JsonNode answer = m.awaitResponse(frame.messageId());
    assertThat(answer.path("code").asInt()).isEqualTo(403);
    assertThat(answer.path("detail").asText()).contains("5 entries, this relay accepts at most 4");
    assertThat(refusals(metrics, "relay_register_routers")).isEqualTo(1);
  }

  @Test
  void whenTheCacheIsFullTheHeaviestDidPaysNotANewcomer() {
    MetricsRegistry metrics = MetricsRegistry.create();
    RelayServer relay = relays.relay(b -> b.nonceCacheSize(50).registrationQuota(20, 1000).metrics(metrics));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent carol = directory.wba(Optional.of(relay.uri()));
    int accepted = 0;
    // Three DIDs of one attacker: 20 + 20 fill 40; the third's 5th frame would pass 50 and it is
    // not the heaviest, so the first flooder is blocked; then the third reaches its own quota.
    for (int i = 0; i < 3; i++) {
      TestDirectory.Agent sybil = directory.wba(Optional.of(relay.uri()));
      accepted += sendFlood(relays.client(relay), sybil, 10, 4);
    }
    assertThat(accepted).isEqualTo(15);
    relays.assertExchange(relay, bob, carol);
    assertThat(metrics.snapshot().stream()
        .filter(s -> s.name().equals("anp_relay_register_blocked_dids")).findFirst().orElseThrow().value())
        .isEqualTo(1);
  }

  private static long refusals(MetricsRegistry metrics, String limit) {
    return metrics.snapshot().stream()
        .filter(s -> s.name().equals(RefusalLog.COUNTER) && limit.equals(s.labels().get("limit")))
        .mapToLong(MetricsRegistry.Sample::value).sum();
  }
}
