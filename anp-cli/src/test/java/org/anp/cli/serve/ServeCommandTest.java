package org.anp.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anp.cli.AnpCommand;
import org.anp.cli.CliRun;
import org.anp.cli.PrintedText;
import org.anp.cli.internal.LoopbackHttpOption;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  private static final Pattern URL = Pattern.compile("http://localhost:(\\d+)/");

  @TempDir Path dir;

  @Test
  void servesDocumentsFromTheDirectoryUntilInterrupted() throws Exception {
    PrintedText out = new PrintedText();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread runner = new Thread(() -> exit.complete(AnpCommand.run(
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        "serve", "did-host", "--port", "0", "--dir", dir.toString())));
    runner.start();
    int port = awaitPort(out);

    DidWbaIdentity alice = DidWbaIdentity.builder().host("localhost").port(port).path("u/alice").build();
    URI url = URI.create("http://localhost:" + port + alice.didWba().documentUrl().getRawPath());
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> put = client.send(
        HttpRequest.newBuilder(url).PUT(BodyPublishers.ofByteArray(alice.document().toBytes())).build(),
        BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(201);
    HttpResponse<byte[]> get = client.send(HttpRequest.newBuilder(url).build(), BodyHandlers.ofByteArray());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(alice.document().toBytes());
    try (var files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(1);
    }

    runner.interrupt();
    assertThat(exit.get(15, TimeUnit.SECONDS)).isZero();
    assertThat(out.text()).contains("stopped");
  }

  @Test
  void theCommandsResolveFromALoopbackDidHostOnlyWithAllowLoopbackHttp() throws Exception {
    PrintedText out = new PrintedText();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread runner = new Thread(() -> exit.complete(AnpCommand.run(
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        "serve", "did-host", "--port", "0", "--dir", dir.toString())));
    runner.start();
    try {
      int port = awaitPort(out);
      DidWbaIdentity alice = DidWbaIdentity.builder().host("localhost").port(port).path("alice").build();
      // the address the command prints as "listening on", not the DID's host name
      URI printed = URI.create("http://127.0.0.1:" + port + alice.didWba().documentUrl().getRawPath());
      assertThat(out.text()).contains("listening on http://127.0.0.1:" + port + "/");
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> put = client.send(
          HttpRequest.newBuilder(printed).PUT(BodyPublishers.ofByteArray(alice.document().toBytes())).build(),
          BodyHandlers.ofString());
      assertThat(put.statusCode()).isEqualTo(201);
      HttpResponse<byte[]> get = client.send(HttpRequest.newBuilder(printed).build(), BodyHandlers.ofByteArray());
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo(alice.document().toBytes());

      assertThat(resolverOf().resolve(alice.did()))
          .failsWithin(Duration.ofSeconds(30))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(IdentityException.class)
          .withMessageContaining("https://localhost:" + port)
          .withMessageContaining("fetched over HTTPS only");
      assertThat(resolverOf("--allow-loopback-http").resolve(alice.did()).get(30, TimeUnit.SECONDS).toBytes())
          .isEqualTo(alice.document().toBytes());
    } finally {
      runner.interrupt();
    }
    assertThat(exit.get(15, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void publishServesTheDocumentsItIsGivenFromTheStart() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path alice = dir.resolve("alice");
    CliRun created = CliRun.anp("did", "create", "--method", "wba", "--domain", "localhost", "--port",
        Integer.toString(port), "--path", "alice", "--out", alice.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    PrintedText out = new PrintedText();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread runner = new Thread(() -> exit.complete(AnpCommand.run(
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        "serve", "did-host", "--port", Integer.toString(port), "--dir", dir.resolve("hosted").toString(),
        "--publish", alice.resolve("did.json").toString())));
    runner.start();
    try {
      assertThat(awaitPort(out)).isEqualTo(port);
      DidResolver resolver = resolverOf("--allow-loopback-http");

      DidDocument resolved = resolver.resolve(created.out().strip()).get(30, TimeUnit.SECONDS);

      assertThat(resolved.id().toString()).isEqualTo(created.out().strip());
      out.awaitContains("serving " + created.out().strip() + " at http://localhost:" + port + "/alice/");
      assertThat(resolved.json()).isEqualTo(DidDocument.parse(Files.readAllBytes(alice.resolve("did.json"))).json());
    } finally {
      runner.interrupt();
    }
    assertThat(exit.get(15, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void publishRefusesADocumentServedElsewhere() {
    DidWbaIdentity elsewhere = DidWbaIdentity.builder().host("agents.example").path("alice").build();
    Path file = dir.resolve("elsewhere.json");
    try {
      Files.write(file, elsewhere.document().toBytes());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    CliRun run = CliRun.anp("serve", "did-host", "--port", "8999", "--dir", dir.resolve("hosted").toString(),
        "--publish", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("anp serve did-host: --publish " + file + ": " + elsewhere.did()
        + " is not served here (domains localhost, port 8999)");
    assertThat(CliRun.anp("serve", "did-host", "--port", "0", "--dir", dir.toString(), "--publish", file.toString())
        .exitCode()).as("a DID names its port, so --port 0 cannot serve it").isEqualTo(2);
  }

  // The network resolver a command builds from its --allow-loopback-http option and args.
  private static DidResolver resolverOf(String... args) {
    LoopbackHttpOption option = new LoopbackHttpOption();
    new CommandLine(option).parseArgs(args);
    return option.networkResolver();
  }

  @Test
  void aPortInUseFailsWithExitCode1() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.anp("serve", "did-host", "--port", Integer.toString(taken.getLocalPort()), "--dir", dir.toString());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("cannot listen");
    }
  }

  @Test
  void badUsageIsExitCode2() {
    assertThat(CliRun.anp("serve", "did-host", "--dir", dir.toString()).exitCode()).isEqualTo(2);
    assertThat(CliRun.anp("serve", "did-host", "--port", "70000", "--dir", dir.toString()).exitCode()).isEqualTo(2);
    assertThat(CliRun.anp("serve").exitCode()).isEqualTo(2);
  }

  private static int awaitPort(PrintedText out) {
    // the command prints its URL first and the "listening on" line right after it
    String printed = out.await(text -> URL.matcher(text).find() && text.contains("listening on"),
        "the URL and \"listening on\"");
    Matcher m = URL.matcher(printed);
    m.find();
    return Integer.parseInt(m.group(1));
  }
}
