package org.anp.transport.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a messenger reports when its relay cannot be used, against real sockets: each failure
 * comes at once and says what it is, long before the (generous) send and handshake timeouts.
 */
class RelayFailureReportingTest {
  /** Far beyond any wait in these tests: a timeout code here means the failure was not seen. */
  private static final Duration LONG = Duration.ofSeconds(120);
  private final LoopbackRelay world = new LoopbackRelay();

  @AfterEach
  void close() {
    world.close();
  }

  private AgentMessenger messenger(LocalIdentity identity, URI relay) {
    return world.build(world.messenger(identity).relay(relay).sendTimeout(LONG).handshakeTimeout(LONG));
  }

  private static TransportException failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(TransportException.class);
      return (TransportException) e.getCause();
    }
    throw new AssertionError("the future completed normally");
  }

  @Test
  void aRefusedRegistrationFailsStartAndSendAsRefusedWithTheRelaysReason() throws Exception {
    LocalIdentity stranger = LoopbackRelay.unknown(); // the relay cannot resolve its DID
    LocalIdentity peer = world.known();

    TransportException sending = failure(messenger(stranger, world.uri()).send(peer.did(), new byte[] {1}));
    TransportException starting = failure(messenger(LoopbackRelay.unknown(), world.uri()).start());

    for (TransportException e : new TransportException[] {sending, starting}) {
      assertThat(e.code()).isEqualTo(TransportError.REGISTRATION_REFUSED);
      assertThat(e.getMessage()).contains("refused to register").contains("403").contains("does not resolve");
    }
    assertThat(sending.getMessage()).contains(stranger.did().toString());
  }

  @Test
  void aRelayThatIsDownIsReportedAsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    URI down = URI.create("ws://127.0.0.1:" + port + "/ws");

    TransportException sending = failure(messenger(world.known(), down).send(world.known().did(), new byte[] {1}));
    TransportException starting = failure(messenger(world.known(), down).start());

    for (TransportException e : new TransportException[] {sending, starting}) {
      assertThat(e.code()).isEqualTo(TransportError.RELAY_UNREACHABLE);
      assertThat(e.getMessage()).contains("connection refused").contains(down.toString());
    }
  }

  @Test
  void aWrongPathIsReportedAsNotAWebSocketEndpoint() throws Exception {
    URI wrong = world.uri().resolve("/not-the-relay");

    TransportException sending = failure(messenger(world.known(), wrong).send(world.known().did(), new byte[] {1}));
    TransportException starting = failure(messenger(world.known(), wrong).start());

    for (TransportException e : new TransportException[] {sending, starting}) {
      assertThat(e.code()).isEqualTo(TransportError.NOT_A_RELAY);
      assertThat(e.getMessage()).contains("not a WebSocket endpoint").contains("HTTP 404").contains(wrong.toString());
    }
  }
}
