package org.anp.identity.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didkey.DidKey;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.DocumentFetcher;
import org.anp.identity.spi.ResolutionContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK fetchers against a real loopback HTTP server bound to port 0. */
class DocumentFetchersTest {
  private static final int LIMIT = 1000;
  private static final Did ED = Did.parse("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");

  private HttpServer server;
  private ExecutorService executor;
  private final CountDownLatch releaseSlow = new CountDownLatch(1);
  private final List<String> acceptHeaders = new CopyOnWriteArrayList<>();
  private final byte[] document = DidKey.document(ED).toBytes();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/doc", ex -> respond(ex, 200, document, false));
    server.createContext("/missing", ex -> respond(ex, 404, "no".getBytes(StandardCharsets.UTF_8), false));
    server.createContext("/gone", ex -> respond(ex, 410, new byte[0], false));
    server.createContext("/broken", ex -> respond(ex, 500, "oops".getBytes(StandardCharsets.UTF_8), false));
    server.createContext("/redirect", ex -> {
      ex.getResponseHeaders().add("Location", "/doc");
      respond(ex, 302, new byte[0], false);
    });
    server.createContext("/exact", ex -> respond(ex, 200, filled(LIMIT), true));
    server.createContext("/over-chunked", ex -> respond(ex, 200, filled(LIMIT + 1), true));
    server.createContext("/over-declared", ex -> respond(ex, 200, filled(LIMIT + 1), false));
    server.createContext("/huge-chunked", ex -> respond(ex, 200, filled(5_000_000), true));
    server.createContext("/slow", ex -> {
      try {
        releaseSlow.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(ex, 200, document, false);
    });
    server.start();
  }

  @AfterEach
  void stop() {
    releaseSlow.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private static byte[] filled(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) ' ');
    return b;
  }

  private void respond(HttpExchange ex, int status, byte[] body, boolean chunked) throws IOException {
    acceptHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Accept")));
    try (ex) {
      ex.sendResponseHeaders(status, chunked ? 0 : (body.length == 0 ? -1 : body.length));
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        } catch (IOException clientWentAway) {
          // The fetcher stops reading at its limit; the server may see a reset.
        }
      }
    }
  }

  private URI http(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static IdentityException failure(CompletableFuture<?> f) {
    Throwable t = f.handle((v, e) -> e).join();
    assertThat(t).isInstanceOf(IdentityException.class);
    return (IdentityException) t;
  }

  private static final DocumentFetcher LOOPBACK = DocumentFetchers.insecureAllowLoopbackHttp(Duration.ofSeconds(5));

  @Test
  void fetchesADocumentWithAcceptJson() {
    byte[] body = LOOPBACK.fetch(http("/doc"), LIMIT * 10).join();
    assertThat(body).isEqualTo(document);
    assertThat(acceptHeaders).containsExactly("application/json");
  }

  @Test
  void localhostNameIsLoopbackToo() {
    URI uri = URI.create("http://localhost:" + server.getAddress().getPort() + "/doc");
    assertThat(LOOPBACK.fetch(uri, LIMIT * 10).join()).isEqualTo(document);
  }

  @Test
  void notFoundAndGoneAreDidNotFound() {
    assertThat(failure(LOOPBACK.fetch(http("/missing"), LIMIT)).code()).isEqualTo(IdentityError.DID_NOT_FOUND);
    assertThat(failure(LOOPBACK.fetch(http("/gone"), LIMIT)).code()).isEqualTo(IdentityError.DID_NOT_FOUND);
  }

  @Test
  void otherStatusesAndRedirectsFail() {
    IdentityException e = failure(LOOPBACK.fetch(http("/broken"), LIMIT));
    assertThat(e.code()).isEqualTo(IdentityError.RESOLUTION_FAILED);
    assertThat(e.getMessage()).contains("500");
    assertThat(failure(LOOPBACK.fetch(http("/redirect"), LIMIT)).code()).isEqualTo(IdentityError.RESOLUTION_FAILED);
  }

  @Test
  void sizeLimitIsEnforcedAtTheEdge() {
    assertThat(LOOPBACK.fetch(http("/exact"), LIMIT).join()).hasSize(LIMIT);
    assertThat(failure(LOOPBACK.fetch(http("/over-chunked"), LIMIT)).code()).isEqualTo(IdentityError.INPUT_TOO_LARGE);
    assertThat(failure(LOOPBACK.fetch(http("/over-declared"), LIMIT)).code()).isEqualTo(IdentityError.INPUT_TOO_LARGE);
    assertThat(failure(LOOPBACK.fetch(http("/huge-chunked"), LIMIT)).code()).isEqualTo(IdentityError.INPUT_TOO_LARGE);
  }

  @Test
  void slowServerTimesOut() {
    DocumentFetcher fetcher = DocumentFetchers.insecureAllowLoopbackHttp(Duration.ofMillis(300));
    IdentityException e = failure(fetcher.fetch(http("/slow"), LIMIT));
    assertThat(e.code()).isEqualTo(IdentityError.RESOLUTION_TIMEOUT);
  }

  @Test
  void plainHttpIsRefusedByTheHttpsFetcher() {
    IdentityException e = failure(DocumentFetchers.https().fetch(http("/doc"), LIMIT));
    assertThat(e.code()).isEqualTo(IdentityError.RESOLUTION_FAILED);
    assertThat(e.getMessage()).contains("only https");
    assertThat(acceptHeaders).isEmpty();
  }

  @Test
  void insecureOptionAllowsOnlyLoopbackHttp() {
    IdentityException e = failure(LOOPBACK.fetch(URI.create("http://example.com/did.json"), LIMIT));
    assertThat(e.code()).isEqualTo(IdentityError.RESOLUTION_FAILED);
    assertThat(e.getMessage()).contains("loopback");
    assertThat(failure(LOOPBACK.fetch(URI.create("ftp://127.0.0.1/x"), LIMIT)).code()).isEqualTo(IdentityError.RESOLUTION_FAILED);
    assertThat(failure(LOOPBACK.fetch(URI.create("file:///etc/hosts"), LIMIT)).code()).isEqualTo(IdentityError.RESOLUTION_FAILED);
  }

  @Test
  void connectionRefusedIsResolutionFailed() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port + "/doc");
    assertThat(failure(LOOPBACK.fetch(uri, LIMIT)).code()).isEqualTo(IdentityError.RESOLUTION_FAILED);
  }

  /** A DID method that fetches its documents from the loopback server, as did:wba would. */
  private final class LoopbackMethod implements DidMethod {
    @Override
    public String methodName() {
      return "key";
    }

    @Override
    public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
      return context.fetcher().fetch(http("/doc"), context.maxDocumentBytes())
          .thenApply(bytes -> DidDocument.parse(bytes, context.maxDocumentBytes()));
    }
  }

  @Test
  void resolverFetchesThroughTheConfiguredFetcherAndLimit() {
    DidResolver resolver = DidResolver.builder().method(new LoopbackMethod()).fetcher(LOOPBACK).build();
    assertThat(resolver.resolve(ED).join().id()).isEqualTo(ED);
    DidResolver tight =
        DidResolver.builder().method(new LoopbackMethod()).fetcher(LOOPBACK).maxDocumentBytes(document.length - 1).build();
    assertThat(failure(tight.resolve(ED)).code()).isEqualTo(IdentityError.INPUT_TOO_LARGE);
  }
}
