package org.anp.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.anp.transport.cluster.ClusterRig.Agent;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.messenger.SendResult;
import org.junit.jupiter.api.Test;

/**
 * A frame that expires in the cluster's stream while its recipient never comes back is answered
 * 504 to its sender (decision 0086), once, also after the sender's node restarted: a real NATS
 * server, two relay nodes with a 2 s queue TTL and a 1 s ack timeout (so the sweep acts about
 * 35 s after the send).
 */
class RelayClusterExpiryTest {
  @Test
  void aFrameThatExpiresUnreadIsAnsweredExpiredOnceEvenAfterTheSendersNodeRestarted() throws Exception {
    try (ClusterRig rig = new ClusterRig(2, false,
        b -> b.queueTtl(Duration.ofSeconds(2)).ackTimeout(Duration.ofSeconds(1)))) {
      Agent alice = rig.agent(rig.identity(), 0);
      Agent bob = rig.agent(rig.identity(), 1);
      SendResult before = alice.messenger().send(bob.did(), "before".getBytes(StandardCharsets.UTF_8))
          .get(60, TimeUnit.SECONDS);
      if (before.status() == DeliveryStatus.QUEUED) {
        assertThat(alice.nextUpdate().status()).isEqualTo(DeliveryStatus.DELIVERED);
      } else {
        assertThat(before.status()).isEqualTo(DeliveryStatus.DELIVERED);
      }
      assertThat(bob.next().payload()).isEqualTo("before".getBytes(StandardCharsets.UTF_8));

      rig.stopNode(1); // bob's node goes for good: bob never comes back
      SendResult r = alice.messenger().send(bob.did(), "never read".getBytes(StandardCharsets.UTF_8))
          .get(60, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(DeliveryStatus.QUEUED);

      int port = rig.uri(0).getPort();
      rig.stopNode(0); // the sender's node restarts while the frame waits; alice reconnects to it
      rig.startNode(0, port);

      SendResult update = alice.nextUpdate(120);
      assertThat(update.messageId()).isEqualTo(r.messageId());
      assertThat(update.status()).isEqualTo(DeliveryStatus.EXPIRED);
      // Every node sweeps every 5 s; over two more sweeps nobody answers the frame again.
      assertThat(alice.updates().poll(12, TimeUnit.SECONDS)).as("a second final status").isNull();
      assertThat(bob.inbox()).isEmpty();
      try (Connection c = Nats.connect(rig.nats.url())) {
        assertThatThrownBy(() -> c.jetStreamManagement().getNextMessage("ANP_RELAY_" + rig.name, 1,
            "anp.relay." + rig.name + ".q.*.f"))
            .as("the expired frame left the stream")
            .isInstanceOfSatisfying(JetStreamApiException.class, e -> assertThat(e.getApiErrorCode()).isEqualTo(10037));
      }
    }
  }
}
