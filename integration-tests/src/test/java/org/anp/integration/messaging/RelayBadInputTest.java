package org.anp.integration.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.relay.RegisterFrame;
import org.anp.transport.relay.RelayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A raw WebSocket client sends the relay every kind of bad input; each gets its error frame,
 * and two agents on the same relay keep talking throughout.
 */
class RelayBadInputTest {
  private static final int MAX_FRAME = 16 * 1024;
  private final MessagingWorld world = new MessagingWorld();

  @AfterEach
  void tearDown() {
    world.close();
  }

  /** A JDK WebSocket that queues every text frame it receives, parsed. */
  private static final class RawClient implements WebSocket.Listener {
    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket socket;

    static RawClient open(URI uri) {
      RawClient c = new RawClient();
      c.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, c).orTimeout(10, TimeUnit.SECONDS).join();
      return c;
    }

    void send(String text) {
      socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(StrictJson.parse(partial.toString().getBytes(StandardCharsets.UTF_8), 1 << 20));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    /** The next {@code response} frame whose originalMessageId is {@code id} (or any, if empty). */
    JsonNode response(String id) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        JsonNode f = frames.poll(100, TimeUnit.MILLISECONDS);
        if (f != null && "response".equals(f.path("type").asText())
            && (id.isEmpty() || id.equals(f.path("originalMessageId").asText()))) {
          return f;
        }
      }
      throw new AssertionError("no response for '" + id + "'");
    }
  }

  private static String message(String id, String from, String to) {
    ObjectNode m = StrictJson.mapper().createObjectNode();
    m.put("version", "1.0");
    m.put("type", "message");
    m.put("timestamp", "2026-11-25T08:00:00.000Z");
    m.put("messageId", id);
    m.put("sourceDid", from);
    m.put("destinationDid", to);
    m.put("secretKeyId", "0123456789abcdef");
    ObjectNode data = m.putObject("encryptedData");
    data.put("iv", "AAECAwQFBgcICQoL");
    data.put("tag", "AAECAwQFBgcICQoLDA0ODw==");
    data.put("ciphertext", "AAEC");
    return m.toString();
  }

  @Test
  void everyBadInputGetsItsErrorFrameAndOtherClientsAreStillServed() throws Exception {
    RelayServer relay = world.relay(b -> b.maxFrameBytes(MAX_FRAME).rateLimit(20, 30));
    MessagingWorld.Agent alice = world.started(world.allIdentity(relay.uri()), relay.uri());
    MessagingWorld.Agent bob = world.started(world.allIdentity(relay.uri()), relay.uri());
    assertThat(alice.send(bob, "before the attack").status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(bob.nextText()).isEqualTo("before the attack");

    RawClient raw = RawClient.open(relay.uri());
    raw.send("{not json");
    assertThat(raw.response("").path("code").asInt()).isEqualTo(400);
    raw.send("{\"version\":\"1.0\",\"type\":\"gossip\",\"timestamp\":\"2026-11-25T08:00:00.000Z\",\"messageId\":\"u1\"}");
    assertThat(raw.response("").path("code").asInt()).isEqualTo(400);
    raw.send(message("big1", alice.did(), bob.did()).replace("\"AAEC\"", "\"" + "A".repeat(MAX_FRAME) + "\""));
    assertThat(raw.response("").path("code").asInt()).isEqualTo(413);
    raw.send(message("spoof1", alice.did(), bob.did()));
    assertThat(raw.response("spoof1").path("code").asInt()).isEqualTo(403);

    // Registration: a proof by the wrong key, then a valid one, then its replay.
    DidAllIdentity mallory = DidAllIdentity.builder().random(MessagingWorld.RANDOM).build();
    LocalIdentity malloryId = world.allIdentity(relay.uri());
    PrivateKeyMaterial wrongKey = PrivateKeyMaterial.generate(KeyType.SECP256R1, MessagingWorld.RANDOM);
    RegisterFrame forged = RegisterFrame.of(Instant.now(), "reg-forged", List.of(
        RegisterFrame.signRouter(malloryId.did().toString(), malloryId.routerKeyId(), wrongKey, Instant.now(), MessagingWorld.RANDOM)));
    raw.send(new String(forged.toJsonBytes(), StandardCharsets.UTF_8));
    assertThat(raw.response("reg-forged").path("code").asInt()).isEqualTo(403);
    RegisterFrame good = RegisterFrame.of(Instant.now(), "reg-good", List.of(RegisterFrame.signRouter(
        malloryId.did().toString(), malloryId.routerKeyId(), malloryId.routerKey(), Instant.now(), MessagingWorld.RANDOM)));
    raw.send(new String(good.toJsonBytes(), StandardCharsets.UTF_8));
    assertThat(raw.response("reg-good").path("code").asInt()).isEqualTo(200);
    RawClient replayer = RawClient.open(relay.uri());
    replayer.send(new String(good.toJsonBytes(), StandardCharsets.UTF_8));
    JsonNode replayed = replayer.response("reg-good");
    assertThat(replayed.path("code").asInt()).isEqualTo(403);
    assertThat(replayed.path("detail").asText()).contains("nonce");

    // A message to a DID nobody can route.
    raw.send(message("nowhere1", malloryId.did().toString(), mallory.did().toString()));
    assertThat(raw.response("nowhere1").path("code").asInt()).isEqualTo(404);

    // A flood beyond the rate limit (to Mallory herself, so that no agent has to answer it):
    // the excess is answered 429.
    for (int i = 0; i < 60; i++) {
      raw.socket.sendText(message("flood" + i, malloryId.did().toString(), malloryId.did().toString()), true).join();
    }
    boolean limited = false;
    for (int i = 0; i < 60 && !limited; i++) {
      limited = raw.response("").path("code").asInt() == 429;
    }
    assertThat(limited).as("some flood frame answered 429").isTrue();

    // Meanwhile the agents are still served, both ways, and Bob's application saw no garbage.
    assertThat(alice.send(bob, "after the attack").status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(bob.send(alice, "still here").status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(bob.nextText()).isEqualTo("after the attack");
    assertThat(alice.nextText()).isEqualTo("still here");
    assertThat(bob.inbox()).isEmpty();
  }
}
