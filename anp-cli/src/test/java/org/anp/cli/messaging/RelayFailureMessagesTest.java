package org.anp.cli.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.anp.cli.AnpCommand;
import org.anp.identity.resolve.DirectoryDidResolver;
import org.anp.transport.relay.RelayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What {@code anp send} and {@code anp listen} print when the relay cannot be used: a refused
 * registration with the relay's reason, a relay that is down, a URL that is not a relay. Each is
 * reported at once, though --timeout is far longer than the test waits.
 */
@Timeout(120) // far below --timeout: a failure reported only when the command gives up fails the test
class RelayFailureMessagesTest {
  @TempDir Path docs;
  @TempDir Path elsewhere;
  private RelayServer relay;
  private String url;
  private Path alice;

  private record Run(int exit, String out, String err) {}

  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Path create(Path parent, String domain) {
    Path dir = parent.resolve(domain);
    int exit = AnpCommand.run(System.out, System.err, "did", "create", "--method", "wba", "--domain", domain, "--out", dir.toString());
    assertThat(exit).isZero();
    return dir;
  }

  @BeforeEach
  void setUp() {
    alice = create(docs, "alice.test");
    create(docs, "bob.test");
    relay = RelayServer.builder().resolver(DirectoryDidResolver.of(docs)).build();
    url = relay.start().join().toString();
  }

  @AfterEach
  void tearDown() {
    relay.close();
  }

  private Run send(Path identity, String relayUrl) {
    return run(new SendCommand(), "--identity", identity.toString(), "--to", "did:wba:bob.test", "--relay", relayUrl,
        "--documents", docs.toString(), "--timeout", "600", "hello");
  }

  private Run listen(Path identity, String relayUrl) {
    return run(new ListenCommand(), "--identity", identity.toString(), "--relay", relayUrl, "--timeout", "600");
  }

  @Test
  void aRefusedRegistrationIsPrintedWithTheRelaysReason() {
    Path stranger = create(elsewhere, "stranger.test"); // its document is not where the relay looks

    for (Run r : new Run[] {send(stranger, url), listen(stranger, url)}) {
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).contains("registration refused (REGISTRATION_REFUSED)")
          .contains("did:wba:stranger.test").contains("does not resolve")
          .doesNotContain("TIMEOUT");
    }
  }

  @Test
  void aRelayThatIsDownIsPrintedAsConnectionRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String down = "ws://127.0.0.1:" + port + "/ws";

    for (Run r : new Run[] {send(alice, down), listen(alice, down)}) {
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("relay unreachable (RELAY_UNREACHABLE)").contains("connection refused").contains(down)
          .doesNotContain("TIMEOUT");
    }
  }

  @Test
  void aWrongPathIsPrintedAsNotAWebSocketEndpoint() {
    String wrong = url.replace("/ws", "/wrong");
    assertThat(wrong).isNotEqualTo(url);

    for (Run r : new Run[] {send(alice, wrong), listen(alice, wrong)}) {
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("not a relay (NOT_A_RELAY)").contains("not a WebSocket endpoint").contains("HTTP 404")
          .contains(wrong).doesNotContain("TIMEOUT");
    }
  }
}
