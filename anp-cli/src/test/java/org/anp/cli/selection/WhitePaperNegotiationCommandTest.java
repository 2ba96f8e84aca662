package org.anp.cli.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anp.cli.AnpCommand;
import org.anp.cli.CliRun;
import org.anp.identity.resolve.DirectoryDidResolver;
import org.anp.transport.relay.RelayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anp listen --capabilities} and {@code anp negotiate --to --need} with the example pair of
 * docs/examples/negotiation, in-process over a relay on loopback: the first run negotiates (a
 * counter-proposal in round 2), tests and gets a reply; the second reuses the stored protocol.
 */
class WhitePaperNegotiationCommandTest {
  private static final Path EXAMPLES = Path.of("..", "docs", "examples", "negotiation");

  @TempDir Path docs;
  private RelayServer relay;
  private String url;
  private Path requester;
  private Path provider;

  /**
   * A stream that can be read while a command still writes to it, and completes {@link #seen}
   * once its text contains {@code awaited}.
   */
  private static final class Buffer extends ByteArrayOutputStream {
    final CompletableFuture<Void> seen = new CompletableFuture<>();
    private final String awaited;

    Buffer(String awaited) {
      this.awaited = awaited;
    }

    Buffer() {
      this("");
    }

    synchronized String text() {
      return toString(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
      super.write(b);
      check();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      super.write(b, off, len);
      check();
    }

    private void check() {
      if (!seen.isDone() && text().contains(awaited)) {
        seen.complete(null);
      }
    }
  }

  private Path create(String domain) {
    Path dir = docs.resolve(domain);
    int exit = AnpCommand.run(System.out, System.err, "did", "create", "--method", "wba", "--domain", domain, "--out", dir.toString());
    assertThat(exit).isZero();
    return dir;
  }

  @BeforeEach
  void setUp() {
    requester = create("requester.test");
    provider = create("provider.test");
    relay = RelayServer.builder().resolver(DirectoryDidResolver.of(docs)).build();
    url = relay.start().join().toString();
  }

  @AfterEach
  void tearDown() {
    relay.close();
  }

  @Test
  void theExamplePairNegotiatesOnceAndReusesTheProtocolTheSecondTime() throws Exception {
    Buffer out = new Buffer();
    Buffer err = new Buffer("listening as");
    CompletableFuture<Integer> listening = CompletableFuture.supplyAsync(() -> AnpCommand.run(
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        "listen", "--identity", provider.toString(), "--relay", url, "--documents", docs.toString(),
        "--capabilities", EXAMPLES.resolve("capabilities.json").toString(), "--count", "2"));
    // the listener says so on standard error once it is registered (or it ended early)
    CompletableFuture.anyOf(err.seen, listening).get(60, TimeUnit.SECONDS);
    assertThat(err.text()).contains("listening as did:wba:provider.test, serving getWeather, getStock");

    String[] negotiate = {"negotiate", "--identity", requester.toString(), "--to", "did:wba:provider.test",
        "--relay", url, "--documents", docs.toString(), "--need", EXAMPLES.resolve("need.md").toString()};
    CliRun first = CliRun.anp(negotiate);
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .contains("round 1: sent negotiating")
        .contains("round 2: received negotiating")
        .contains("renamed request field `cityName` to `city`")
        .contains("round 3: sent accepted")
        .contains("reused: no")
        .containsPattern("tests: (\\d) of \\1 passed")
        .containsPattern("reply: \\{.*\"tempC\":21.5");
    String hash = hash(first.out());

    CliRun second = CliRun.anp(negotiate);
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("protocol: " + hash)
        .contains("reused: yes")
        .contains("tests: none run")
        .contains("\"tempC\":21.5")
        .doesNotContain("round ");
    assertThat(Files.list(requester.resolve("protocols"))).hasSize(1);

    assertThat(listening.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(out.text()).contains("round 3: received accepted").contains("served a request from did:wba:requester.test");
  }

  @Test
  void bothPathsAtOnceOrNeitherIsAUsageError() {
    assertThat(CliRun.anp("negotiate", "--select", "http://127.0.0.1:1/p1", "--intent", "x",
        "--to", "did:wba:a.test", "--relay", url, "--need", "need.md").exitCode()).isEqualTo(2);
    assertThat(CliRun.anp("negotiate").exitCode()).isEqualTo(2);
    assertThat(CliRun.anp("negotiate", "--to", "did:wba:a.test", "--relay", url).exitCode()).isEqualTo(2);
    CliRun noIdentity = CliRun.anp("negotiate", "--to", "did:wba:a.test", "--relay", url,
        "--need", EXAMPLES.resolve("need.md").toString());
    assertThat(noIdentity.exitCode()).isEqualTo(2);
    assertThat(noIdentity.err()).contains("--identity is required with --to");
  }

  private static String hash(String out) {
    Matcher m = Pattern.compile("protocol: ([0-9a-f]{64})").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }
}
