package org.anp.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.transport.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Receiver acknowledgements on a real relay (decisions 0006, 0009 and 0011): when the sender
 * hears 200, what one acknowledgement covers, what a refusal settles, and what happens without one.
 */
class RelayAcknowledgementTest {
  private final TestDirectory directory = new TestDirectory();
  @RegisterExtension final RelayHarness relays = new RelayHarness(directory);

  /** Keeps {@code client} for closing and registers {@code agent} on it. */
  private WsClient registered(WsClient client, TestDirectory.Agent agent) {
    relays.keep(client).register(agent);
    return client;
  }

  /** Alice on a near relay, bob (not acknowledging by himself) on a far one; the relays trust each other. */
  private record Federation(TestDirectory.Agent alice, TestDirectory.Agent bob, WsClient a, WsClient b, String farRelayDid) {}

  private Federation federation() {
    TestDirectory.Agent nearId = directory.wba(Optional.empty());
    TestDirectory.Agent farId = directory.wba(Optional.empty());
    RelayServer near = relays.relay(b -> b.identity(nearId.did(), nearId.vm(), nearId.key())
        .trustRelay(farId.did()).ackTimeout(Duration.ofSeconds(30)));
    RelayServer far = relays.relay(b -> b.identity(farId.did(), farId.vm(), farId.key())
        .trustRelay(nearId.did()).ackTimeout(Duration.ofSeconds(30)));
    TestDirectory.Agent alice = directory.wba(Optional.of(near.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(far.uri()));
    return new Federation(alice, bob, registered(WsClient.connect(near.uri()), alice),
        registered(WsClient.connectNotAcknowledging(far.uri()), bob), farId.did());
  }

  private static JsonNode messageNamed(WsClient c, String id) {
    return c.await(n -> "message".equals(n.path("type").asText()) && id.equals(n.path("messageId").asText()));
  }

  private static void send(WsClient c, String id, String from, String to) {
    c.send(WsClient.message(id, from, to, 10).toString());
  }

  /** The receiver's end-to-end refusal (4003) of {@code frame}, as a messenger writes it. */
  private static String refusal(JsonNode frame, String id) {
    return "{\"version\":\"1.0\",\"type\":\"response\",\"timestamp\":\"2026-01-02T03:04:05.678Z\","
        + "\"messageId\":\"" + id + "\",\"sourceDid\":\"" + frame.path("destinationDid").asText() + "\","
        + "\"destinationDid\":\"" + frame.path("sourceDid").asText() + "\",\"originalType\":\"message\","
        + "\"originalMessageId\":\"" + frame.path("messageId").asText() + "\",\"code\":4003,\"detail\":\"key unknown\"}";
  }

  @Test
  void theSenderHears200OnlyAfterTheReceiverAcknowledged() throws Exception {
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(30)));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient b = registered(WsClient.connectNotAcknowledging(relay.uri()), bob);

    send(a, "m1", alice.did(), bob.did());
    JsonNode pushed = messageNamed(b, "m1");
    a.assertSilent(Duration.ofMillis(300));
    // An acknowledgement of a frame never pushed to this connection changes nothing and goes nowhere.
    JsonNode stray = WsClient.message("m-other", alice.did(), bob.did(), 10);
    b.send(WsClient.ack(stray).toString());
    a.assertSilent(Duration.ofMillis(200));
    b.send(WsClient.ack(pushed).toString());

