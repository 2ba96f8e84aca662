package org.anp.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.cluster.ClusterRig.Agent;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.messenger.SendResult;
import org.anp.transport.relay.RelayServer;
import org.anp.transport.testing.NatsServerFixture;
import org.junit.jupiter.api.Test;

/**
 * Relay nodes of a cluster on a real NATS JetStream server, with real messengers on loopback
 * (issue 16): frames cross nodes end to end encrypted and are delivered once, frames for an
 * offline agent survive the restart of a node and of NATS, and NATS trouble is reported, not
 * hidden.
 */
class RelayClusterTest {
  /** Delivery updates taken while waiting for another send's, by sender DID. */
  private static final Map<String, Map<String, SendResult>> TAKEN = new HashMap<>();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static SendResult result(CompletableFuture<SendResult> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  /**
   * The final status of a send: DELIVERED at once, or QUEUED (the sender's node did not know yet
   * that the receiver had registered on another node) followed by its delivery update.
   */
  private static DeliveryStatus finalStatus(Agent sender, SendResult r) throws InterruptedException {
    if (r.status() != DeliveryStatus.QUEUED) {
      return r.status();
    }
    Map<String, SendResult> taken = TAKEN.computeIfAbsent(sender.did().toString(), k -> new HashMap<>());
    return sender.updateOf(r.messageId(), taken).status();
  }

  @Test
  void messagesBetweenAgentsOnThreeNodesAreDeliveredOnceEndToEndEncrypted() throws Exception {
    deliveredOnceAcrossThreeNodes(false);
  }

  @Test
  void withDirectHandOverMessagesAreDeliveredOnceEndToEndEncrypted() throws Exception {
    deliveredOnceAcrossThreeNodes(true);
  }

  private void deliveredOnceAcrossThreeNodes(boolean direct) throws Exception {
    try (ClusterRig rig = new ClusterRig(3, direct)) {
      List<Agent> agents = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        agents.add(rig.agent(rig.identity(), i % 3));
      }
      int perPair = 10;
      List<CompletableFuture<SendResult>> sends = new ArrayList<>();
      List<Agent> senders = new ArrayList<>();
      Map<String, String> expected = new HashMap<>(); // messageId -> "receiver|payload"
      for (Agent from : agents) {
        for (Agent to : agents) {
          if (from == to) {
            continue;
          }
          for (int n = 0; n < perPair; n++) {
            String payload = "secret " + n + " from " + from.did() + " to " + to.did();
            senders.add(from);
            sends.add(from.messenger().send(to.did(), utf8(payload))
                .thenApply(r -> {
                  synchronized (expected) {
                    expected.put(r.messageId(), to.did() + "|" + payload);
                  }
                  return r;
                }));
          }
        }
      }
      for (int i = 0; i < sends.size(); i++) {
        assertThat(finalStatus(senders.get(i), result(sends.get(i)))).isEqualTo(DeliveryStatus.DELIVERED);
      }
      int total = agents.size() * (agents.size() - 1) * perPair;
      Map<String, Integer> seen = new HashMap<>();
      for (Agent a : agents) {
        for (int n = 0; n < (agents.size() - 1) * perPair; n++) {
          ReceivedMessage m = a.next();
          seen.merge(m.messageId(), 1, Integer::sum);
          assertThat(expected.get(m.messageId()))
              .isEqualTo(a.did() + "|" + new String(m.payload(), StandardCharsets.UTF_8));
        }
      }
      assertThat(seen).hasSize(total).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
      for (Agent a : agents) {
        assertThat(a.inbox().poll(200, TimeUnit.MILLISECONDS)).as("nothing delivered twice").isNull();
      }
      assertThat(rig.frames).isNotEmpty();
      assertThat(rig.nodesSaw("secret ")).as("a node saw plaintext").isFalse();
    }
  }

