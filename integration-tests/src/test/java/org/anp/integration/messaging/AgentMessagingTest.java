package org.anp.integration.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.messenger.SendResult;
import org.anp.transport.relay.RelayEventListener;
import org.anp.transport.relay.RelayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Agents talking through real relays: both ways, offline peers, a relay restart, federation. */
class AgentMessagingTest {
  private final MessagingWorld world = new MessagingWorld();

  @AfterEach
  void tearDown() {
    world.close();
  }

  @Test
  void twoAgentsExchangeMessagesBothWaysAndNoPlaintextPassesTheRelay() throws Exception {
    RelayServer relay = world.relay(b -> { });
    MessagingWorld.Agent alice = world.started(world.wbaIdentity(relay.uri()), relay.uri());
    MessagingWorld.Agent bob = world.started(world.wbaIdentity(relay.uri()), relay.uri());

    List<String> texts = List.of("plaintext-alpha to bob", "plaintext-beta to bob");
    for (String t : texts) {
      assertThat(alice.send(bob, t).status()).isEqualTo(DeliveryStatus.DELIVERED);
    }
    assertThat(bob.send(alice, "plaintext-gamma to alice").status()).isEqualTo(DeliveryStatus.DELIVERED);

    assertThat(bob.nextText()).isEqualTo("plaintext-alpha to bob");
    assertThat(bob.next()).satisfies(m -> {
      assertThat(m.senderDid()).hasToString(alice.did());
      assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("plaintext-beta to bob");
    });
    assertThat(alice.next().senderDid()).hasToString(bob.did());
    assertThat(world.tapped).anyMatch(f -> f.contains("\"type\":\"sourceHello\""));
    assertThat(world.tapped).anyMatch(f -> f.contains("\"type\":\"message\""));
    assertThat(world.tapped).noneMatch(f -> f.contains("plaintext-"));
  }

  @Test
  void aReceiverOfflineDuringTheSendsGetsEverythingWhenItComesBack() throws Exception {
    RelayServer relay = world.relay(b -> { });
    MessagingWorld.Agent alice = world.started(world.allIdentity(relay.uri()), relay.uri());
    LocalIdentity bobId = world.allIdentity(relay.uri());
    MessagingWorld.Agent bob = world.started(bobId, relay.uri());
    alice.send(bob, "hello while online");
    assertThat(bob.nextText()).isEqualTo("hello while online");
    bob.messenger().close();

    List<SendResult> queued = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      queued.add(alice.send(bob, "offline " + i));
    }
    assertThat(queued).extracting(SendResult::status).containsOnly(DeliveryStatus.QUEUED);

