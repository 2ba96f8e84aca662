package org.anp.application.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bodies read without blocking, against a real loopback server: whole up to the limit, refused past it. */
class AuthenticatedHttpTest {
  private final CountDownLatch answer = new CountDownLatch(1);
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      int size = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
      byte[] body = new byte[size];
      Arrays.fill(body, (byte) 'a');
      exchange.sendResponseHeaders(200, size);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.createContext("/never", exchange -> {
      try {
        answer.await(60, TimeUnit.SECONDS); // holds the request until the test ends
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    server.setExecutor(pool);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @AfterEach
  void stop() {
    answer.countDown();
    server.stop(0);
    pool.shutdownNow();
  }

  private AuthenticatedHttp http(int maxBytes) {
    return http(maxBytes, Duration.ofSeconds(30));
  }

  private static AuthenticatedHttp http(int maxBytes, Duration timeout) {
    return new AuthenticatedHttp(HttpClient.newHttpClient(), Optional.empty(), timeout, maxBytes, Runnable::run);
  }

  @Test
  void aRequestWithoutAnswerFailsAfterTheTimeout() throws Exception {
    AuthenticatedHttp http = http(1000, Duration.ofMillis(300));
    try {
      http.post(base.resolve("never"), new byte[0]).get(30, TimeUnit.SECONDS);
      throw new AssertionError("a request without an answer succeeded");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOfSatisfying(ApplicationException.class, a -> {
        assertThat(a.code()).isEqualTo(ApplicationError.FETCH_FAILED);
        assertThat(a.getMessage()).contains("HttpTimeoutException");
      });
    }
    // The client is still usable.
    assertThat(http.post(base.resolve("10"), new byte[0]).get(30, TimeUnit.SECONDS).body()).hasSize(10);
  }

  @Test
  void readsBodiesUpToTheLimitAndRefusesLargerOnes() throws Exception {
    AuthenticatedHttp http = http(100_000);
    AuthenticatedHttp.Reply exact = http.post(base.resolve("100000"), new byte[0]).get(30, TimeUnit.SECONDS);
    assertThat(exact.status()).isEqualTo(200);
    assertThat(exact.body()).hasSize(100_000).containsOnly((byte) 'a');
    assertThat(http.post(base.resolve("0"), new byte[0]).get(30, TimeUnit.SECONDS).body()).isEmpty();

    try {
      http.post(base.resolve("100001"), new byte[0]).get(30, TimeUnit.SECONDS);
      throw new AssertionError("a body past the limit was accepted");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOfSatisfying(ApplicationException.class, a -> {
        assertThat(a.code()).isEqualTo(ApplicationError.FETCH_FAILED);
        assertThat(a.getMessage()).contains("larger than 100000");
      });
    }
  }
}
