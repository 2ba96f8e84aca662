package org.anp.integration.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.transport.cluster.RelayCluster;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.relay.RelayServer;
import org.anp.transport.testing.NatsServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak of {@link RelaySoakTest} across a relay cluster (issue 16), excluded from the default
 * test run (tag {@code soak}): three relay nodes on one real NATS JetStream server, 100 agents
 * spread over them (each behind a {@link ChaosProxy} of its node that drops a random connection
 * every 20 ms) each send 1,000 messages to random peers, while node 1 is closed and started
 * again on its port twice, and the NATS server is killed and restarted once. Counts as {@link
 * SoakAccounting} does; sends refused while NATS is away (503) count as failed, never as lost.
 * Run with {@code mvn -pl integration-tests -am test -Dgroups=soak -DexcludedGroups=
 * -Dtest=RelayClusterSoakTest -Dsurefire.failIfNoSpecifiedTests=false -Dsoak.forkTimeout=2400};
 * {@code -Dsoak.clients} and {@code -Dsoak.messages} change the size.
 */
@Tag("soak")
class RelayClusterSoakTest {
  private static final int CLIENTS = Integer.getInteger("soak.clients", 100);
  private static final int MESSAGES = Integer.getInteger("soak.messages", 1000);
  private static final int IN_FLIGHT = 16;
  private static final int NODES = 3;
  private final HostileWorld world = new HostileWorld();
  private final List<RelayServer> nodes = new CopyOnWriteArrayList<>();
  private NatsServerFixture nats;

  @AfterEach
  void tearDown() {
    world.close();
    nodes.forEach(RelayServer::close);
    if (nats != null) {
      nats.close();
    }
  }

  private RelayServer startNode(int port, URI first) {
    // Every agent reaches the nodes from 127.0.0.1 and reconnects after each of the chaos drops:
    // the registration quotas per address and per DID (meant against one abusive host) would
    // refuse the soak's own agents near the end (seen: 10,876 registrations refused with 403).
    RelayServer.Builder b = RelayServer.builder().resolver(world.resolver).port(port).rateLimit(100_000, 100_000)
        .registrationQuota(100_000, 1_000_000)
        .cluster(RelayCluster.nats(nats.url(), "soak"));
    if (first != null) {
      b.publicEndpoint(first);
    }
    RelayServer node = b.build();
    node.start().join();
    nodes.add(node);
    return node;
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void nodeAndNatsRestartsLoseAndDuplicateNothingAcknowledged() throws Exception {
    nats = NatsServerFixture.start();
    List<RelayServer> current = new CopyOnWriteArrayList<>();
    current.add(startNode(0, null));
    URI first = current.get(0).uri();
    for (int i = 1; i < NODES; i++) {
      current.add(startNode(0, first));
    }
    List<ChaosProxy> proxies = new ArrayList<>();
    for (RelayServer n : current) {
      proxies.add(world.closeLater(new ChaosProxy(n.uri())));
    }
    SoakAccounting soak = new SoakAccounting();
    List<AgentMessenger> messengers = new ArrayList<>();
    List<String> dids = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      LocalIdentity id = LocalIdentity.from(world.identity(first));
      AgentMessenger m = world.soakMessenger(id, proxies.get(i % NODES).uri());
      soak.watch(m);
      messengers.add(m);
      dids.add(id.did().toString());
    }
    CompletableFuture.allOf(messengers.stream().map(AgentMessenger::start).toArray(CompletableFuture[]::new))
        .get(120, TimeUnit.SECONDS);

    int total = CLIENTS * MESSAGES;
    List<String> outages = new CopyOnWriteArrayList<>();
    Thread faults = new Thread(() -> {
      try {
        for (double at : new double[] {0.15, 0.40}) {
          awaitProgress(soak, total, at);
          int port = current.get(1).uri().getPort();
          long t0 = System.nanoTime();
          current.get(1).close();
          // The node stays down until its agents count as offline and their senders' frames wait in
          // the stream (50 more sends answered QUEUED), or at most 30 s.
          awaitUpTo(soak.queuedMore(50), 30);
          current.set(1, startNode(port, first));
          outages.add(String.format("node 1 down %.1f s at %.0f%%", (System.nanoTime() - t0) / 1e9, at * 100));
        }
        awaitProgress(soak, total, 0.65);
        long t0 = System.nanoTime();
        nats.kill();
        // NATS stays down until senders hear the loss (50 more sends failed, 503), or at most 30 s.
        awaitUpTo(soak.failedMore(50), 30);
        nats.restart();
        outages.add(String.format("NATS down %.1f s at 65%%", (System.nanoTime() - t0) / 1e9));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "soak-faults");
    faults.start();

    Random chaosRandom = new Random(16);
    double seconds = soak.run(messengers, dids, MESSAGES, IN_FLIGHT,
        () -> proxies.get(chaosRandom.nextInt(NODES)).dropRandom(chaosRandom));
    faults.join(TimeUnit.MINUTES.toMillis(2));
    soak.awaitSettled(180);
    SoakAccounting.Summary r = soak.summary();
    int drops = proxies.stream().mapToInt(ChaosProxy::drops).sum();
    System.out.printf("cluster soak: %d nodes, %d clients x %d messages in %.1f s (%.0f sends/s), %d connection drops, "
            + "%s; sent %d, acknowledged %d (%d of them after QUEUED), failed %d %s, without a final status %d; "
            + "delivered to applications %d, duplicated %d, lost among acknowledged %d%n",
        NODES, CLIENTS, MESSAGES, seconds, total / seconds, drops, outages, r.sent(), r.acknowledged(),
        r.acknowledgedAfterQueued(), r.failed(), r.failures(), r.unsettled(), r.delivered(), r.duplicated(), r.lost());

    assertThat(outages).as("node and NATS outages").hasSize(3);
    assertThat(drops).as("connections dropped").isPositive();
    assertThat(r.unsettled()).as("sends without a final status").isZero();
    assertThat(r.acknowledged() + r.failed()).isEqualTo(total);
    assertThat(r.duplicated()).as("duplicated to the application").isZero();
    assertThat(r.lost()).as("lost among acknowledged").isZero();
  }

  /** Waits for {@code milestone}, at most {@code seconds}; an outage that lasts the bound is still an outage. */
  private static void awaitUpTo(CompletableFuture<Void> milestone, int seconds) throws InterruptedException {
    try {
      milestone.get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // the outage simply lasted the bound
    } catch (ExecutionException e) {
      throw new IllegalStateException("never completed exceptionally", e);
    }
  }

  private static void awaitProgress(SoakAccounting soak, int total, double fraction) throws InterruptedException {
    try {
      soak.answered((int) Math.ceil(total * fraction)).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("never completed exceptionally", e);
    }
  }
}