  @Test
  void framesForAnOfflineAgentSurviveARestartOfItsNodeAndOfNats() throws Exception {
    try (ClusterRig rig = new ClusterRig(2)) {
      Agent alice = rig.agent(rig.identity(), 0);
      Agent bob = rig.agent(rig.identity(), 1);
      assertThat(finalStatus(alice, result(alice.messenger().send(bob.did(), utf8("before")))))
          .isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(new String(bob.next().payload(), StandardCharsets.UTF_8)).isEqualTo("before");

      int bobsPort = rig.uri(1).getPort();
      rig.stopNode(1); // bob is offline; his messenger keeps trying to reconnect
      List<String> queued = new ArrayList<>();
      for (int n = 0; n < 5; n++) {
        SendResult r = result(alice.messenger().send(bob.did(), utf8("while away " + n)));
        assertThat(r.status()).isEqualTo(DeliveryStatus.QUEUED);
        queued.add(r.messageId());
      }
      rig.nats.kill();
      rig.nats.restart();
      rig.startNode(1, bobsPort); // bob's messenger reconnects to the new node and registers

      List<String> got = new ArrayList<>();
      for (int n = 0; n < 5; n++) {
        ReceivedMessage m = bob.next();
        got.add(m.messageId());
        assertThat(new String(m.payload(), StandardCharsets.UTF_8)).startsWith("while away ");
      }
      assertThat(got).containsExactlyInAnyOrderElementsOf(queued);
      List<String> delivered = new ArrayList<>();
      for (int n = 0; n < 5; n++) {
        // Alice's node reaches NATS again only after its client reconnected, or after it replaced a
        // re-established connection on which JetStream no longer answered (seen with jnats 2.25).
        SendResult update = alice.nextUpdate();
        assertThat(update.status()).isEqualTo(DeliveryStatus.DELIVERED);
        delivered.add(update.messageId());
      }
      assertThat(delivered).containsExactlyInAnyOrderElementsOf(queued);
      assertThat(bob.inbox().poll(200, TimeUnit.MILLISECONDS)).as("nothing delivered twice").isNull();
    }
  }

  @Test
  void aNodeWhoseNatsIsUnreachableFailsToStartWithAClearError() {
    NatsServerFixture nats = NatsServerFixture.start();
    String url = nats.url();
    nats.close(); // nothing listens there any more
    RelayServer node = RelayServer.builder()
        .resolver(did -> CompletableFuture.failedFuture(new IllegalStateException("not used")))
        .port(0)
        .cluster(RelayCluster.nats(url, "down").withConnectTimeout(java.time.Duration.ofSeconds(2)))
        .build();
    try {
      assertThatThrownBy(() -> node.start().join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("unreachable")
          .satisfies(e -> assertThat(((TransportException) e).code()).isEqualTo(TransportError.SERVICE_UNAVAILABLE));
    } finally {
      node.close();
    }
  }

  @Test
  void whileNatsIsAwaySendersHearAFailureAndServiceResumesWhenItReturns() throws Exception {
    try (ClusterRig rig = new ClusterRig(2)) {
      Agent alice = rig.agent(rig.identity(), 0);
      Agent bob = rig.agent(rig.identity(), 1);
      List<String> acknowledged = new ArrayList<>();
      for (int n = 0; n < 5; n++) {
        SendResult r = result(alice.messenger().send(bob.did(), utf8("before " + n)));
        assertThat(finalStatus(alice, r)).isEqualTo(DeliveryStatus.DELIVERED);
        acknowledged.add(r.messageId());
      }
      rig.nats.kill();

      CompletableFuture<SendResult> during = alice.messenger().send(bob.did(), utf8("during"));
      assertThatThrownBy(() -> during.get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("503");

      rig.nats.restart();
      SendResult after = null;
      for (int attempt = 0; attempt < 10 && after == null; attempt++) {
        // Each node writes its heartbeat once its link to NATS works again (after a rejoin, or on
        // a new connection if JetStream did not answer on the re-established one).
        rig.heartbeatsOfAllNodes().get(60, TimeUnit.SECONDS);
        try {
          after = result(alice.messenger().send(bob.did(), utf8("after")));
        } catch (ExecutionException e) {
          // 503 if a link replaced its connection meanwhile; each attempt is answered, none hangs
          assertThat(e.getCause()).isInstanceOf(TransportException.class).hasMessageContaining("503");
        }
      }
      assertThat(after).isNotNull();
      assertThat(finalStatus(alice, after)).isEqualTo(DeliveryStatus.DELIVERED);

      List<String> got = new ArrayList<>();
      ReceivedMessage m;
      while ((m = bob.inbox().poll(2, TimeUnit.SECONDS)) != null) {
        got.add(new String(m.payload(), StandardCharsets.UTF_8) + "|" + m.messageId());
      }
      for (String id : acknowledged) {
        assertThat(got).as("acknowledged before NATS went away").anyMatch(g -> g.endsWith("|" + id));
      }
      assertThat(got).anyMatch(g -> g.startsWith("after|"));
      assertThat(got).doesNotHaveDuplicates();
    }
  }
}
