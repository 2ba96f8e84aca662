package org.anp.transport.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.relay.MessageQueue;
import org.anp.transport.relay.RelayEventListener;
import org.anp.transport.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** The connection handler and routing core on an {@link EmbeddedChannel}, with a manual clock. */
class RelayConnectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final DidResolver nobody =
      did -> CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "none"));

  private EmbeddedChannel channel(int maxFrameBytes, double rate, int burst) {
    RelayConfig config = new RelayConfig(
        "127.0.0.1", 0, "/ws", nobody, Optional.empty(), Optional.empty(), Set.of(), List.of(), clock,
        new SecureRandom(), MessageQueue.inMemory(10, 100), RelayEventListener.NONE, maxFrameBytes, 4, rate, burst,
        Duration.ofMinutes(1), Duration.ofSeconds(60), Duration.ofMinutes(5), 1000, Duration.ofSeconds(1), 65536,
        Duration.ofSeconds(10), Duration.ofSeconds(10), 1000,
        new RelayLimits(4, 100, 1000, org.anp.identity.limits.MetricsRegistry.create(), Duration.ofMinutes(1), 100, 100, false));
    RelayCore core = new RelayCore(config);
    EmbeddedChannel channel = new EmbeddedChannel(core.newConnection());
    channel.pipeline().fireUserEventTriggered(
        new WebSocketServerProtocolHandler.HandshakeComplete("/ws", new DefaultHttpHeaders(), null));
    return channel;
  }

  private static JsonNode next(EmbeddedChannel channel) throws Exception {
    TextWebSocketFrame frame = channel.readOutbound();
    assertThat(frame).as("an outbound frame").isNotNull();
    try {
      return JSON.readTree(frame.text());
    } finally {
      frame.release();
    }
  }

  private static String ping(String id) {
    return "{\"version\":\"1.0\",\"type\":\"heartbeat\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"messageId\":\""
        + id + "\",\"message\":\"ping\"}";
  }

  @Test
  void pingIsAnsweredWithPong() throws Exception {
    EmbeddedChannel ch = channel(1 << 20, 10, 10);
    ch.writeInbound(new TextWebSocketFrame(ping("p1")));
    JsonNode pong = next(ch);
    assertThat(pong.path("message").asText()).isEqualTo("pong");
    assertThat(pong.path("messageId").asText()).isEqualTo("p1");
    assertThat(pong.path("timestamp").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
  }

  @Test
  void rateLimitRefillsWithTheInjectedClock() throws Exception {
    EmbeddedChannel ch = channel(1 << 20, 1, 2);
    ch.writeInbound(new TextWebSocketFrame(ping("a")));
    ch.writeInbound(new TextWebSocketFrame(ping("b")));
    ch.writeInbound(new TextWebSocketFrame(ping("c")));
    assertThat(next(ch).path("messageId").asText()).isEqualTo("a");
    assertThat(next(ch).path("messageId").asText()).isEqualTo("b");
    JsonNode limited = next(ch);
    assertThat(limited.path("code").asInt()).isEqualTo(429);
    assertThat(limited.path("originalMessageId").asText()).isEqualTo("c");
    assertThat(limited.path("originalType").asText()).isEqualTo("heartbeat");
    clock.advance(Duration.ofMillis(999));
    ch.writeInbound(new TextWebSocketFrame(ping("d")));
    assertThat(next(ch).path("code").asInt()).isEqualTo(429);
    clock.advance(Duration.ofMillis(1));
    ch.writeInbound(new TextWebSocketFrame(ping("e")));
    assertThat(next(ch).path("message").asText()).isEqualTo("pong");
  }

  @Test
  void oversizeFrameIs413WithTheIdReadBestEffort() throws Exception {
    String frame = ping("big");
    EmbeddedChannel ch = channel(frame.length() - 1, 10, 10);
    ch.writeInbound(new TextWebSocketFrame(frame));
    JsonNode answer = next(ch);
    assertThat(answer.path("code").asInt()).isEqualTo(413);
    assertThat(answer.path("originalMessageId").asText()).isEqualTo("big");
    assertThat(ch.isActive()).isTrue();
  }

  @Test
  void badInputIs400AndNeverClosesTheChannel() throws Exception {
    EmbeddedChannel ch = channel(1 << 20, 100, 100);
    ch.writeInbound(new TextWebSocketFrame("\u00ff\u0000 not json"));
    assertThat(next(ch).path("code").asInt()).isEqualTo(400);
    ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1})));
    assertThat(next(ch).path("detail").asText()).contains("binary");
    ch.writeInbound(new TextWebSocketFrame("{\"version\":\"1.0\",\"type\":\"response\",\"timestamp\":\"x\"}"));
    assertThat(ch.<Object>readOutbound()).as("a bad response frame gets no response").isNull();
    assertThat(ch.isActive()).isTrue();
  }

  @Test
  void messageFromAnUnregisteredSenderIs403() throws Exception {
    EmbeddedChannel ch = channel(1 << 20, 100, 100);
    ch.writeInbound(new TextWebSocketFrame("{\"version\":\"1.0\",\"type\":\"message\",\"timestamp\":\"2026-01-01T00:00:00Z\","
        + "\"messageId\":\"m1\",\"sourceDid\":\"did:wba:a.example\",\"destinationDid\":\"did:wba:b.example\","
        + "\"secretKeyId\":\"k\",\"encryptedData\":{\"iv\":\"AAAAAAAAAAAAAAAA\",\"tag\":\"AAAAAAAAAAAAAAAAAAAAAA==\","
        + "\"ciphertext\":\"AA==\"}}"));
    JsonNode answer = next(ch);
    assertThat(answer.path("code").asInt()).isEqualTo(403);
    assertThat(answer.path("destinationDid").asText()).isEqualTo("did:wba:a.example");
    assertThat(answer.path("originalMessageId").asText()).isEqualTo("m1");
  }

  @Test
  void endpointsAreComparedInNormalForm() {
    assertThat(RelayCore.normalize("WS://Relay.Example/ws")).contains("ws://relay.example:80/ws");
    assertThat(RelayCore.normalize("wss://relay.example")).contains("wss://relay.example:443/");
    assertThat(RelayCore.normalize("https://relay.example/ws")).isEmpty();
    assertThat(RelayCore.normalize("not a uri")).isEmpty();
  }
}
