package org.anp.integration.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.json.StrictJson;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.hosting.DidDocumentStore;
import org.anp.transport.hosting.DidWbaHosting;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpServer;

/**
 * Two real servers on loopback ports: a DID host (did:wba hosting over a store) and a service
 * whose {@code /api/hello} needs DID authentication; the service resolves callers' DIDs from the
 * host over HTTP. Closed with {@link #close()}.
 */
final class AuthScenario implements AutoCloseable {
  static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(1);

  final DidDocumentStore hostedDocuments = DidDocumentStore.inMemory();
  final HttpServer host;
  final HttpServer service;
  final URI hello;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  AuthScenario() {
    host = DidWbaHosting.builder().store(hostedDocuments).domains("localhost").build()
        .addRoutes(HttpServer.builder()).build();
    host.start().join();
    DidResolver resolver =
        DidResolver.builder()
            .insecureLoopbackHttp()
            .cacheSize(0)
            .build();
    DidWbaVerifier verifier =
        DidWbaVerifier.builder()
            .resolver(resolver)
            .audience("localhost")
            .resolveTimeout(RESOLVE_TIMEOUT)
            .tokens(AccessTokenService.builder().build())
            .build();
    service =
        HttpServer.builder()
            .authentication(verifier)
            .maxRequestBytes(4096)
            .route("GET", "/api/hello", AuthPolicy.REQUIRED,
                r -> CompletableFuture.completedFuture(
                    org.anp.transport.http.HttpResponse.text(200, "hello " + r.caller().orElseThrow().did())))
            .route("POST", "/api/hello", AuthPolicy.REQUIRED,
                r -> CompletableFuture.completedFuture(org.anp.transport.http.HttpResponse.text(200, "posted")))
            .build();
    int port = service.start().join().getPort();
    hello = URI.create("http://localhost:" + port + "/api/hello");
  }

  /** A new identity whose document the host serves. */
  DidWbaIdentity hostedIdentity(String path) {
    DidWbaIdentity id = unhostedIdentity(path);
    hostedDocuments.put(id.did(), id.document().toBytes());
    return id;
  }

  /** A new identity on the host's domain and port whose document is not served. */
  DidWbaIdentity unhostedIdentity(String path) {
    return DidWbaIdentity.builder().host("localhost").port(host.port()).path(path).build();
  }

  static DidWbaAuthenticator authenticator(DidWbaIdentity id, Clock clock) {
    return DidWbaAuthenticator.builder()
        .did(id.did())
        .signingKey("key-1", id.privateKey("key-1").orElseThrow())
        .clock(clock)
        .build();
  }

  HttpResponse<String> get(URI uri, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> getAsync(URI uri, String authorization) {
    return client.sendAsync(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", authorization).GET().build(),
        BodyHandlers.ofString());
  }

  HttpResponse<String> post(URI uri, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).POST(BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), BodyHandlers.ofString());
  }

  static String code(HttpResponse<String> response) {
    JsonNode json = StrictJson.parse(response.body(), 1 << 20);
    return json.get("code").asText();
  }

  @Override
  public void close() {
    service.close();
    host.close();
  }
}
