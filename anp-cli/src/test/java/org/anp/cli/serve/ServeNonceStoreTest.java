package org.anp.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anp.cli.AnpCommand;
import org.anp.cli.CliRun;
import org.anp.cli.PrintedText;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.testing.NatsServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anp serve did-host --nonce-store nats://HOST:PORT}: two hosts given one NATS server
 * refuse a DIDWba-authenticated request replayed from one to the other; an unreachable server is a
 * clear error at start, a URL of another scheme a usage error.
 */
class ServeNonceStoreTest {
  private static final Pattern URL = Pattern.compile("http://localhost:(\\d+)/");

  @TempDir Path dir;
  private final List<Thread> runners = new ArrayList<>();
  private final List<CompletableFuture<Integer>> exits = new ArrayList<>();

  @AfterEach
  void stopHosts() throws Exception {
    runners.forEach(Thread::interrupt);
    for (CompletableFuture<Integer> exit : exits) {
      assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void twoHostsSharingANatsServerRefuseARequestReplayedFromOneToTheOther() throws Exception {
    try (NatsServerFixture nats = NatsServerFixture.start()) {
      PrintedText firstOut = new PrintedText();
      int first = host(nats.url(), firstOut);
      int second = host(nats.url(), new PrintedText());
      DidWbaIdentity alice = DidWbaIdentity.builder().host("localhost").port(first).path("u/alice").build();
      String path = alice.didWba().documentUrl().getRawPath();
      String authorization = DidWbaAuthenticator.builder().did(alice.did())
          .signingKey("key-1", alice.privateKey("key-1").orElseThrow()).build()
          .authorizationHeader(java.net.URI.create("http://localhost:" + first + path));
      byte[] document = alice.document().toBytes();

      String created = put(first, "localhost:" + first, path, null, document);
      String replaced = put(first, "localhost:" + first, path, authorization, document);
      String replayed = put(second, "localhost:" + first, path, authorization, document);

      assertThat(firstOut.text()).contains("nonces shared through " + nats.url());
      assertThat(created).startsWith("HTTP/1.1 201");
      assertThat(replaced).as("replacing needs DID authentication").startsWith("HTTP/1.1 200");
      assertThat(replayed).startsWith("HTTP/1.1 401").contains("error=\"invalid_nonce\"");
    }
  }

  @Test
  void anUnreachableNatsServerIsAClearErrorAtStart() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String url = "nats://127.0.0.1:" + port;

    CliRun run = CliRun.anp("serve", "did-host", "--port", "0", "--dir", dir.toString(), "--nonce-store", url);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--nonce-store").contains("CLUSTER_UNAVAILABLE").contains(url);
  }

  @Test
  void aUrlThatIsNotNatsIsAUsageError() {
    CliRun run = CliRun.anp("serve", "did-host", "--port", "0", "--dir", dir.toString(),
        "--nonce-store", "http://127.0.0.1:4222");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--nonce-store").contains("nats://HOST:PORT");
  }

  private int host(String natsUrl, PrintedText out) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread runner = new Thread(() -> exit.complete(AnpCommand.run(
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        "serve", "did-host", "--port", "0", "--dir", dir.toString(), "--nonce-store", natsUrl)));
    runner.start();
    runners.add(runner);
    exits.add(exit);
    // the command prints its URL first and the "listening on" line right after it
    String printed;
    try {
      printed = out.await(text -> URL.matcher(text).find() && text.contains("listening on"),
          "the URL and \"listening on\"", exit);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8), e);
    }
    Matcher m = URL.matcher(printed);
    m.find();
    return Integer.parseInt(m.group(1));
  }

  // A PUT written on a socket with the given Host, as a load balancer in front of both hosts would;
  // without an Authorization header when authorization is null.
  private static String put(int port, String host, String path, String authorization, byte[] body) throws IOException {
    String head = "PUT " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
