package org.anp.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.did.Did;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RelayServerTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final TestDirectory directory = new TestDirectory();
  @RegisterExtension final RelayHarness relays = new RelayHarness(directory);

  private static String text(JsonNode node) {
    return node.toString();
  }

  private static String id() {
    return Long.toHexString(RANDOM.nextLong() | Long.MIN_VALUE);
  }

  // ------------------------------------------------------------ registration

  @Test
  void registerWithValidProofIsAccepted() {
    RelayServer relay = relays.relay(b -> {});
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    WsClient c = relays.client(relay);
    RegisterFrame frame = alice.register(Instant.now());
    c.send(frame);
    JsonNode answer = c.awaitResponse(frame.messageId());
    assertThat(answer.path("code").asInt()).isEqualTo(200);
    assertThat(answer.path("originalType").asText()).isEqualTo("register");
  }

  @Test
  void registerSignedByAnotherKeyIsRefused() {
    RelayServer relay = relays.relay(b -> {});
    TestDirectory.Agent alice = directory.wba(Optional.empty());
    PrivateKeyMaterial other = PrivateKeyMaterial.generate(KeyType.ED25519, RANDOM);
    RegisterFrame frame = RegisterFrame.of(Instant.now(), id(),
        List.of(RegisterFrame.signRouter(alice.did(), alice.vm(), other, Instant.now(), RANDOM)));
    WsClient c = relays.client(relay);
    c.send(frame);
    JsonNode answer = c.awaitResponse(frame.messageId());
    assertThat(answer.path("code").asInt()).isEqualTo(403);
    assertThat(answer.path("detail").asText()).contains("routers[0].proof.proofValue");
    // The connection keeps serving, and may still register properly.
    c.register(alice);
  }

  @Test
  void registerWithKeyOfAnotherDidOrUnknownDidIsRefused() {
    RelayServer relay = relays.relay(b -> {});
    TestDirectory.Agent alice = directory.wba(Optional.empty());
    TestDirectory.Agent bob = directory.wba(Optional.empty());
    TestDirectory.Agent ghost = directory.unknown();
    WsClient c = relays.client(relay);
    RegisterFrame foreignKey = RegisterFrame.of(Instant.now(), id(),
        List.of(RegisterFrame.signRouter(alice.did(), bob.vm(), bob.key(), Instant.now(), RANDOM)));
    c.send(foreignKey);
    assertThat(c.awaitResponse(foreignKey.messageId()).path("detail").asText())
        .contains("routers[0].proof.verificationMethod");
    RegisterFrame unknown = ghost.register(Instant.now());
    c.send(unknown);
    JsonNode answer = c.awaitResponse(unknown.messageId());
    assertThat(answer.path("code").asInt()).isEqualTo(403);
    // The refusal says why, down to the resolver's own error, so the client can report it.
    assertThat(answer.path("detail").asText())
        .contains("routers[0].router: the DID does not resolve")
        .contains("DID_NOT_FOUND")
        .contains(ghost.did());
  }

  @Test
  void aRegistrationWhoseResolutionTimesOutIsRefusedSayingSo() {
    RelayServer relay = relays.relay(b -> b.resolveTimeout(Duration.ofMillis(200)));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    directory.hang(alice.did());
    WsClient c = relays.client(relay);
    RegisterFrame frame = alice.register(Instant.now());
    c.send(frame);
    JsonNode answer = c.awaitResponse(frame.messageId());
    assertThat(answer.path("code").asInt()).isEqualTo(403);
    assertThat(answer.path("detail").asText())
        .isEqualTo("routers[0].router: the DID does not resolve (no answer within 200 ms)");
  }

  @Test
  void replayedNonceIsRefusedEvenOnAnotherConnection() {
    RelayServer relay = relays.relay(b -> {});
    TestDirectory.Agent alice = directory.wba(Optional.empty());
    RegisterFrame frame = alice.register(Instant.now());
    WsClient first = relays.client(relay);
    first.send(frame);
    assertThat(first.awaitCode(frame.messageId())).isEqualTo(200);
    WsClient second = relays.client(relay);
    second.send(frame);
    JsonNode answer = second.awaitResponse(frame.messageId());
    assertThat(answer.path("code").asInt()).isEqualTo(403);
    assertThat(answer.path("detail").asText()).contains("nonce");
  }

  @Test
  void proofCreatedIsCheckedAtTheEdgesOfTheWindow() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    RelayServer relay = relays.relay(b -> b.clock(Clock.fixed(now, ZoneOffset.UTC)));
    TestDirectory.Agent alice = directory.wba(Optional.empty());
    WsClient c = relays.client(relay);
    for (Instant created : List.of(now.minusSeconds(301), now.plusSeconds(301))) {
      RegisterFrame stale = RegisterFrame.of(now, id(),
          List.of(RegisterFrame.signRouter(alice.did(), alice.vm(), alice.key(), created, RANDOM)));
      c.send(stale);
      JsonNode answer = c.awaitResponse(stale.messageId());
      assertThat(answer.path("code").asInt()).as(created.toString()).isEqualTo(403);
      assertThat(answer.path("detail").asText()).contains("proof.created");
    }
    for (Instant created : List.of(now.minusSeconds(300), now.plusSeconds(300))) {
      RegisterFrame edge = RegisterFrame.of(now, id(),
          List.of(RegisterFrame.signRouter(alice.did(), alice.vm(), alice.key(), created, RANDOM)));
      c.send(edge);
      assertThat(c.awaitCode(edge.messageId())).as(created.toString()).isEqualTo(200);
    }
  }

  @Test
  void connectionsPerDidAreLimited() {
    RelayServer relay = relays.relay(b -> b.maxConnectionsPerDid(2));
    TestDirectory.Agent alice = directory.wba(Optional.empty());
    relays.client(relay).register(alice);
    relays.client(relay).register(alice);
    WsClient third = relays.client(relay);
    RegisterFrame frame = alice.register(Instant.now());
    third.send(frame);
    JsonNode answer = third.awaitResponse(frame.messageId());
    assertThat(answer.path("code").asInt()).isEqualTo(403);
    assertThat(answer.path("detail").asText()).contains("connections");
  }

  @Test
  void didWbaAuthorizationHeaderOnTheUpgradeBindsTheDid() {
    DidWbaVerifier verifier = DidWbaVerifier.builder().resolver(directory.resolver()).audience("127.0.0.1").build();
    RelayServer relay = relays.relay(b -> b.authenticator(verifier));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient b = relays.client(relay);
    b.register(bob);
    DidWbaAuthenticator signer =
        DidWbaAuthenticator.builder().did(Did.parse(alice.did())).signingKey("key-1", alice.key()).build();
    WsClient a = WsClient.connect(relay.uri(), Map.of("Authorization", signer.authorizationHeader(relay.uri())));
    relays.keep(a);
    // sent at once: it waits for the header's verification
    a.send(text(WsClient.message("h1", alice.did(), bob.did(), 10)));
    JsonNode auth = a.await(n -> "authorization".equals(n.path("originalType").asText()));
    assertThat(auth.path("code").asInt()).isEqualTo(200);
    assertThat(a.awaitCode("h1")).isEqualTo(200);

    DidWbaAuthenticator forger = DidWbaAuthenticator.builder().did(Did.parse(alice.did()))
        .signingKey("key-1", PrivateKeyMaterial.generate(KeyType.ED25519, RANDOM)).build();
    WsClient f = WsClient.connect(relay.uri(), Map.of("Authorization", forger.authorizationHeader(relay.uri())));
    relays.keep(f);
    JsonNode refused = f.await(n -> "authorization".equals(n.path("originalType").asText()));
    assertThat(refused.path("code").asInt()).isEqualTo(403);
    assertThat(refused.path("detail").asText()).startsWith("Authorization: ").doesNotContain("signature=");
    f.send(text(WsClient.message("h2", alice.did(), bob.did(), 10)));
    assertThat(f.awaitCode("h2")).isEqualTo(403);
  }

  // ------------------------------------------------------------ routing

  @Test
  void routesBetweenTwoRegisteredConnectionsAndAnswers200() {
    RelayServer relay = relays.relay(b -> {});
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = relays.client(relay);
    WsClient b = relays.client(relay);
    a.register(alice);
    b.register(bob);
    ObjectNode message = WsClient.message("m1", alice.did(), bob.did(), 100);
    a.send(text(message));
    JsonNode pushed = b.await(n -> "message".equals(n.path("type").asText()));
    assertThat(pushed).isEqualTo(message);
    JsonNode status = a.awaitResponse("m1");
    assertThat(status.path("code").asInt()).isEqualTo(200);
    assertThat(status.path("destinationDid").asText()).isEqualTo(alice.did());
    assertThat(status.path("originalType").asText()).isEqualTo("message");
    // and back
    b.send(text(WsClient.message("m2", bob.did(), alice.did(), 10)));
    assertThat(b.awaitCode("m2")).isEqualTo(200);
    assertThat(a.await(n -> "m2".equals(n.path("messageId").asText())).path("sourceDid").asText())
        .isEqualTo(bob.did());
  }

  @Test
  void endToEndErrorResponsesAreRoutedWithoutStatus() throws Exception {
    RelayServer relay = relays.relay(b -> {});
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = relays.client(relay);
    WsClient b = relays.client(relay);
    a.register(alice);
    b.register(bob);
    String error = "{\"version\":\"1.0\",\"type\":\"response\",\"timestamp\":\"2026-01-02T03:04:05.678Z\","
        + "\"messageId\":\"e1\",\"sourceDid\":\"" + bob.did() + "\",\"destinationDid\":\"" + alice.did() + "\","
        + "\"originalType\":\"message\",\"originalMessageId\":\"m9\",\"code\":4003,\"detail\":\"key unknown\"}";
    b.send(error);
    JsonNode got = a.awaitResponse("m9");
    assertThat(got.path("code").asInt()).isEqualTo(4003);
    b.assertSilent(Duration.ofMillis(300));
  }

  @Test
  void spoofedSourceDidIsRefused403() {
    RelayServer relay = relays.relay(b -> {});
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent carol = directory.wba(Optional.of(relay.uri()));
    WsClient a = relays.client(relay);
    WsClient b = relays.client(relay);
    a.register(alice);
    b.register(bob);
    a.send(text(WsClient.message("s1", carol.did(), bob.did(), 10)));
    JsonNode status = a.awaitResponse("s1");
    assertThat(status.path("code").asInt()).isEqualTo(403);
    assertThat(status.path("detail").asText()).contains("sourceDid");
    WsClient unregistered = relays.client(relay);
    unregistered.send(text(WsClient.message("s2", alice.did(), bob.did(), 10)));
    assertThat(unregistered.awaitCode("s2")).isEqualTo(403);
  }

  @Test
  void unknownDestinationIs404() {
    RelayServer relay = relays.relay(b -> {});
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent ghost = directory.unknown();
    TestDirectory.Agent elsewhere = directory.wba(Optional.empty());
    WsClient a = relays.client(relay);
    a.register(alice);
    a.send(text(WsClient.message("u1", alice.did(), ghost.did(), 10)));
    assertThat(a.awaitCode("u1")).isEqualTo(404);
    // resolvable, but it names no message service and never registered here
    a.send(text(WsClient.message("u2", alice.did(), elsewhere.did(), 10)));
    assertThat(a.awaitCode("u2")).isEqualTo(404);
  }

  @Test
  void didAllRoutesThroughItsDocumentsRouter() {
    RelayServer relay = relays.relay(b -> {});
    TestDirectory.Agent router = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent dave = directory.didAll(relay.uri(), router.did());
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    WsClient server = relays.client(relay);
    server.register(router);
    WsClient a = relays.client(relay);
    a.register(alice);
    a.send(text(WsClient.message("d1", alice.did(), dave.did(), 10)));
    assertThat(server.await(n -> "d1".equals(n.path("messageId").asText())).path("destinationDid").asText())
        .isEqualTo(dave.did());
    assertThat(a.awaitCode("d1")).isEqualTo(200);
    // the router's connection may speak for dave, whose document names that router
    server.send(text(WsClient.message("d2", dave.did(), alice.did(), 10)));
    assertThat(server.awaitCode("d2")).isEqualTo(200);
    assertThat(a.await(n -> "d2".equals(n.path("messageId").asText())).path("sourceDid").asText())
        .isEqualTo(dave.did());
  }

  @Test
  void registerIsFullState() {
    RelayServer relay = relays.relay(b -> {});
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = relays.client(relay);
    WsClient b = relays.client(relay);
    a.register(alice);
    b.register(bob);
    RegisterFrame empty = RegisterFrame.of(Instant.now(), id(), List.of());
    b.send(empty);
    assertThat(b.awaitCode(empty.messageId())).isEqualTo(200);
    a.send(text(WsClient.message("f1", alice.did(), bob.did(), 10)));
    assertThat(a.awaitCode("f1")).isEqualTo(202);
  }

  // ------------------------------------------------------------ store and forward

  @Test
  void offlineDestinationIsQueued202ThenDelivered200OnReconnect() {
    RelayServer relay = relays.relay(b -> {});
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = relays.client(relay);
    a.register(alice);
    for (String m : List.of("q1", "q2", "q3")) {
      a.send(text(WsClient.message(m, alice.did(), bob.did(), 10)));
      assertThat(a.awaitCode(m)).isEqualTo(202);
    }
    assertThat(relay.queuedFrames()).isEqualTo(3);
    WsClient b = relays.client(relay);
    b.register(bob);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      order.add(b.await(n -> "message".equals(n.path("type").asText())).path("messageId").asText());
    }
    assertThat(order).containsExactly("q1", "q2", "q3");
    for (String m : List.of("q1", "q2", "q3")) {
      assertThat(a.awaitCode(m)).isEqualTo(200);
    }
    assertThat(relay.queuedFrames()).isZero();
  }

  @Test
  void fullQueueIs503AtItsEdge() {
    RelayServer relay = relays.relay(b -> b.queueLength(2).queueSenderShare(100));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = relays.client(relay);
    a.register(alice);
    a.send(text(WsClient.message("x1", alice.did(), bob.did(), 10)));
    a.send(text(WsClient.message("x2", alice.did(), bob.did(), 10)));
    a.send(text(WsClient.message("x3", alice.did(), bob.did(), 10)));
    assertThat(a.awaitCode("x1")).isEqualTo(202);
    assertThat(a.awaitCode("x2")).isEqualTo(202);
    assertThat(a.awaitCode("x3")).isEqualTo(503);
  }

  @Test
  void expiredQueuedFrameIs504() {
    RelayServer relay = relays.relay(b -> b.queueTtl(Duration.ofMillis(200)));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = relays.client(relay);
    a.register(alice);
    a.send(text(WsClient.message("t1", alice.did(), bob.did(), 10)));
    assertThat(a.awaitCode("t1")).isEqualTo(202);
    JsonNode expired = a.awaitResponse("t1");
    assertThat(expired.path("code").asInt()).isEqualTo(504);
    assertThat(relay.queuedFrames()).isZero();
  }

  // ------------------------------------------------------------ limits and bad input

  @Test
  void frameSizeLimitAt413Edge() {
    RelayServer relay = relays.relay(b -> b.maxFrameBytes(2000));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = relays.client(relay);
    WsClient b = relays.client(relay);
    a.register(alice);
    b.register(bob);
    String atLimit = padded(WsClient.message("z1", alice.did(), bob.did(), 10), 2000);
    a.send(atLimit);
    assertThat(a.awaitCode("z1")).isEqualTo(200);
    String over = padded(WsClient.message("z2", alice.did(), bob.did(), 10), 2001);
    a.send(over);
    JsonNode answer = a.awaitResponse("z2");
    assertThat(answer.path("code").asInt()).isEqualTo(413);
    // still serving
    a.send(text(WsClient.message("z3", alice.did(), bob.did(), 10)));
    assertThat(a.awaitCode("z3")).isEqualTo(200);
  }

  @Test
  void frameBeyondTheHardCapClosesTheConnection() {
    RelayServer relay = relays.relay(b -> b.maxFrameBytes(1000));
    WsClient c = relays.client(relay);
    c.send("\"" + "x".repeat(5000) + "\"");
    assertThat(c.awaitClose()).isEqualTo(1009);
  }

  /** Pads the frame with an extra member to exactly {@code size} bytes. */
  private static String padded(ObjectNode frame, int size) {
    frame.put("pad", "");
    int missing = size - text(frame).length();
    frame.put("pad", "p".repeat(missing));
    assertThat(text(frame)).hasSize(size);
    return text(frame);
  }

  @Test
  void floodBeyondTheRateLimitIs429() {
    RelayServer relay = relays.relay(b -> b.rateLimit(0.001, 4).clock(Clock.fixed(Instant.now(), ZoneOffset.UTC)));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = relays.client(relay);
    WsClient b = relays.client(relay);
    a.register(alice); // token 1
    b.register(bob);
    for (String m : List.of("r1", "r2", "r3", "r4")) {
      a.send(text(WsClient.message(m, alice.did(), bob.did(), 10)));
    }
    assertThat(a.awaitCode("r1")).isEqualTo(200);
    assertThat(a.awaitCode("r2")).isEqualTo(200);
    assertThat(a.awaitCode("r3")).isEqualTo(200);
    assertThat(a.awaitCode("r4")).isEqualTo(429);
    // other connections are not affected
    b.send(text(WsClient.message("r5", bob.did(), alice.did(), 10)));
    assertThat(b.awaitCode("r5")).isEqualTo(200);
  }

  @Test
  void malformedUnknownAndBinaryFramesGet400AndTheConnectionKeepsServing() {
    RelayServer relay = relays.relay(b -> {});
    WsClient c = relays.client(relay);
    c.send("{not json");
    JsonNode bad = c.await(n -> "response".equals(n.path("type").asText()));
    assertThat(bad.path("code").asInt()).isEqualTo(400);
    assertThat(bad.path("originalType").asText()).isEqualTo("unknown");
    c.send("{\"version\":\"1.0\",\"type\":\"subscribe\",\"messageId\":\"k1\"}");
    JsonNode unknown = c.awaitResponse("k1");
    assertThat(unknown.path("code").asInt()).isEqualTo(400);
    assertThat(unknown.path("originalType").asText()).isEqualTo("subscribe");
    c.send("{\"version\":\"1.0\",\"type\":\"message\",\"messageId\":\"k2\",\"sourceDid\":\"did:wba:x\"}");
    JsonNode missing = c.awaitResponse("k2");
    assertThat(missing.path("code").asInt()).isEqualTo(400);
    assertThat(missing.path("destinationDid").asText()).isEqualTo("did:wba:x");
    c.sendBinary(new byte[] {1, 2, 3});
    assertThat(c.await(n -> "response".equals(n.path("type").asText())).path("code").asInt()).isEqualTo(400);
    c.send(HeartbeatFrame.ping(Instant.now(), "hb1"));
    JsonNode pong = c.await(n -> "heartbeat".equals(n.path("type").asText()));
    assertThat(pong.path("message").asText()).isEqualTo("pong");
    assertThat(pong.path("messageId").asText()).isEqualTo("hb1");
  }

  @Test
  void idleConnectionsAreClosedAndHeartbeatsKeepThemOpen() throws Exception {
    RelayServer relay = relays.relay(b -> b.idleTimeout(Duration.ofSeconds(2)));
    WsClient idle = relays.client(relay);
    WsClient alive = relays.client(relay);
    // Ping until the relay has closed the idle connection, each after the answer to the last and
    // 50 ms spent waiting for that close (which keeps within the rate limit): the live one is
    // quiet for a round trip and 50 ms at most.
    int pings = 0;
    long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
    while (!closedWithin(idle, Duration.ofMillis(50))) {
      assertThat(System.nanoTime()).as("the idle connection closed in time").isLessThan(deadline);
      String id = "p" + pings++;
      alive.send(HeartbeatFrame.ping(Instant.now(), id));
      alive.await(n -> "heartbeat".equals(n.path("type").asText()) && id.equals(n.path("messageId").asText()));
    }
    assertThat(idle.awaitClose()).isEqualTo(1000);
    assertThat(alive.closed).isNotDone();
  }

  private static boolean closedWithin(WsClient c, Duration wait) throws Exception {
    try {
      c.closed.get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  @Test
  void aRestartedRelayGetsItsPortBackAndABusyPortFailsTyped() {
    RelayServer first = relays.relay(b -> {});
    int port = first.uri().getPort();
    TestDirectory.Agent alice = directory.wba(Optional.of(first.uri()));
    WsClient a = relays.client(first);
    a.register(alice);
    RelayServer.Builder clash = RelayServer.builder().resolver(directory.resolver()).port(port);
    assertThatThrownBy(() -> clash.build().start().join())
        .isInstanceOf(java.util.concurrent.CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.SERVICE_UNAVAILABLE));
    first.shutdown(Duration.ofSeconds(2));
    assertThat(a.awaitClose()).isEqualTo(1001);
    RelayServer second = relays.relay(b -> b.port(port));
    assertThat(second.uri()).isEqualTo(first.uri());
    relays.client(second).register(alice);
  }

  @Test
  void plainHttpToAnotherPathIs404() throws Exception {
    RelayServer relay = relays.relay(b -> {});
    URI other = URI.create("http://127.0.0.1:" + relay.uri().getPort() + "/other");
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(other).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void aReceiverThatNeverReadsKeepsRelayMemoryBoundedAndOthersServed() throws Exception {
    // The idle timeout also closes the non-reader (the slow-consumer policy); connections that
    // are to be served must not sit idle that long, so carol and dan come only when needed.
    RelayServer relay = relays.relay(b -> b.queueLength(4).writeBufferHighWaterMark(64 * 1024).rateLimit(100_000, 100_000)
        .idleTimeout(Duration.ofSeconds(4)));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent stuck = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent carol = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent dan = directory.wba(Optional.of(relay.uri()));
    WsClient a = relays.client(relay);
    a.register(alice);
    WsClient s = WsClient.connectNotReading(relay.uri());
    relays.keep(s);
    s.register(stuck);
    // Send until the relay refuses; frames stuck in the socket towards the non-reader have no
    // final status yet, so statuses are collected as they come.
    java.util.Map<String, Integer> last = new java.util.HashMap<>();
    int sent = 0;
    while (sent < 2000 && !last.containsValue(503)) {
      String m = "n" + sent++;
      a.send(text(WsClient.message(m, alice.did(), stuck.did(), 48 * 1024)));
      collect(a, last, Duration.ZERO);
    }
    // 2,000 frames of 48 KiB are far more than the socket buffers, the relay's 64 KiB and the
    // queue of 4 hold: a 503 is on its way if it has not come yet.
    while (!last.containsValue(503)) {
      assertThat(collect(a, last, WsClient.WAIT)).as("a 503 after " + sent + " frames").isTrue();
    }
    assertThat(last.values()).allMatch(code -> code == 200 || code == 202 || code == 503);
    assertThat(relay.queuedFrames()).isLessThanOrEqualTo(4);
    WsClient c = relays.client(relay);
    WsClient d = relays.client(relay);
    c.register(carol);
    d.register(dan);
    c.send(text(WsClient.message("ok", carol.did(), dan.did(), 10)));
    assertThat(c.awaitCode("ok")).isEqualTo(200);
    assertThat(d.await(n -> "ok".equals(n.path("messageId").asText()))).isNotNull();
    // The relay drops the connection that does not read (it cannot notice, as it reads nothing);
    // every frame then has a status.
    while (last.size() < sent) {
      assertThat(collect(a, last, WsClient.WAIT)).as("statuses for " + last.size() + " of " + sent + " frames").isTrue();
    }
    assertThat(last).hasSize(sent);
  }

  /**
   * Records the statuses {@code c} has received, waiting up to {@code wait} for the first;
   * false if none came.
   */
  private static boolean collect(WsClient c, java.util.Map<String, Integer> last, Duration wait)
      throws InterruptedException {
    JsonNode status = c.received.poll(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    if (status == null) {
      return false;
    }
    do {
      last.put(status.path("originalMessageId").asText(), status.path("code").asInt());
    } while ((status = c.received.poll()) != null);
    return true;
  }

  @Test
  void gracefulShutdownReportsQueuedFramesAs504AndCloses() {
    RelayServer relay = relays.relay(b -> {});
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = relays.client(relay);
    a.register(alice);
    a.send(text(WsClient.message("g1", alice.did(), bob.did(), 10)));
    assertThat(a.awaitCode("g1")).isEqualTo(202);
    relay.shutdown(Duration.ofSeconds(2));
    assertThat(a.awaitCode("g1")).isEqualTo(504);
    assertThat(a.awaitClose()).isEqualTo(1001);
    assertThat(relay.queuedFrames()).isZero();
  }

  // ------------------------------------------------------------ federation and listener

  @Test
  void twoFederatedRelaysRouteBothWays() {
    TestDirectory.Agent relay1Id = directory.wba(Optional.empty());
    TestDirectory.Agent relay2Id = directory.wba(Optional.empty());
    RelayServer r1 = relays.relay(b -> b.identity(relay1Id.did(), relay1Id.vm(), relay1Id.key()).trustRelay(relay2Id.did()));
    RelayServer r2 = relays.relay(b -> b.identity(relay2Id.did(), relay2Id.vm(), relay2Id.key()).trustRelay(relay1Id.did()));
    TestDirectory.Agent alice = directory.wba(Optional.of(r1.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(r2.uri()));
    WsClient a = relays.client(r1);
    WsClient b = relays.client(r2);
    a.register(alice);
    b.register(bob);
    a.send(text(WsClient.message("fed1", alice.did(), bob.did(), 10)));
    assertThat(b.await(n -> "fed1".equals(n.path("messageId").asText())).path("sourceDid").asText())
        .isEqualTo(alice.did());
    JsonNode status = a.awaitResponse("fed1");
    assertThat(status.path("code").asInt()).isEqualTo(200);
    assertThat(status.path("sourceDid").asText()).isEqualTo(relay2Id.did());
    b.send(text(WsClient.message("fed2", bob.did(), alice.did(), 10)));
    assertThat(a.await(n -> "fed2".equals(n.path("messageId").asText()))).isNotNull();
    assertThat(b.awaitCode("fed2")).isEqualTo(200);
    // a federated destination that is offline: queued on the far relay, 202 then 200
    TestDirectory.Agent erin = directory.wba(Optional.of(r2.uri()));
    a.send(text(WsClient.message("fed3", alice.did(), erin.did(), 10)));
    assertThat(a.awaitCode("fed3")).isEqualTo(202);
    relays.client(r2).register(erin);
    assertThat(a.awaitCode("fed3")).isEqualTo(200);
  }

  @Test
  void untrustedRelayCannotForwardAndRelayWithoutIdentityAnswers404() {
    TestDirectory.Agent relay1Id = directory.wba(Optional.empty());
    RelayServer r1 = relays.relay(b -> b.identity(relay1Id.did(), relay1Id.vm(), relay1Id.key()));
    RelayServer r2 = relays.relay(b -> {});
    TestDirectory.Agent alice = directory.wba(Optional.of(r1.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(r2.uri()));
    WsClient a = relays.client(r1);
    WsClient b = relays.client(r2);
    a.register(alice);
    b.register(bob);
    a.send(text(WsClient.message("un1", alice.did(), bob.did(), 10)));
    assertThat(a.awaitCode("un1")).isEqualTo(403);
    b.send(text(WsClient.message("un2", bob.did(), alice.did(), 10)));
    assertThat(b.awaitCode("un2")).isEqualTo(404);
  }

  @Test
  void unreachablePeerRelayIs404() throws Exception {
    TestDirectory.Agent relayId = directory.wba(Optional.empty());
    RelayServer relay = relays.relay(b -> b.identity(relayId.did(), relayId.vm(), relayId.key()));
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent far = directory.wba(Optional.of(URI.create("ws://127.0.0.1:" + closedPort + "/ws")));
    WsClient a = relays.client(relay);
    a.register(alice);
    a.send(text(WsClient.message("p1", alice.did(), far.did(), 10)));
    JsonNode answer = a.awaitResponse("p1");
    assertThat(answer.path("code").asInt()).isEqualTo(404);
    assertThat(answer.path("detail").asText()).contains("unreachable");
    // the next frame opens a fresh link attempt and fails the same way
    a.send(text(WsClient.message("p2", alice.did(), far.did(), 10)));
    assertThat(a.awaitCode("p2")).isEqualTo(404);
  }

  @Test
  void listenerSeesEventsAndItsFailuresDoNoHarm() {
    List<String> events = new CopyOnWriteArrayList<>();
    RelayEventListener listener = new RelayEventListener() {
      @Override
      public void connected(String connectionId, String remoteAddress) {
        events.add("connected");
      }

      @Override
      public void registered(String connectionId, List<String> routers) {
        events.add("registered " + routers.size());
      }

      @Override
      public void routed(String connectionId, String sourceDid, String destinationDid, String messageId, boolean forwarded) {
        events.add("routed " + messageId);
      }

      @Override
      public void queued(String sourceDid, String destinationDid, String messageId) {
        events.add("queued " + messageId);
      }

      @Override
      public void rejected(String connectionId, int code, String originalType, String detail) {
        events.add("rejected " + code);
        throw new IllegalStateException("listeners may fail without harm");
      }
    };
    RelayServer relay = relays.relay(b -> b.listener(listener));
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
    WsClient a = relays.client(relay);
    a.register(alice);
    a.send(text(WsClient.message("l1", alice.did(), bob.did(), 10)));
    assertThat(a.awaitCode("l1")).isEqualTo(202);
    a.send("junk");
    a.await(n -> n.path("code").asInt() == 400);
    WsClient b = relays.client(relay);
    b.register(bob);
    b.send(text(WsClient.message("l2", bob.did(), alice.did(), 10)));
    assertThat(b.awaitCode("l2")).isEqualTo(200);
    assertThat(events).contains("connected", "registered 1", "queued l1", "rejected 400", "routed l2");
  }
}