    JsonNode status = a.awaitResponse("m1");
    assertThat(status.path("code").asInt()).isEqualTo(200);
    assertThat(status.path("destinationDid").asText()).isEqualTo(alice.did());
    b.assertSilent(Duration.ofMillis(200));
  }

  @Test
  void anAcknowledgementCoversEveryFramePushedBeforeItToThatConnectionAndNoLaterOne() throws Exception {
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(30)));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent carol = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient c = registered(WsClient.connect(relay.uri()), carol);
    WsClient b = registered(WsClient.connectNotAcknowledging(relay.uri()), bob);
    List<JsonNode> pushed = new ArrayList<>();
    for (String id : List.of("k1", "k2", "k3", "k4")) {
      // Two senders, so the frames reach bob's connection from different event loops.
      send(id.equals("k2") ? c : a, id, id.equals("k2") ? carol.did() : alice.did(), bob.did());
      pushed.add(messageNamed(b, id));
    }

    b.send(WsClient.ack(pushed.get(2)).toString());

    assertThat(a.awaitCode("k1")).isEqualTo(200);
    assertThat(c.awaitCode("k2")).isEqualTo(200);
    assertThat(a.awaitCode("k3")).isEqualTo(200);
    a.assertSilent(Duration.ofMillis(300));
    // Acknowledging an earlier frame again changes nothing; k4 still waits for its own.
    b.send(WsClient.ack(pushed.get(0)).toString());
    a.assertSilent(Duration.ofMillis(200));
    b.send(WsClient.ack(pushed.get(3)).toString());
    assertThat(a.awaitCode("k4")).isEqualTo(200);
  }

  @Test
  void aCopyOfAnUnacknowledgedFrameIsNotWrittenAgainSoAnAcknowledgementNamingItIsUnambiguous() throws Exception {
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(30)));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient b = registered(WsClient.connectNotAcknowledging(relay.uri()), bob);
    send(a, "c1", alice.did(), bob.did());
    JsonNode c1 = messageNamed(b, "c1");
    send(a, "c2", alice.did(), bob.did());
    JsonNode c2 = messageNamed(b, "c2");
    send(a, "c1", alice.did(), bob.did()); // alice resends c1, e.g. after a reconnect

    b.assertSilent(Duration.ofMillis(300)); // bob has c1 coming already
    b.send(WsClient.ack(c1).toString());
    assertThat(a.awaitCode("c1")).isEqualTo(200);
    assertThat(a.awaitCode("c1")).as("the copy is answered with the first").isEqualTo(200);
    a.assertSilent(Duration.ofMillis(300)); // c2, pushed after the first c1, still waits
    b.send(WsClient.ack(c2).toString());
    assertThat(a.awaitCode("c2")).isEqualTo(200);
  }

  @Test
  void aRefusalIsTheFinalStatusOfItsFrameAloneAndNoLaterAcknowledgementCoversIt() throws Exception {
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(30)));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient b = registered(WsClient.connectNotAcknowledging(relay.uri()), bob);
    List<JsonNode> pushed = new ArrayList<>();
    for (String id : List.of("r1", "r2", "r3")) {
      send(a, id, alice.did(), bob.did());
      pushed.add(messageNamed(b, id));
    }

    b.send(refusal(pushed.get(1), "x2"));
    JsonNode refused = a.awaitResponse("r2");
    assertThat(refused.path("code").asInt()).isEqualTo(4003);
    assertThat(refused.path("sourceDid").asText()).as("the receiver's own words").isEqualTo(bob.did());
    a.assertSilent(Duration.ofMillis(300)); // r1, before it, still waits for its acknowledgement
    b.send(WsClient.ack(pushed.get(2)).toString());

    assertThat(a.awaitCode("r1")).isEqualTo(200);
    assertThat(a.awaitCode("r3")).isEqualTo(200);
    a.assertSilent(Duration.ofMillis(300)); // and never a 200 for r2
    b.assertSilent(Duration.ofMillis(100));
  }

  @Test
  void aRefusalOfAFrameNotPushedToThatConnectionIsRoutedAsAnyResponse() throws Exception {
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(30)));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent carol = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient b = registered(WsClient.connectNotAcknowledging(relay.uri()), bob);
    WsClient c = registered(WsClient.connect(relay.uri()), carol);
    send(a, "p1", alice.did(), bob.did());
    JsonNode pushed = messageNamed(b, "p1");

    // Carol refuses bob's frame to alice's name: she was never pushed it, so it settles nothing.
    c.send(refusal(WsClient.message("p1", alice.did(), carol.did(), 10), "x9"));
    assertThat(a.awaitResponse("p1").path("sourceDid").asText()).isEqualTo(carol.did());
    b.send(WsClient.ack(pushed).toString());
    assertThat(a.awaitCode("p1")).as("bob's acknowledgement still settles p1").isEqualTo(200);
  }

  @Test
  void theFarRelayPassesItsReceiversRefusalBackAsTheFinalStatus() throws Exception {
    Federation f = federation();
    TestDirectory.Agent alice = f.alice();
    TestDirectory.Agent bob = f.bob();
    WsClient a = f.a();
    WsClient b = f.b();
    send(a, "g1", alice.did(), bob.did());
    send(a, "g2", alice.did(), bob.did());
    JsonNode g1 = messageNamed(b, "g1");
    JsonNode g2 = messageNamed(b, "g2");

    b.send(refusal(g1, "y1"));
    assertThat(a.awaitCode("g1")).isEqualTo(4003);
    b.send(WsClient.ack(g2).toString());
    assertThat(a.awaitCode("g2")).isEqualTo(200);
    a.assertSilent(Duration.ofMillis(300));
  }

  @Test
  void anEndToEndErrorReachesAReceiverWhoseFramesWaitInTheQueue() throws Exception {
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(30)).maxUnacknowledged(1));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient b = registered(WsClient.connectNotAcknowledging(relay.uri()), bob);
    send(a, "q1", alice.did(), bob.did());
    messageNamed(b, "q1");
    send(a, "q2", alice.did(), bob.did());
    assertThat(a.awaitCode("q2")).as("bob's one unacknowledged slot is taken").isEqualTo(202);

    // Alice cannot decrypt something of bob's: her 4003 must not wait behind q2 (responses are
    // never queued, so it used to be refused with 503 while anything was queued for bob).
    a.send("{\"version\":\"1.0\",\"type\":\"response\",\"timestamp\":\"2026-01-02T03:04:05.678Z\","
        + "\"messageId\":\"e1\",\"sourceDid\":\"" + alice.did() + "\",\"destinationDid\":\"" + bob.did() + "\","
        + "\"originalType\":\"message\",\"originalMessageId\":\"b7\",\"code\":4003,\"detail\":\"key unknown\"}");

    JsonNode error = b.awaitResponse("b7");
    assertThat(error.path("code").asInt()).isEqualTo(4003);
    assertThat(relay.queuedFrames()).isEqualTo(1);
  }

  @Test
  void anEndToEndErrorForASenderThatIsAwayWaitsForItsReturn() throws Exception {
    CompletableFuture<String> firstGone = new CompletableFuture<>();
    RelayEventListener departures = new RelayEventListener() {
      @Override
      public void disconnected(String connectionId) {
        firstGone.complete(connectionId);
      }
    };
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(30)).listener(departures));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient b = registered(WsClient.connect(relay.uri()), bob);
    a.close();
    // alice's is the only connection that closes: once it is gone her routers are unbound
    firstGone.orTimeout(WsClient.WAIT.toSeconds(), TimeUnit.SECONDS).join();
    assertThat(relay.connectionCount()).isEqualTo(1);

    b.send("{\"version\":\"1.0\",\"type\":\"response\",\"timestamp\":\"2026-01-02T03:04:05.678Z\","
        + "\"messageId\":\"e2\",\"sourceDid\":\"" + bob.did() + "\",\"destinationDid\":\"" + alice.did() + "\","
        + "\"originalType\":\"message\",\"originalMessageId\":\"a9\",\"code\":4003,\"detail\":\"key unknown\"}");
    b.sync();
    b.assertSilent(Duration.ofMillis(300)); // responses get no status, not even 202
    assertThat(relay.queuedFrames()).isEqualTo(1);

    WsClient back = registered(WsClient.connect(relay.uri()), alice);
    assertThat(back.awaitResponse("a9").path("code").asInt()).isEqualTo(4003);
    assertThat(relay.queuedFrames()).isZero();
  }

  @Test
  void framesOfAConnectionThatClosesUnacknowledgedAreQueuedAgainAndRedeliveredInOrder() {
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(30)));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient lost = registered(WsClient.connectNotAcknowledging(relay.uri()), bob);
    send(a, "r1", alice.did(), bob.did());
    send(a, "r2", alice.did(), bob.did());
    messageNamed(lost, "r1");
    messageNamed(lost, "r2");

    lost.close();

    assertThat(a.awaitCode("r1")).isEqualTo(202);
    assertThat(a.awaitCode("r2")).isEqualTo(202);
    send(a, "r3", alice.did(), bob.did());
    assertThat(a.awaitCode("r3")).isEqualTo(202);
    assertThat(relay.queuedFrames()).isEqualTo(3);
    WsClient back = registered(WsClient.connect(relay.uri()), bob);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      order.add(back.await(n -> "message".equals(n.path("type").asText())).path("messageId").asText());
    }
    assertThat(order).containsExactly("r1", "r2", "r3");
    for (String m : List.of("r1", "r2", "r3")) {
      assertThat(a.awaitCode(m)).isEqualTo(200);
    }
    assertThat(relay.queuedFrames()).isZero();
  }

  @Test
  void aResendOfAFrameStillQueuedIsKeptOnceAndAnsweredOnTheLatestConnection() throws Exception {
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(30)));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient first = registered(WsClient.connect(relay.uri()), alice);
    send(first, "d1", alice.did(), bob.did());
    assertThat(first.awaitCode("d1")).isEqualTo(202);
    first.close();
    WsClient again = registered(WsClient.connect(relay.uri()), alice);

    send(again, "d1", alice.did(), bob.did());

    assertThat(again.awaitCode("d1")).isEqualTo(202);
    assertThat(relay.queuedFrames()).isEqualTo(1);
    WsClient b = registered(WsClient.connect(relay.uri()), bob);
    messageNamed(b, "d1");
    assertThat(again.awaitCode("d1")).isEqualTo(200);
    b.assertSilent(Duration.ofMillis(300));
    assertThat(relay.queuedFrames()).isZero();
  }

  @Test
  void aReceiverThatNeverAcknowledgesGets200AfterTheTimeoutThenAtOnce() throws Exception {
    ManualClock clock = new ManualClock(Instant.now());
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(10)).clock(clock));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient b = registered(WsClient.connectNotAcknowledging(relay.uri()), bob);

    send(a, "t1", alice.did(), bob.did());
    messageNamed(b, "t1");
    a.assertSilent(Duration.ofMillis(1500)); // the sweep runs every second: t1 waits for the timeout
    clock.advance(Duration.ofSeconds(11));
    assertThat(a.awaitCode("t1")).as("the first frame is reported after the ack timeout").isEqualTo(200);
    // The clock stands still from here: a 200 for t2 cannot come from a timeout.
    send(a, "t2", alice.did(), bob.did());
    assertThat(a.awaitCode("t2")).as("a receiver known not to acknowledge is not waited for").isEqualTo(200);
    messageNamed(b, "t2");
  }

  @Test
  void whenAReceiverIsFirstTakenNotToAcknowledgeOnlyItsOverdueFramesAreReportedDelivered() throws Exception {
    ManualClock clock = new ManualClock(Instant.now());
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(10)).clock(clock));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient b = registered(WsClient.connectNotAcknowledging(relay.uri()), bob);
    send(a, "o1", alice.did(), bob.did());
    messageNamed(b, "o1");
    clock.advance(Duration.ofSeconds(6));
    send(a, "o2", alice.did(), bob.did());
    messageNamed(b, "o2");

    clock.advance(Duration.ofSeconds(5)); // o1 is overdue, o2 is not
    assertThat(a.awaitCode("o1")).isEqualTo(200);
    a.assertSilent(Duration.ofMillis(1500)); // the sweep runs every second; o2 still waits
    clock.advance(Duration.ofSeconds(6));
    assertThat(a.awaitCode("o2")).isEqualTo(200);
  }

  @Test
  void aReceiverThatAcknowledgesIsWaitedForPastTheAckTimeout() throws Exception {
    ManualClock clock = new ManualClock(Instant.now());
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(10)).clock(clock));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient b = registered(WsClient.connectNotAcknowledging(relay.uri()), bob);
    send(a, "w1", alice.did(), bob.did());
    b.send(WsClient.ack(messageNamed(b, "w1")).toString());
    assertThat(a.awaitCode("w1")).isEqualTo(200);
    send(a, "w2", alice.did(), bob.did());
    JsonNode w2 = messageNamed(b, "w2");

    clock.advance(Duration.ofSeconds(30));
    a.assertSilent(Duration.ofMillis(1500)); // the sweep runs every second: no 200 it cannot vouch for
    b.send(WsClient.ack(w2).toString());
    assertThat(a.awaitCode("w2")).isEqualTo(200);
  }

  @Test
  void aReceiverTakenNotToAcknowledgeIsWaitedForAgainOnceItDoes() throws Exception {
    ManualClock clock = new ManualClock(Instant.now());
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(10)).clock(clock));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient b = registered(WsClient.connectNotAcknowledging(relay.uri()), bob);
    send(a, "l1", alice.did(), bob.did());
    JsonNode l1 = messageNamed(b, "l1");
    clock.advance(Duration.ofSeconds(11));
    assertThat(a.awaitCode("l1")).isEqualTo(200);

    b.send(WsClient.ack(l1).toString()); // late, but it shows bob does acknowledge
    b.sync(); // the relay has read the acknowledgement before l2 comes
    send(a, "l2", alice.did(), bob.did());
    JsonNode l2 = messageNamed(b, "l2");
    a.assertSilent(Duration.ofMillis(300)); // no longer 200 on the write
    b.send(WsClient.ack(l2).toString());
    assertThat(a.awaitCode("l2")).isEqualTo(200);
  }

  @Test
  void overTheBoundOfUnacknowledgedFramesTheRestWaitInTheQueue() {
    RelayServer relay = relays.relay(b -> b.ackTimeout(Duration.ofSeconds(30)).maxUnacknowledged(2));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = registered(WsClient.connect(relay.uri()), alice);
    WsClient b = registered(WsClient.connectNotAcknowledging(relay.uri()), bob);
    send(a, "u1", alice.did(), bob.did());
    send(a, "u2", alice.did(), bob.did());
    JsonNode u1 = messageNamed(b, "u1");
    JsonNode u2 = messageNamed(b, "u2");

    send(a, "u3", alice.did(), bob.did());

    assertThat(a.awaitCode("u3")).isEqualTo(202);
    b.send(WsClient.ack(u1).toString());
    assertThat(a.awaitCode("u1")).isEqualTo(200);
    JsonNode u3 = messageNamed(b, "u3");
    b.send(WsClient.ack(u2).toString());
    b.send(WsClient.ack(u3).toString());
    assertThat(a.awaitCode("u2")).isEqualTo(200);
    assertThat(a.awaitCode("u3")).isEqualTo(200);
    assertThat(relay.queuedFrames()).isZero();
  }

  @Test
  void theFarRelayAnswersTheNearRelayOnlyAfterItsReceiverAcknowledged() throws Exception {
    Federation f = federation();
    TestDirectory.Agent alice = f.alice();
    TestDirectory.Agent bob = f.bob();
    WsClient a = f.a();
    WsClient b = f.b();

    send(a, "f1", alice.did(), bob.did());
    JsonNode pushed = messageNamed(b, "f1");
    a.assertSilent(Duration.ofMillis(300));
    b.send(WsClient.ack(pushed).toString());

    JsonNode status = a.awaitResponse("f1");
    assertThat(status.path("code").asInt()).isEqualTo(200);
    assertThat(status.path("sourceDid").asText()).as("answered by the far relay").isEqualTo(f.farRelayDid());
    // the way back, with an acknowledging receiver on the near side
    b.send(WsClient.message("f2", bob.did(), alice.did(), 10).toString());
    messageNamed(a, "f2");
    assertThat(b.awaitCode("f2")).isEqualTo(200);
    assertThat(a.acknowledged).contains(bob.did() + " f2");
  }
}