    // A new process for Bob: it has lost its session keys, so the E2E layer renegotiates and
    // resends underneath; Bob's application still sees each message once and in order.
    MessagingWorld.Agent bobAgain = world.started(bobId, relay.uri());
    for (int i = 0; i < 20; i++) {
      assertThat(bobAgain.nextText()).isEqualTo("offline " + i);
    }
    List<String> delivered = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      SendResult update = alice.nextUpdate();
      assertThat(update.status()).isEqualTo(DeliveryStatus.DELIVERED);
      delivered.add(update.messageId());
    }
    assertThat(delivered).containsExactlyInAnyOrderElementsOf(queued.stream().map(SendResult::messageId).toList());
    assertThat(bobAgain.inbox().poll(500, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void firstContactWithAPeerOfflineLongerThanTheHandshakeTimeoutIsDeliveredOnceWhenItComesBack() throws Exception {
    AtomicReference<String> absent = new AtomicReference<>();
    CountDownLatch threeHellos = new CountDownLatch(3);
    RelayServer relay = world.relay(b -> b.listener(new RelayEventListener() {
      @Override
      public void frameReceived(String connectionId, byte[] frame) {
        String text = new String(frame, StandardCharsets.UTF_8);
        if (text.contains("\"type\":\"sourceHello\"") && text.contains("\"destinationDid\":\"" + absent.get() + "\"")) {
          threeHellos.countDown();
        }
      }
    }));
    MessagingWorld.Agent alice = world.agent(world.allIdentity(relay.uri()), relay.uri(),
        b -> b.handshakeTimeout(Duration.ofMillis(300)).queuedResendWindow(Duration.ofSeconds(60)));
    alice.messenger().start().orTimeout(15, TimeUnit.SECONDS).join();
    LocalIdentity bobId = world.allIdentity(relay.uri());
    absent.set(bobId.did().toString());

    SendResult first = alice.send(bobId.did().toString(), "first contact while away");
    SendResult second = alice.send(bobId.did().toString(), "second while away");
    assertThat(List.of(first, second)).extracting(SendResult::status).containsOnly(DeliveryStatus.QUEUED);
    // Away for several handshake timeouts: Alice's hellos time out and are sent again.
    assertThat(threeHellos.await(60, TimeUnit.SECONDS)).as("three sourceHellos sent to the absent Bob").isTrue();
    assertThat(alice.updates()).as("nothing expired while in the window").isEmpty();

    MessagingWorld.Agent bob = world.started(bobId, relay.uri());
    assertThat(bob.next()).satisfies(m -> {
      assertThat(m.senderDid()).hasToString(alice.did());
      assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("first contact while away");
    });
    assertThat(bob.nextText()).isEqualTo("second while away");
    List<SendResult> updates = List.of(alice.nextUpdate(), alice.nextUpdate());
    assertThat(updates).extracting(SendResult::status).containsOnly(DeliveryStatus.DELIVERED);
    assertThat(updates).extracting(SendResult::messageId).containsExactlyInAnyOrder(first.messageId(), second.messageId());
    assertThat(bob.inbox().poll(500, TimeUnit.MILLISECONDS)).as("each message once").isNull();
    assertThat(alice.updates().poll(100, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void firstContactWithAPeerOfflineBeyondTheWindowIsReportedExpired() throws Exception {
    RelayServer relay = world.relay(b -> { });
    MessagingWorld.Agent alice = world.agent(world.allIdentity(relay.uri()), relay.uri(),
        b -> b.handshakeTimeout(Duration.ofMillis(300)).queuedResendWindow(Duration.ofSeconds(2)));
    LocalIdentity bobId = world.allIdentity(relay.uri());

    long start = System.nanoTime();
    SendResult queued = alice.send(bobId.did().toString(), "never read");
    assertThat(queued.status()).isEqualTo(DeliveryStatus.QUEUED);
    SendResult update = alice.nextUpdate();
    assertThat(update).isEqualTo(new SendResult(bobId.did(), queued.messageId(), DeliveryStatus.EXPIRED));
    assertThat(System.nanoTime() - start).as("not before the window").isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(2));

    // Bob comes back after the window: the expired payload is not delivered late.
    MessagingWorld.Agent bob = world.started(bobId, relay.uri());
    assertThat(bob.inbox().poll(1, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aRelayRestartLosesNothingAcknowledgedAndReportsWhatItHeldAsExpired() throws Exception {
    RelayServer first = world.relay(b -> { });
    URI url = first.uri();
    int port = url.getPort();
    MessagingWorld.Agent alice = world.started(world.allIdentity(url), url);
    LocalIdentity bobId = world.allIdentity(url);
    MessagingWorld.Agent bob = world.started(bobId, url);
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      SendResult r = alice.send(bob, "before restart " + i);
      assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
      acknowledged.add("before restart " + i);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(bob.nextText()).isEqualTo(acknowledged.get(i));
    }
    bob.messenger().close();
    List<SendResult> heldAtRestart = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      heldAtRestart.add(alice.send(bob, "held " + i));
    }
    assertThat(heldAtRestart).extracting(SendResult::status).containsOnly(DeliveryStatus.QUEUED);

    first.shutdown(Duration.ofSeconds(5));
    List<SendResult> expired = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expired.add(alice.nextUpdate());
    }
    assertThat(expired).extracting(SendResult::status).containsOnly(DeliveryStatus.EXPIRED);
    assertThat(expired).extracting(SendResult::messageId)
        .containsExactlyInAnyOrderElementsOf(heldAtRestart.stream().map(SendResult::messageId).toList());

    // shutdown closed the listening socket and the relay binds with SO_REUSEADDR: the port is free
    RelayServer second = world.relay(b -> b.port(port));
    MessagingWorld.Agent bobAgain = world.started(bobId, second.uri());
    // Alice reconnects on her own (backoff) and her next sends go through the new relay.
    SendResult after = CompletableFuture.supplyAsync(() -> alice.send(bobAgain, "after restart")).get(20, TimeUnit.SECONDS);
    assertThat(after.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(bobAgain.nextText()).isEqualTo("after restart");
    assertThat(bobAgain.inbox().poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void agentsOnTwoFederatedRelaysTalkBothWays() throws Exception {
    MessagingWorld.RelayIdentity id1 = world.relayIdentity();
    MessagingWorld.RelayIdentity id2 = world.relayIdentity();
    RelayServer r1 = world.relay(b -> b.identity(id1.did(), id1.keyId(), id1.key()).trustRelay(id2.did()));
    RelayServer r2 = world.relay(b -> b.identity(id2.did(), id2.keyId(), id2.key()).trustRelay(id1.did()));
    MessagingWorld.Agent alice = world.started(world.wbaIdentity(r1.uri()), r1.uri());
    MessagingWorld.Agent bob = world.started(world.allIdentity(r2.uri()), r2.uri());

    assertThat(alice.send(bob, "across relays").status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(bob.next()).satisfies(m -> {
      assertThat(m.senderDid()).hasToString(alice.did());
      assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("across relays");
    });
    assertThat(bob.send(alice, "and back").status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(alice.nextText()).isEqualTo("and back");
    assertThat(world.tapped).noneMatch(f -> f.contains("across relays") || f.contains("and back"));
  }
}
