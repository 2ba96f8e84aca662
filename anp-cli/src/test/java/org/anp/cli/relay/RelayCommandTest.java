package org.anp.cli.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.anp.cli.AnpCommand;
import org.anp.cli.PrintedText;
import org.anp.transport.testing.NatsServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayCommandTest {
  private final PrintedText out = new PrintedText();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AnpCommand.run(new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), args);
  }

  /** Runs {@code anp relay ARGS} in a thread, waits for the URL, checks a heartbeat, interrupts. */
  private void runUntilInterrupted(String... args) throws Exception {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread thread = new Thread(() -> exit.complete(run(args)));
    thread.start();
    String url = out.await(text -> text.contains("\n"), "the relay's URL", exit).trim();
    assertThat(url).as(err.toString(UTF_8)).matches("ws://127\\.0\\.0\\.1:\\d+/ws");

    CompletableFuture<String> pong = new CompletableFuture<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(url), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            pong.complete(data.toString());
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    socket.sendText("{\"version\":\"1.0\",\"type\":\"heartbeat\",\"timestamp\":\"2026-01-01T00:00:00Z\","
        + "\"messageId\":\"h1\",\"message\":\"ping\"}", true).get(10, TimeUnit.SECONDS);
    assertThat(pong.get(10, TimeUnit.SECONDS)).contains("\"pong\"").contains("\"h1\"");

    thread.interrupt();
    assertThat(exit.get(15, TimeUnit.SECONDS)).isZero();
    socket.abort();
  }

  @Test
  void printsTheUrlServesAndStopsOnInterrupt() throws Exception {
    runUntilInterrupted("relay", "--port", "0");
  }

  @Test
  void runsWithAnIdentityAndADocumentsDirectory(@TempDir Path dir) throws Exception {
    Path id = dir.resolve("relay");
    assertThat(run("did", "create", "--method", "wba", "--domain", "relay.example", "--out", id.toString()))
        .as(err.toString(UTF_8)).isZero();
    out.reset();
    runUntilInterrupted("relay", "--identity", id.toString(), "--documents", dir.toString(),
        "--peer-relays", "did:wba:other.example");
  }

  @Test
  void anIdentityDirectoryWithoutKeysFails(@TempDir Path dir) throws Exception {
    Path id = dir.resolve("relay");
    assertThat(run("did", "create", "--method", "wba", "--domain", "relay.example", "--out", id.toString())).isZero();
    try (var files = Files.list(id)) {
      for (Path pem : files.filter(p -> p.toString().endsWith(".pem")).toList()) {
        Files.delete(pem);
      }
    }
    assertThat(run("relay", "--identity", id.toString())).isEqualTo(1);
    assertThat(err.toString(UTF_8)).contains("no signing key");
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(run("relay", "--port", "70000")).isEqualTo(2);
    assertThat(run("relay", "--max-frame-bytes", "0")).isEqualTo(2);
  }

  @Test
  void joinsAClusterOnNats() throws Exception {
    try (NatsServerFixture nats = NatsServerFixture.start()) {
      runUntilInterrupted("relay", "--cluster", nats.url(), "--cluster-name", "cli");
    }
  }

  @Test
  void anUnreachableClusterFailsWithAClearMessage() {
    NatsServerFixture nats = NatsServerFixture.start();
    String url = nats.url();
    nats.close();
    assertThat(run("relay", "--cluster", url)).isEqualTo(1);
    assertThat(err.toString(UTF_8)).contains("NATS at 127.0.0.1:").contains("unreachable");
  }

  @Test
  void aClusterUrlThatIsNotNatsIsAUsageError() {
    assertThat(run("relay", "--cluster", "http://127.0.0.1:4222")).isEqualTo(2);
  }
}
