package org.anp.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.RefusalLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, attacks 2 and 4: large frames for offline DIDs, and one sender flooding an offline
 * DID. Before the fix the queue was bounded only in frames (1,000 per DID), so memory grew with
 * the frames' size, and one sender took a recipient's whole queue.
 */
class QueueFloodTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final TestDirectory directory = new TestDirectory();
  @RegisterExtension final RelayHarness relays = new RelayHarness(directory, b -> b.rateLimit(10_000, 10_000));

  /** Sends {@code count} frames of {@code size} ciphertext bytes; returns the codes in order. */
  private static List<Integer> send(WsClient c, TestDirectory.Agent from, TestDirectory.Agent to, int count, int size) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "f" + Long.toHexString(RANDOM.nextLong());
      ids.add(id);
      c.send(WsClient.message(id, from.did(), to.did(), size).toString());
    }
    return ids.stream().map(c::awaitCode).toList();
  }

  @Test
  void largeFramesForOfflineDidsAreRefusedBeyondTheByteBoundWhileOthersExchange() {
    MetricsRegistry metrics = MetricsRegistry.create();
    // 100,000 ciphertext bytes make frames of about 134 KB; 4 fit in 600 KB, 7 in 1 MB.
    RelayServer relay = relays.relay(b -> b.queueBytes(600_000, 1_000_000).queueSenderShare(100).metrics(metrics));
    TestDirectory.Agent mallory = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent offline1 = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent offline2 = directory.wba(Optional.of(relay.uri()));
    WsClient m = relays.client(relay);
    m.register(mallory);
    List<Integer> first = send(m, mallory, offline1, 20, 100_000);
    List<Integer> second = send(m, mallory, offline2, 20, 100_000);
    long queued = first.stream().filter(c -> c == 202).count() + second.stream().filter(c -> c == 202).count();
    System.out.println("large frames: " + queued + " of 40 queued, " + relay.queuedFrames() + " frames held");
    assertThat(first).containsOnly(202, 503);
    assertThat(second).containsOnly(202, 503);
    assertThat(first.stream().filter(c -> c == 202).count()).isEqualTo(4);
    assertThat(second.stream().filter(c -> c == 202).count()).isEqualTo(3);
    assertThat(gauge(metrics, "anp_relay_queued_bytes")).isLessThanOrEqualTo(1_000_000);
    assertThat(refusals(metrics, "relay_queue_full")).isEqualTo(33);
    relays.assertExchange(relay, directory.wba(Optional.of(relay.uri())), directory.wba(Optional.of(relay.uri())));
  }

  @Test
  void oneSenderFloodingAnOfflineDidLeavesRoomForAnother() {
    RelayServer relay = relays.relay(b -> b.queueLength(10));
    TestDirectory.Agent mallory = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent dave = directory.wba(Optional.of(relay.uri()));
    WsClient m = relays.client(relay);
    m.register(mallory);
    List<Integer> flood = send(m, mallory, dave, 20, 16);
    System.out.println("fairness: flooder got " + flood.stream().filter(c -> c == 202).count() + " of 20 queued");
    assertThat(flood.stream().filter(c -> c == 202).count()).isEqualTo(5);
    WsClient b = relays.client(relay);
    b.register(bob);
    assertThat(send(b, bob, dave, 1, 16)).containsExactly(202);
    // Dave comes back and gets both senders' frames.
    WsClient d = relays.client(relay);
    d.register(dave);
    JsonNode fromBob = d.await(n -> bob.did().equals(n.path("sourceDid").asText()));
    assertThat(fromBob.path("type").asText()).isEqualTo("message");
  }

  private static long gauge(MetricsRegistry metrics, String name) {
    return metrics.snapshot().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().value();
  }

  private static long refusals(MetricsRegistry metrics, String limit) {
    return metrics.snapshot().stream()
        .filter(s -> s.name().equals(RefusalLog.COUNTER) && limit.equals(s.labels().get("limit")))
        .mapToLong(MetricsRegistry.Sample::value).sum();
  }
}
