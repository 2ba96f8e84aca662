package org.anp.integration.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.anp.identity.did.Did;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.relay.RelayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A registered peer that stops reading while another peer floods it with 48 KiB frames: the
 * relay's memory for it stays bounded (a 64 KiB write buffer, then the 4-frame queue, then 503),
 * it is disconnected after the idle timeout, every frame gets a status, and agents on the same
 * relay are served throughout.
 */
class NeverReadingPeerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HostileWorld world = new HostileWorld();

  @AfterEach
  void tearDown() {
    world.close();
  }

  @Test
  void relayMemoryStaysBoundedAndOthersAreServed() throws Exception {
    RelayServer relay = world.relay(b -> b.queueLength(4).writeBufferHighWaterMark(64 * 1024)
        .rateLimit(100_000, 100_000).idleTimeout(Duration.ofSeconds(2)));
    DidAllIdentity stuckId = world.identity(relay.uri());
    DidAllIdentity senderId = world.identity(relay.uri());
    RawWebSocket stuck = world.closeLater(RawWebSocket.connect(relay.uri()));
    RawWebSocket sender = world.closeLater(RawWebSocket.connect(relay.uri()));
    for (var pair : Map.of(stuck, stuckId, sender, senderId).entrySet()) {
      assertThat(pair.getKey().upgrade()).startsWith("HTTP/1.1 101");
      pair.getKey().write(RawWebSocket.textFrame(HostileWorld.register(pair.getValue())));
      assertThat(JSON.readTree(pair.getKey().readText(Duration.ofSeconds(10)).orElseThrow()).path("code").asInt())
          .isEqualTo(200);
    }
    HostileWorld.Agent alice = world.agent(relay.uri());
    HostileWorld.Agent bob = world.agent(relay.uri());

    // The stuck peer reads nothing from here on; the sender floods it until the relay refuses.
    Map<String, Integer> last = new HashMap<>();
    int sent = 0;
    while (sent < 3000 && !last.containsValue(503)) {
      String id = "n" + sent++;
      sender.write(RawWebSocket.textFrame(message(id, senderId.did().toString(), stuckId.did().toString())));
      collect(sender, last, sent % 50 == 0 ? Duration.ofMillis(200) : Duration.ofMillis(1));
    }
    assertThat(last).as("a 503 after " + sent + " frames").containsValue(503);
    assertThat(relay.queuedFrames()).isLessThanOrEqualTo(4);
    assertThat(alice.messenger().send(Did.parse(bob.did()), "hi".getBytes(StandardCharsets.UTF_8))
        .orTimeout(15, TimeUnit.SECONDS).join().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(bob.inbox().poll(15, TimeUnit.SECONDS)).isNotNull();

    // After the idle timeout (2 s) the relay drops the peer that does not read, without the peer
    // reading anything; frames stuck in its buffer are queued again (202) or refused (503).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (relay.connectionCount() > 3 && System.nanoTime() < deadline) {
      collect(sender, last, Duration.ofMillis(100));
    }
    assertThat(relay.connectionCount()).as("the non-reader is disconnected").isEqualTo(3);
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < settle) {
      collect(sender, last, Duration.ofMillis(100));
    }
    assertThat(last).as("every frame has a status").hasSize(sent);
    assertThat(last.values()).allMatch(code -> code == 200 || code == 202 || code == 503 || code == 504);
    // 202 is final only for frames waiting in the queue, which stays within its bound.
    assertThat(last.values().stream().filter(code -> code == 202).count())
        .isLessThanOrEqualTo(relay.queuedFrames()).isLessThanOrEqualTo(4);
    assertThat(stuck.awaitClosed(Duration.ofSeconds(10))).isTrue();
  }

  /** Reads statuses for up to {@code wait}, keeping the latest code per message id. */
  private static void collect(RawWebSocket sender, Map<String, Integer> last, Duration wait) throws Exception {
    Optional<String> text;
    Duration next = wait;
    while ((text = readOrTimeout(sender, next)).isPresent()) {
      JsonNode status = JSON.readTree(text.get());
      last.put(status.path("originalMessageId").asText(), status.path("code").asInt());
      next = Duration.ofMillis(1);
    }
  }

  private static Optional<String> readOrTimeout(RawWebSocket socket, Duration wait) throws Exception {
    try {
      return socket.readText(wait);
    } catch (java.net.SocketTimeoutException e) {
      return Optional.empty();
    }
  }

  /** An E2E {@code message} frame with 48 KiB of random "ciphertext" (the relay never decrypts). */
  private static byte[] message(String id, String source, String destination) {
    ObjectNode m = JSON.createObjectNode();
    m.put("version", "1.0");
    m.put("type", "message");
    m.put("timestamp", "2026-01-02T03:04:05.678Z");
    m.put("messageId", id);
    m.put("sourceDid", source);
    m.put("destinationDid", destination);
    m.put("secretKeyId", "0123456789abcdef");
    ObjectNode data = m.putObject("encryptedData");
    data.put("iv", Base64.getEncoder().encodeToString(random(12)));
    data.put("tag", Base64.getEncoder().encodeToString(random(16)));
    data.put("ciphertext", Base64.getEncoder().encodeToString(random(48 * 1024)));
    return m.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    HostileWorld.RANDOM.nextBytes(b);
    return b;
  }
}
