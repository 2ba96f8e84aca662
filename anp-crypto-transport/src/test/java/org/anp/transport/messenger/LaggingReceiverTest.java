package org.anp.transport.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.internal.messenger.NettyWebSocketTransport;
import org.anp.transport.relay.RelayEventListener;
import org.anp.transport.relay.RelayFrames;
import org.anp.transport.relay.RelayServer;
import org.anp.transport.spi.MessageTransport;
import org.anp.transport.testing.DidAllDirectory;
import org.anp.transport.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The soak's last loss (decision 0065), reproduced on a real loopback relay whose clock is
 * manual: a receiver reconnects while it reads nothing (its loop is far behind), the relay pushes
 * it a message, and the relay's ack timeout passes before the receiver has read even the answer
 * to its registration. A messenger that declared only once it read that answer was taken for a
 * client that never acknowledges, the message was reported delivered, and it was lost when the
 * connection dropped. Declared right behind the register frame, the message waits for the
 * receiver's acknowledgement and is queued again when the connection drops.
 */
class LaggingReceiverTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
  private final ManualClock relayClock = new ManualClock(Instant.now());
  private final DidAllDirectory directory = new DidAllDirectory(RANDOM);
  private final Map<String, AtomicInteger> registrations = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> secondRegistration = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> written = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> queued = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> expired = new ConcurrentHashMap<>();
  private final RelayServer relay = RelayServer.builder().resolver(directory.resolver()).port(0).clock(relayClock)
      .ackTimeout(ACK_TIMEOUT).queueTtl(Duration.ofSeconds(5)).listener(new RelayEventListener() {
        @Override
        public void registered(String connectionId, List<String> routers) {
          for (String r : routers) {
            if (registrations.computeIfAbsent(r, k -> new AtomicInteger()).incrementAndGet() == 2) {
              secondRegistration(r).complete(null);
            }
          }
        }

        @Override
        public void routed(String connectionId, String source, String destination, String messageId, boolean forwarded) {
          event(written, destination).complete(null);
        }

        @Override
        public void queued(String source, String destination, String messageId) {
          event(queued, destination).complete(null);
        }

        @Override
        public void expired(String source, String destination, String messageId) {
          event(expired, destination).complete(null);
        }
      }).build();
  private final URI uri = relay.start().join();
  private AgentMessenger alice;
  private AgentMessenger bob;

  @AfterEach
  void closeAll() {
    if (alice != null) {
      alice.close();
    }
    if (bob != null) {
      bob.close();
    }
    relay.close();
  }

  @Test
  void aReceiverTooFarBehindToReadItsRegistrationAnswerLosesNothingAcknowledged() throws Exception {
    LocalIdentity aliceId = known();
    LocalIdentity bobId = known();
    LocalIdentity carolId = known(); // never connects: her queued frames show when the relay swept
    GatedTransport bobLink = new GatedTransport(new NettyWebSocketTransport(uri, Duration.ofSeconds(5),
        RelayFrames.DEFAULT_MAX_BYTES));
    alice = messenger(aliceId).relay(uri).build();
    bob = messenger(bobId).transport(bobLink).build();
    Map<String, CompletableFuture<ReceivedMessage>> bobGot = new ConcurrentHashMap<>();
    bob.onMessage(m -> bobGot.computeIfAbsent(text(m.payload()), k -> new CompletableFuture<>()).complete(m));
    CompletableFuture.allOf(alice.start(), bob.start()).get(30, TimeUnit.SECONDS);
    assertThat(alice.send(bobId.did(), bytes("m0")).get(30, TimeUnit.SECONDS).status()).isEqualTo(DeliveryStatus.DELIVERED);
    awaitMessage(bobGot, "m0"); // the session exists: m1 needs no handshake

    // Bob's loop falls behind: from now on it reads nothing, and his connection drops.
    bobLink.hold();
    bobLink.dropCurrent();
    // He reconnects and registers (the register frame is his loop's last act), reading nothing.
    secondRegistration(bobId.did().toString()).get(30, TimeUnit.SECONDS);
    written.remove(bobId.did().toString()); // m0 and the handshake were written before
    CompletableFuture<SendResult> m1 = alice.send(bobId.did(), bytes("m1"));
    event(written, bobId.did().toString()).get(30, TimeUnit.SECONDS);
    alice.send(carolId.did(), bytes("to carol, offline")); // her hello waits in the queue for 5 s
    event(queued, carolId.did().toString()).get(30, TimeUnit.SECONDS);

    relayClock.advance(ACK_TIMEOUT.plusSeconds(1));
    // The sweep that expires carol's hello also settles what is overdue on bob's connection.
    event(expired, carolId.did().toString()).get(30, TimeUnit.SECONDS);

    // Bob's connection drops before he read m1; he catches up and reconnects.
    bobLink.release();
    bobLink.dropCurrent();
    ReceivedMessage got = awaitMessage(bobGot, "m1");
    assertThat(got.senderDid()).isEqualTo(aliceId.did());
    // m1 waited for bob's acknowledgement: reported queued when his connection dropped, then delivered.
    assertThat(m1.get(30, TimeUnit.SECONDS).status()).isEqualTo(DeliveryStatus.QUEUED);
  }

  private static ReceivedMessage awaitMessage(Map<String, CompletableFuture<ReceivedMessage>> got, String text)
      throws Exception {
    return got.computeIfAbsent(text, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
  }

  private static CompletableFuture<Void> event(Map<String, CompletableFuture<Void>> events, String did) {
    return events.computeIfAbsent(did, k -> new CompletableFuture<>());
  }

  private CompletableFuture<Void> secondRegistration(String did) {
    return secondRegistration.computeIfAbsent(did, k -> new CompletableFuture<>());
  }

  private AgentMessenger.Builder messenger(LocalIdentity id) {
    return AgentMessenger.builder().identity(id).resolver(directory.resolver()).random(RANDOM)
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).sendTimeout(Duration.ofSeconds(60));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** A did:all identity whose document names this relay as its message service. */
  private LocalIdentity known() {
    return LocalIdentity.from(directory.identity(uri));
  }

  /**
   * A real WebSocket transport whose inbound frames can be held back: while held, frames that
   * arrive are dropped before the messenger sees them, as frames a lagging client had not read
   * when its connection died.
   */
  private static final class GatedTransport implements MessageTransport {
    private final MessageTransport inner;
    private final AtomicReference<Connection> current = new AtomicReference<>();
    private volatile boolean holding;

    GatedTransport(MessageTransport inner) {
      this.inner = inner;
    }

    void hold() {
      holding = true;
    }

    void release() {
      holding = false;
    }

    void dropCurrent() {
      Connection c = current.get();
      if (c != null) {
        c.close();
      }
    }

    @Override
    public CompletableFuture<Connection> connect(Listener listener) {
      return inner.connect(new Listener() {
        @Override
        public void onFrame(byte[] utf8Frame) {
          if (!holding) {
            listener.onFrame(utf8Frame);
          }
        }

        @Override
        public void onClosed(String reason) {
          listener.onClosed(reason);
        }
      }).thenApply(c -> {
        current.set(c);
        return c;
      });
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
