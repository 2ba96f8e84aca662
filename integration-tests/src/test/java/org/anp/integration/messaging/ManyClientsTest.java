package org.anp.integration.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.messenger.SendResult;
import org.anp.transport.relay.RelayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 50 agents on one relay, each sending 200 messages to random peers: every message reaches the
 * application of its recipient exactly once, and the messages of one sender arrive at each
 * recipient in the order sent. Prints throughput and latency (no timing assertions).
 */
class ManyClientsTest {
  private static final int CLIENTS = 50;
  private static final int MESSAGES = 200;
  private final MessagingWorld world = new MessagingWorld();

  @AfterEach
  void tearDown() {
    world.close();
  }

  /** Payload: sender index, sequence number, send time in nanoseconds. */
  private static byte[] payload(int sender, int seq) {
    return ByteBuffer.allocate(16).putInt(sender).putInt(seq).putLong(System.nanoTime()).array();
  }

  @Test
  void everyMessageArrivesOnceAndInOrderPerSender() throws Exception {
    RelayServer relay = world.relay(b -> b.rateLimit(100_000, 100_000));
    List<LocalIdentity> ids = new ArrayList<>();
    Map<String, Integer> indexOf = new HashMap<>();
    for (int i = 0; i < CLIENTS; i++) {
      LocalIdentity id = world.allIdentity(relay.uri());
      ids.add(id);
      indexOf.put(id.did().toString(), i);
    }
    CountDownLatch all = new CountDownLatch(CLIENTS * MESSAGES);
    AtomicInteger arrived = new AtomicInteger();
    CompletableFuture<Void> beyondExpected = new CompletableFuture<>();
    // received[recipient] = list of (sender, seq) in arrival order
    List<ConcurrentLinkedQueue<long[]>> received = new ArrayList<>();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
    List<AgentMessenger> messengers = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      ConcurrentLinkedQueue<long[]> inbox = new ConcurrentLinkedQueue<>();
      received.add(inbox);
      // Generous timeouts: on a loaded two-core build machine the ~2,500 handshakes of the first
      // round trips can take a while (one took over 60 s at load 30); this test is about
      // exactly-once and order, not speed.
      MessagingWorld.Agent agent = world.agent(ids.get(i), relay.uri(),
          b -> b.handshakeTimeout(Duration.ofSeconds(180)).sendTimeout(Duration.ofSeconds(180)));
      agent.messenger().onMessage(m -> {
        ByteBuffer buf = ByteBuffer.wrap(m.payload());
        int sender = buf.getInt();
        int seq = buf.getInt();
        long now = System.nanoTime();
        latencies.add(now - buf.getLong());
        arrivals.add(now);
        assertThat(indexOf.get(m.senderDid().toString())).isEqualTo(sender);
        inbox.add(new long[] {sender, seq});
        all.countDown();
        if (arrived.incrementAndGet() > CLIENTS * MESSAGES) {
          beyondExpected.complete(null);
        }
      });
      messengers.add(agent.messenger());
    }
    CompletableFuture.allOf(messengers.stream().map(AgentMessenger::start).toArray(CompletableFuture[]::new))
        .get(30, TimeUnit.SECONDS);

    Map<String, DeliveryStatus> statuses = new ConcurrentHashMap<>();
    List<CompletableFuture<SendResult>> sends = new ArrayList<>();
    Random random = new Random(7);
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    for (int seq = 0; seq < MESSAGES; seq++) {
      for (int sender = 0; sender < CLIENTS; sender++) {
        int to = random.nextInt(CLIENTS - 1);
        if (to >= sender) {
          to++;
        }
        CompletableFuture<SendResult> f = messengers.get(sender).send(ids.get(to).did(), payload(sender, seq));
        sends.add(f.whenComplete((r, e) -> {
          if (r != null) {
            statuses.put(r.messageId(), r.status());
          }
        }));
      }
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
    assertThat(all.await(60, TimeUnit.SECONDS)).as("all messages received").isTrue();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
    // Anything arriving now would be a duplicate: none may come within a grace period.
    assertThat(beyondExpected).as("a message arrived twice").failsWithin(Duration.ofMillis(300))
        .withThrowableThat().isInstanceOf(TimeoutException.class);

    assertThat(statuses).hasSize(CLIENTS * MESSAGES);
    assertThat(statuses.values()).containsOnly(DeliveryStatus.DELIVERED);
    int total = 0;
    for (ConcurrentLinkedQueue<long[]> inbox : received) {
      Map<Long, Long> lastSeqBySender = new HashMap<>();
      for (long[] m : inbox) {
        Long last = lastSeqBySender.put(m[0], m[1]);
        assertThat(last == null || last < m[1]).as("in order and once: sender %d seq %d after %s", m[0], m[1], last).isTrue();
        total++;
      }
    }
    assertThat(total).isEqualTo(CLIENTS * MESSAGES);

    List<Long> sorted = latencies.stream().sorted().toList();
    long firstArrival = arrivals.stream().mapToLong(Long::longValue).min().orElseThrow();
    // CPU time of this JVM (relay and all clients) says what the run costs however busy the
    // machine is: wall-clock figures on a shared build machine mostly measure the neighbours.
    System.out.printf("many-clients: %d clients x %d messages in %.2f s = %.0f msg/s; latency ms p50 %.1f p90 %.1f p99 %.1f max %.1f;"
            + " first delivery after %.0f ms; CPU %.2f s (%.0f us per message, %d cores)%n",
        CLIENTS, MESSAGES, seconds, CLIENTS * MESSAGES / seconds,
        ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6,
        (firstArrival - start) / 1e6, cpuSeconds, cpuSeconds * 1e6 / (CLIENTS * MESSAGES),
        Runtime.getRuntime().availableProcessors());
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static double ms(List<Long> sorted, double q) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1e6;
  }
}
