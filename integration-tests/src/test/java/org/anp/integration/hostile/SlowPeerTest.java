package org.anp.integration.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.anp.identity.did.Did;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.relay.HeartbeatFrame;
import org.anp.transport.relay.RelayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that send one byte per second (slowloris), on the upgrade request and in the middle of a
 * frame: the relay's read timeout (2 s here) cuts them off, while agents on the same relay keep
 * exchanging messages; a peer that is slow but finishes within the timeout, or that idles
 * between whole frames, is served.
 */
class SlowPeerTest {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HostileWorld world = new HostileWorld();
  private final ExecutorService trickler = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() {
    trickler.shutdownNow();
    world.close();
  }

  private RelayServer relay() {
    return world.relay(b -> b.readTimeout(READ_TIMEOUT));
  }

  /** Alice's message reaches Bob's application: the relay still serves well-behaved agents. */
  private static void othersAreServed(HostileWorld.Agent alice, HostileWorld.Agent bob) throws InterruptedException {
    String text = "still served at " + Instant.now();
    assertThat(alice.messenger().send(Did.parse(bob.did()), text.getBytes(StandardCharsets.UTF_8))
        .orTimeout(15, TimeUnit.SECONDS).join().status()).isEqualTo(DeliveryStatus.DELIVERED);
    ReceivedMessage m = bob.inbox().poll(15, TimeUnit.SECONDS);
    assertThat(m).isNotNull();
    assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void upgradeRequestAtOneBytePerSecondIsCutOff() throws Exception {
    RelayServer relay = relay();
    HostileWorld.Agent alice = world.agent(relay.uri());
    HostileWorld.Agent bob = world.agent(relay.uri());
    RawWebSocket slow = world.closeLater(RawWebSocket.connect(relay.uri()));
    byte[] request = slow.upgradeRequest();
    long start = System.nanoTime();
    Future<Integer> written = trickler.submit(() -> slow.trickle(request, ONE_SECOND));

    othersAreServed(alice, bob);
    assertThat(slow.awaitClosed(Duration.ofSeconds(30))).as("cut off").isTrue();
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    trickler.shutdownNow();

    // not before the timeout; the upper bound is loose (a loaded machine), and how little was
    // written shows the cut came long before the trickle's end
    assertThat(elapsedMillis).isBetween(READ_TIMEOUT.toMillis() - 100, READ_TIMEOUT.toMillis() + 20_000);
    assertThat(written.get(5, TimeUnit.SECONDS)).isLessThan(request.length / 2);
    othersAreServed(bob, alice);
  }

  @Test
  void frameAtOneBytePerSecondAfterTheUpgradeIsCutOff() throws Exception {
    RelayServer relay = relay();
    HostileWorld.Agent alice = world.agent(relay.uri());
    HostileWorld.Agent bob = world.agent(relay.uri());
    RawWebSocket slow = world.closeLater(RawWebSocket.connect(relay.uri()));
    assertThat(slow.upgrade()).startsWith("HTTP/1.1 101");
    byte[] frame = RawWebSocket.textFrame(HeartbeatFrame.ping(Instant.now(), "slow").toJsonBytes());
    long start = System.nanoTime();
    Future<Integer> written = trickler.submit(() -> slow.trickle(frame, ONE_SECOND));

    othersAreServed(alice, bob);
    assertThat(slow.awaitClosed(Duration.ofSeconds(30))).as("cut off").isTrue();
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    trickler.shutdownNow();

    // not before the timeout; the upper bound is loose (a loaded machine), and how little was
    // written shows the cut came long before the trickle's end
    assertThat(elapsedMillis).isBetween(READ_TIMEOUT.toMillis() - 100, READ_TIMEOUT.toMillis() + 20_000);
    assertThat(written.get(5, TimeUnit.SECONDS)).isLessThan(frame.length / 2);
    othersAreServed(bob, alice);
  }

  @Test
  void slowPiecesWithinTheTimeoutAndIdleGapsBetweenFramesAreServed() throws Exception {
    RelayServer relay = relay();
    RawWebSocket peer = world.closeLater(RawWebSocket.connect(relay.uri()));
    byte[] request = peer.upgradeRequest();
    int half = request.length / 2;
    // The pauses are the behaviour under test (a peer that is slow but within the timeout); they
    // are kept short against the 2 s timeout so that a loaded machine has 1.2 s of slack.
    peer.write(Arrays.copyOfRange(request, 0, half));
    Thread.sleep(400);
    peer.write(Arrays.copyOfRange(request, half, request.length - 1));
    Thread.sleep(400);
    peer.write(Arrays.copyOfRange(request, request.length - 1, request.length));
    byte[] ping = RawWebSocket.textFrame(HeartbeatFrame.ping(Instant.now(), "p1").toJsonBytes());

    assertThat(peer.upgradeHead()).startsWith("HTTP/1.1 101"); // 0.8 s in all, under the 2 s timeout
    sendInThreePieces(peer, ping, 400); // 0.8 s in all, under the 2 s timeout
    assertThat(pongId(peer)).isEqualTo("p1");
    // Idling longer than the read timeout between whole frames is the behaviour under test: it
    // is not slow reading (a slower machine only idles longer, which tests the same).
    Thread.sleep(READ_TIMEOUT.toMillis() + 500);
    sendInThreePieces(peer, RawWebSocket.textFrame(HeartbeatFrame.ping(Instant.now(), "p2").toJsonBytes()), 100);
    assertThat(pongId(peer)).isEqualTo("p2");
  }

  /** Writes {@code frame} in three pieces with a deliberate pause between them (slow but on time). */
  private static void sendInThreePieces(RawWebSocket peer, byte[] frame, long gapMillis) throws Exception {
    int third = frame.length / 3;
    peer.write(Arrays.copyOfRange(frame, 0, third));
    Thread.sleep(gapMillis);
    peer.write(Arrays.copyOfRange(frame, third, 2 * third));
    Thread.sleep(gapMillis);
    peer.write(Arrays.copyOfRange(frame, 2 * third, frame.length));
  }

  private static String pongId(RawWebSocket peer) throws Exception {
    String text = peer.readText(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("closed"));
    JsonNode pong = JSON.readTree(text);
    assertThat(pong.path("type").asText()).isEqualTo("heartbeat");
    assertThat(pong.path("message").asText()).isEqualTo("pong");
    return pong.path("messageId").asText();
  }
}
