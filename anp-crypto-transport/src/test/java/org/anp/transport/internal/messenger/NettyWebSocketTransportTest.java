package org.anp.transport.internal.messenger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.relay.HeartbeatFrame;
import org.anp.transport.relay.RelayEventListener;
import org.anp.transport.relay.RelayServer;
import org.anp.transport.spi.MessageTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NettyWebSocketTransportTest {
  private final RelayServer relay = RelayServer.builder()
      .resolver(did -> CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "none")))
      .build();
  private final URI uri = relay.start().join();
  private NettyWebSocketTransport transport;

  @AfterEach
  void tearDown() {
    if (transport != null) {
      transport.close();
    }
    relay.close();
  }

  /** Records frames and counts close notifications. */
  private static final class Recorder implements MessageTransport.Listener {
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final AtomicInteger closes = new AtomicInteger();
    final CompletableFuture<String> closed = new CompletableFuture<>();

    @Override
    public void onFrame(byte[] utf8Frame) {
      frames.add(new String(utf8Frame, StandardCharsets.UTF_8));
    }

    @Override
    public void onClosed(String reason) {
      closes.incrementAndGet();
      closed.complete(reason);
    }
  }

  @Test
  void framesGoBothWaysAndTheCloseIsReportedOnce() throws Exception {
    transport = new NettyWebSocketTransport(uri, Duration.ofSeconds(5), 64 * 1024);
    Recorder recorder = new Recorder();
    MessageTransport.Connection c = transport.connect(recorder).get(10, TimeUnit.SECONDS);

    c.send(HeartbeatFrame.ping(Instant.now(), "ping-1").toJsonBytes()).get(10, TimeUnit.SECONDS);
    String pong = recorder.frames.poll(10, TimeUnit.SECONDS);
    c.close();
    c.close();
    recorder.closed.get(10, TimeUnit.SECONDS);

    assertThat(pong).contains("\"messageId\":\"ping-1\"").contains("pong");
    Thread.sleep(100);
    assertThat(recorder.closes).hasValue(1);
    assertThatThrownBy(() -> c.send(new byte[] {'{', '}'}).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TransportException.class);
  }

  @Test
  void aBurstOfFramesIsWrittenInOrder() throws Exception {
    transport = new NettyWebSocketTransport(uri, Duration.ofSeconds(5), 64 * 1024);
    Recorder recorder = new Recorder();
    MessageTransport.Connection c = transport.connect(recorder).get(10, TimeUnit.SECONDS);

    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      writes.add(c.send(HeartbeatFrame.ping(Instant.now(), "ping-" + i).toJsonBytes()));
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 200; i++) {
      assertThat(recorder.frames.poll(10, TimeUnit.SECONDS)).as("pong %d", i).contains("\"messageId\":\"ping-" + i + "\"");
    }
    c.close();
  }

  @Test
  void closeSendsACloseFrameAndReturnsOnlyAfterTheRelayLetGo() throws Exception {
    CompletableFuture<String> disconnected = new CompletableFuture<>();
    RelayServer watched = RelayServer.builder()
        .resolver(did -> CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "none")))
        .listener(new RelayEventListener() {
          @Override
          public void disconnected(String connectionId) {
            disconnected.complete(connectionId);
          }
        })
        .build();
    try {
      transport = new NettyWebSocketTransport(watched.start().join(), Duration.ofSeconds(5), 64 * 1024);
      MessageTransport.Connection c = transport.connect(new Recorder()).get(10, TimeUnit.SECONDS);

      c.close();

      assertThat(disconnected).as("the relay saw the close before close() returned").isDone();
    } finally {
      watched.close();
    }
  }

  @Test
  void aRelayThatGoesAwayClosesTheConnection() throws Exception {
    transport = new NettyWebSocketTransport(uri, Duration.ofSeconds(5), 64 * 1024);
    Recorder recorder = new Recorder();
    transport.connect(recorder).get(10, TimeUnit.SECONDS);

    relay.close();

    assertThat(recorder.closed.get(10, TimeUnit.SECONDS)).isNotEmpty();
    assertThat(recorder.closes).hasValue(1);
  }

  @Test
  void nothingListeningFailsTheConnectAsRefused() {
    relay.close();
    transport = new NettyWebSocketTransport(uri, Duration.ofSeconds(2), 64 * 1024);

    assertThatThrownBy(() -> transport.connect(new Recorder()).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(TransportException.class, e -> {
          assertThat(e.code()).isEqualTo(TransportError.RELAY_UNREACHABLE);
          assertThat(e.getMessage()).contains("connection refused").contains(uri.toString());
        });
  }

  @Test
  void aWrongPathFailsTheUpgradeAsNotARelay() {
    URI wrong = uri.resolve("/not-the-relay");
    transport = new NettyWebSocketTransport(wrong, Duration.ofSeconds(2), 64 * 1024);

    assertThatThrownBy(() -> transport.connect(new Recorder()).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(TransportException.class, e -> {
          assertThat(e.code()).isEqualTo(TransportError.NOT_A_RELAY);
          assertThat(e.getMessage()).contains("not a WebSocket endpoint").contains("HTTP 404").contains(wrong.toString());
        });
  }

  @Test
  void aClosedTransportRefusesNewConnections() {
    transport = new NettyWebSocketTransport(uri, Duration.ofSeconds(2), 64 * 1024);
    transport.close();

    assertThatThrownBy(() -> transport.connect(new Recorder()).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TransportException.class);
  }
}
