package org.anp.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.DidAuthenticationGate;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.identity.auth.HttpSignatureVerifier;
import org.anp.identity.auth.IssuedNonces;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.hosting.DidDocumentStore;
import org.anp.transport.hosting.DidWbaHosting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpServer} with a {@link DidAuthenticationGate}: route policies, the 1.2 challenge with an
 * issued nonce, 403 {@code forbidden_did}, and the token in {@code Authentication-Info}.
 */
class GateAuthenticationServerTest {
  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

  private final DidDocumentStore store = DidDocumentStore.inMemory();
  private final HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private HttpServer server;
  private URI base;
  private DidWbaIdentity alice;
  private DidWbaIdentity mallory;

  @BeforeEach
  void start() {
    DidWbaHosting hosting = DidWbaHosting.builder().store(store).domains("localhost").build();
    DidResolver resolver = hosting.localResolver(DidResolver.builder().methodsFromServiceLoader().build());
    DidAuthenticationGate gate = DidAuthenticationGate.builder()
        .verifier(HttpSignatureVerifier.builder().resolver(resolver)
            .issuedNonces(IssuedNonces.create(Clock.systemUTC(), Duration.ofMinutes(5), 100)).build())
        .tokens(AccessTokenService.builder().build())
        .access(caller -> !caller.did().toString().contains(":mallory"))
        .build();
    HttpHandler whoami = request -> CompletableFuture.completedFuture(HttpResponse.text(200,
        request.caller().map(c -> c.did() + " " + c.scheme()).orElse("anonymous")));
    server = hosting.addRoutes(HttpServer.builder().authentication(gate))
        .route("GET", "/required", AuthPolicy.REQUIRED, whoami)
        .route("GET", "/optional", AuthPolicy.OPTIONAL, whoami)
        .route("GET", "/open", AuthPolicy.NONE, whoami)
        .build();
    int port = server.start().join().getPort();
    base = URI.create("http://localhost:" + port + "/");
    alice = DidWbaIdentity.builder().host("localhost").port(port).path("u/alice").build();
    mallory = DidWbaIdentity.builder().host("localhost").port(port).path("u/mallory").build();
    store.put(alice.did(), alice.document().toBytes());
    store.put(mallory.did(), mallory.document().toBytes());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void unsignedRequestToARequiredRouteGetsTheChallengeWithAnIssuedNonce() throws Exception {
    java.net.http.HttpResponse<String> response = get(base.resolve("/required"), Map.of());

    assertThat(response.statusCode()).isEqualTo(401);
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge).startsWith("DIDWba realm=\"anp\", error=\"invalid_request\", error_description=\"");
    Matcher nonce = NONCE.matcher(challenge);
    assertThat(nonce.find()).isTrue();
    assertThat(response.headers().firstValue("Accept-Signature").orElseThrow())
        .contains(";nonce=\"" + nonce.group(1) + "\"");
    assertThat(response.body()).contains("\"error\":\"invalid_request\"");
  }

  @Test
  void signedRequestPassesAndGetsTheTokenWhichThenAuthenticates() throws Exception {
    URI target = base.resolve("/required");
    HttpSignatureAuthenticator client = signer(alice);

    java.net.http.HttpResponse<String> signed = get(target, client.sign("GET", target, new byte[0]));
    client.acceptResponse(target, signed.headers().map());
    java.net.http.HttpResponse<String> bearer = get(target, Map.of("Authorization", client.bearerHeader(target).orElseThrow()));

    assertThat(signed.statusCode()).isEqualTo(200);
    assertThat(signed.body()).isEqualTo(alice.did() + " HTTP_SIGNATURE");
    assertThat(signed.headers().firstValue("Authentication-Info").orElseThrow()).contains("access_token=\"");
    assertThat(signed.headers().firstValue("Authorization")).isEmpty();
    assertThat(bearer.body()).isEqualTo(alice.did() + " BEARER_TOKEN");
    assertThat(bearer.headers().firstValue("Authentication-Info")).isEmpty();
  }

  @Test
  void optionalRouteRunsAnonymouslyButRefusesABadSignature() throws Exception {
    URI target = base.resolve("/optional");
    Map<String, String> forOtherPath = signer(alice).sign("GET", base.resolve("/required"), new byte[0]);

    java.net.http.HttpResponse<String> anonymous = get(target, Map.of());
    java.net.http.HttpResponse<String> bad = get(target, forOtherPath);

    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body()).isEqualTo("anonymous");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_signature\"");
  }

  @Test
  void aCallerThePolicyRefusesGets403ForbiddenDid() throws Exception {
    URI target = base.resolve("/required");

    java.net.http.HttpResponse<String> response = get(target, signer(mallory).sign("GET", target, new byte[0]));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"forbidden_did\"");
    assertThat(response.headers().firstValue("Accept-Signature")).isEmpty();
    assertThat(response.headers().firstValue("Authentication-Info")).isEmpty();
  }

  @Test
  void openRouteIgnoresCredentials() throws Exception {
    java.net.http.HttpResponse<String> response = get(base.resolve("/open"), Map.of("Authorization", "Bearer not-a-token"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("anonymous");
  }

  private static HttpSignatureAuthenticator signer(DidWbaIdentity id) {
    return HttpSignatureAuthenticator.builder().did(id.did())
        .signingKey("key-1", id.privateKey("key-1").orElseThrow()).build();
  }

  private java.net.http.HttpResponse<String> get(URI uri, Map<String, String> headers) throws Exception {
    java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
    headers.forEach(request::header);
    return raw.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }
}
