package org.anp.identity.internal.wba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.DocumentFetcher;
import org.anp.identity.spi.ResolutionContext;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.identity.wba.DidWbaProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resolution from a real loopback HTTP server. */
class DidWbaMethodTest {
  private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
  private HttpServer server;
  private int port;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = documents.get(exchange.getRequestURI().getRawPath());
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private DidWbaIdentity identity(DidWbaProfile profile) {
    return DidWbaIdentity.builder().host("localhost").port(port).path("agents/alice").profile(profile).build();
  }

  private DidDocument resolve(Did did) {
    ResolutionContext context =
        new ResolutionContext(DocumentFetchers.insecureAllowLoopbackHttp(), Clock.systemUTC(), 64 * 1024);
    try {
      return DidWbaMethod.insecureHttpForLoopback().resolve(did, context).join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  @Test
  void resolvesAndVerifiesAServedDocument() {
    DidWbaIdentity identity = identity(DidWbaProfile.K1);
    documents.put(identity.didWba().documentUrl().getRawPath(), identity.document().toBytes());

    DidDocument resolved = resolve(identity.did());

    assertThat(resolved.id()).isEqualTo(identity.did());
    assertThat(resolved.json()).isEqualTo(identity.document().json());
  }

  @Test
  void resolvesThroughTheResolverWithTheMethodRegistered() {
    DidWbaIdentity identity = identity(DidWbaProfile.E1);
    documents.put(identity.didWba().documentUrl().getRawPath(), identity.document().toBytes());
    DidResolver resolver =
        DidResolver.builder()
            .method(DidWbaMethod.insecureHttpForLoopback())
            .fetcher(DocumentFetchers.insecureAllowLoopbackHttp())
            .build();

    assertThat(resolver.resolve(identity.did()).join().id()).isEqualTo(identity.did());
  }

  @Test
  void rejectsATamperedServedDocument() {
    DidWbaIdentity identity = identity(DidWbaProfile.E1);
    String tampered =
        new String(identity.document().toBytes(), StandardCharsets.UTF_8)
            .replace("\"created\":\"", "\"created\":\"1");
    documents.put(identity.didWba().documentUrl().getRawPath(), tampered.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> resolve(identity.did())).isInstanceOf(IdentityException.class);
  }

  @Test
  void rejectsADocumentOfAnotherDid() {
    DidWbaIdentity served = identity(DidWbaProfile.PLAIN_LEGACY);
    Did asked = Did.parse(served.did() + "x");
    documents.put(
        served.didWba().documentUrl().getRawPath().replace("/did.json", "x/did.json"),
        served.document().toBytes());

    assertThatThrownBy(() -> resolve(asked))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DOCUMENT));
  }

  @Test
  void missingDocumentIsNotFound() {
    assertThatThrownBy(() -> resolve(Did.parse("did:wba:localhost%3A" + port + ":nobody")))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.DID_NOT_FOUND));
  }

  @Test
  void theStandardMethodNeverUsesPlainHttp() {
    DidWbaIdentity identity = identity(DidWbaProfile.K1);
    documents.put(identity.didWba().documentUrl().getRawPath(), identity.document().toBytes());
    List<URI> asked = new ArrayList<>();
    DocumentFetcher recording =
        (uri, max) -> {
          asked.add(uri);
          return DocumentFetchers.insecureAllowLoopbackHttp().fetch(uri, max);
        };
    ResolutionContext context = new ResolutionContext(recording, Clock.systemUTC(), 64 * 1024);

    assertThat(resolveWith(DidWbaMethod.insecureHttpForLoopback(), identity.did(), context).id())
        .isEqualTo(identity.did());
    assertThat(asked.get(0).getScheme()).isEqualTo("http");
    // the standard method asks for https; stop before any network I/O
    DocumentFetcher refusing =
        (uri, max) -> {
          asked.add(uri);
          return CompletableFuture.failedFuture(
              new IdentityException(IdentityError.RESOLUTION_FAILED, "test: no network"));
        };
    assertThatThrownBy(
            () -> resolveWith(new DidWbaMethod(), identity.did(), new ResolutionContext(refusing, Clock.systemUTC(), 64 * 1024)))
        .isInstanceOf(IdentityException.class);
    assertThat(asked.get(1)).isEqualTo(identity.didWba().documentUrl());
    assertThat(asked.get(1).getScheme()).isEqualTo("https");
  }

  @Test
  void aPlainHttpLoopbackHostResolvesOnlyWithTheOptIn() {
    DidWbaIdentity identity = identity(DidWbaProfile.E1);
    documents.put(identity.didWba().documentUrl().getRawPath(), identity.document().toBytes());
    DidResolver optedIn = DidResolver.builder().methodsFromServiceLoader().insecureLoopbackHttp().build();

    assertThat(optedIn.resolve(identity.did()).join().id()).isEqualTo(identity.did());
  }

  @Test
  void withoutTheOptInAPlainHttpLoopbackHostIsRefusedWithTheCure() throws Exception {
    DidResolver standard = DidResolver.builder().methodsFromServiceLoader().build();
    // A plain HTTP server answers a TLS ClientHello with 400 and closes, as Netty and nginx do.
    try (ServerSocket plainHttp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread answering = new Thread(() -> {
        try (Socket s = plainHttp.accept()) {
          s.getInputStream().read(new byte[512]);
          s.getOutputStream().write(
              "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // the assertion below reports what the client saw
        }
      }, "plain-http");
      answering.start();
      Did did = Did.parse("did:wba:localhost%3A" + plainHttp.getLocalPort() + ":agents:alice");

      assertThatThrownBy(() -> standard.resolve(did).join())
          .cause()
          .isInstanceOfSatisfying(IdentityException.class, e -> {
            // refused before any connection: localhost is a loopback address (decision 0044)
            assertThat(e.code()).isEqualTo(IdentityError.RESOLUTION_REFUSED);
            assertThat(e.getMessage())
                .startsWith("RESOLUTION_REFUSED: uri: https://localhost:" + plainHttp.getLocalPort())
                .contains("host localhost resolves to an internal address")
                .contains("fetched over HTTPS only")
                .contains("insecureLoopbackHttp()");
          });
      answering.join(30_000);
    }
  }

  private static DidDocument resolveWith(DidWbaMethod method, Did did, ResolutionContext context) {
    try {
      return method.resolve(did, context).join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  @Test
  void registeredWithTheServiceLoader() {
    assertThat(
            ServiceLoader.load(DidMethod.class).stream()
                .map(p -> p.get().methodName())
                .collect(Collectors.toSet()))
        .contains("wba", "all");
  }
}
