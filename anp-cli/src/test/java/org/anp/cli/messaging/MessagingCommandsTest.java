package org.anp.cli.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.cli.AnpCommand;
import org.anp.cli.PrintedText;
import org.anp.identity.resolve.DirectoryDidResolver;
import org.anp.transport.relay.RelayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MessagingCommandsTest {
  @TempDir Path docs;
  private RelayServer relay;
  private String url;
  private Path alice;
  private Path bob;

  /** Output of one command run. */
  private record Run(int exit, String out, String err) {}

  private static final class Buffers {
    final StringWriter out = new StringWriter();
    final PrintedText err = new PrintedText();

    String err() {
      return err.text();
    }
  }

  private static Run run(Object command, String... args) {
    return run(command, new Buffers(), args);
  }

  private static Run run(Object command, Buffers b, String... args) {
    PrintWriter out = new PrintWriter(b.out, true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(b.err, StandardCharsets.UTF_8), true);
    int exit = new CommandLine(command).setOut(out).setErr(err).execute(args);
    out.flush();
    err.flush();
    return new Run(exit, b.out.toString(), b.err());
  }

  private Path create(String domain) {
    Path dir = docs.resolve(domain);
    int exit = AnpCommand.run(System.out, System.err, "did", "create", "--method", "wba", "--domain", domain, "--out", dir.toString());
    assertThat(exit).isZero();
    return dir;
  }

  @BeforeEach
  void setUp() {
    alice = create("alice.test");
    bob = create("bob.test");
    relay = RelayServer.builder().resolver(DirectoryDidResolver.of(docs)).build();
    url = relay.start().join().toString();
  }

  @AfterEach
  void tearDown() {
    relay.close();
  }

  private CompletableFuture<Run> listen(Buffers b, String... extra) throws InterruptedException {
    String[] base = {"--identity", bob.toString(), "--relay", url, "--documents", docs.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    CompletableFuture<Run> listening = CompletableFuture.supplyAsync(() -> run(new ListenCommand(), b, args));
    b.err.await(text -> text.contains("listening as"), "\"listening as\"", listening);
    assertThat(b.err()).contains("listening as did:wba:bob.test");
    return listening;
  }

  @Test
  void sendReachesAListenerWhichPrintsItAndExitsAfterCount() throws Exception {
    Buffers b = new Buffers();
    CompletableFuture<Run> listening = listen(b, "--count", "2");

    Run first = run(new SendCommand(), "--identity", alice.toString(), "--to", "did:wba:bob.test", "--relay", url,
        "--documents", docs.toString(), "hello", "bob");
    Run second = run(new SendCommand(), "--identity", alice.toString(), "--to", "did:wba:bob.test", "--relay", url,
        "--documents", docs.toString(), "second message");
    Run listened = listening.get(20, TimeUnit.SECONDS);

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).matches("DELIVERED [0-9a-f]{16}\\R");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(listened.exit()).isZero();
    assertThat(listened.out()).isEqualTo(
        "from did:wba:alice.test: hello bob" + System.lineSeparator()
            + "from did:wba:alice.test: second message" + System.lineSeparator());
  }

  @Test
  void sendToAListenerThatWentAwayWaitsForTheHandshakeAndReportsTheMessageExpired() throws Exception {
    CompletableFuture<Run> listening = listen(new Buffers(), "--count", "1");
    Run first = run(new SendCommand(), "--identity", alice.toString(), "--to", "did:wba:bob.test", "--relay", url,
        "--documents", docs.toString(), "hello");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(listening.get(20, TimeUnit.SECONDS).exit()).isZero();

    long start = System.nanoTime();
    Run second = run(new SendCommand(), "--identity", alice.toString(), "--to", "did:wba:bob.test", "--relay", url,
        "--documents", docs.toString(), "--timeout", "2", "are you there?");

    assertThat(second.exit()).isEqualTo(1);
    assertThat(second.err()).contains("MESSAGE_EXPIRED (504)").contains("did:wba:bob.test");
    assertThat(second.out()).isEmpty();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(2));
  }

  @Test
  void sendToADidTheRelayCannotRouteExitsOneWithTheCode() {
    Path carol = create("carol.test");

    Run r = run(new SendCommand(), "--identity", alice.toString(), "--to", "did:wba:carol.test", "--relay", url,
        "--documents", docs.toString(), "anyone?");

    assertThat(carol).isDirectory();
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("DID_NOT_FOUND (404)");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anUnreachableRelayExitsOne() {
    relay.close();

    Run r = run(new SendCommand(), "--identity", alice.toString(), "--to", "did:wba:bob.test", "--relay", url,
        "--documents", docs.toString(), "--timeout", "2", "x");
    Run l = run(new ListenCommand(), "--identity", bob.toString(), "--relay", url, "--timeout", "2");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("RELAY_UNREACHABLE").contains("connection refused");
    assertThat(l.exit()).isEqualTo(1);
    assertThat(l.err()).contains("RELAY_UNREACHABLE").contains("connection refused");
  }

  @Test
  void aListenerWithoutItsDocumentAtTheRelayIsRefused() throws Exception {
    Path dave = Files.createDirectories(docs.getParent().resolve(docs.getFileName() + "-elsewhere"));
    AnpCommand.run(System.out, System.err, "did", "create", "--method", "wba", "--domain", "dave.test", "--out",
        dave.resolve("dave").toString());

    Run l = run(new ListenCommand(), "--identity", dave.resolve("dave").toString(), "--relay", url, "--timeout", "5");

    assertThat(l.exit()).isEqualTo(1);
    assertThat(l.err()).contains("REGISTRATION_REFUSED");
  }

  @Test
  void badUsageExitsTwo() throws Exception {
    Path empty = Files.createDirectories(docs.resolve("empty"));
    Path noP256 = docs.resolve("nokeys");
    Files.createDirectories(noP256);
    Files.copy(alice.resolve("did.json"), noP256.resolve("did.json"));
    Files.copy(alice.resolve("key-1.pem"), noP256.resolve("key-1.pem"));

    assertThat(run(new SendCommand(), "--identity", alice.toString(), "--to", "did:wba:bob.test", "--relay", "http://x", "t").exit())
        .isEqualTo(2);
    assertThat(run(new SendCommand(), "--identity", alice.toString(), "--to", "did:wba:bob.test", "--relay", url).exit())
        .isEqualTo(2);
    Run noIdentity = run(new SendCommand(), "--identity", empty.toString(), "--to", "did:wba:bob.test", "--relay", url, "t");
    assertThat(noIdentity.exit()).isEqualTo(2);
    assertThat(noIdentity.err()).contains("did.json");
    Run noKey = run(new ListenCommand(), "--identity", noP256.toString(), "--relay", url);
    assertThat(noKey.exit()).isEqualTo(2);
    assertThat(noKey.err()).contains("P-256");
    assertThat(run(new ListenCommand(), "--identity", bob.toString(), "--relay", url, "--count", "0").exit()).isEqualTo(2);
    assertThat(run(new ListenCommand(), "--identity", bob.toString(), "--relay", url, "--documents", alice.resolve("did.json").toString()).exit())
        .isEqualTo(2);
  }

  @Test
  void aMalformedRecipientExitsOneWithInvalidMessage() {
    Run r = run(new SendCommand(), "--identity", alice.toString(), "--to", "bob", "--relay", url, "x");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("INVALID_MESSAGE");
  }

  @Test
  void theCommandsAreRegisteredUnderAnp() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

    int send = AnpCommand.run(new java.io.PrintStream(out), new java.io.PrintStream(err), "send", "--help");
    int listen = AnpCommand.run(new java.io.PrintStream(out), new java.io.PrintStream(err), "listen", "--help");

    assertThat(send).isZero();
    assertThat(listen).isZero();
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("--to=DID").contains("--count=N");
  }
}
