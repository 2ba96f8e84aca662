package org.anp.transport.p1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.AuthScheme;
import org.anp.identity.auth.DidAuthenticationGate;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.identity.auth.HttpSignatureVerifier;
import org.anp.identity.auth.IssuedNonces;
import org.anp.identity.json.StrictJson;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.hosting.DidDocumentStore;
import org.anp.transport.hosting.DidWbaHosting;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ANP-02 1.2 DID authentication of P1 calls on real loopback servers: the client signs with RFC
 * 9421 by default and the DIDWba header on request, the server ({@link HttpServer} with a {@link
 * DidAuthenticationGate}) accepts both, answers refusals with the 1.2 challenge and hands out a
 * token in {@code Authentication-Info} that later calls reuse.
 */
class P1ClientAuthenticationTest {
  private static final String PROFILE = "test.auth.v1";

  private final DidDocumentStore store = DidDocumentStore.inMemory();
  private final DidWbaHosting hosting = DidWbaHosting.builder().store(store).domains("localhost").build();
  private final DidResolver resolver =
      hosting.localResolver(DidResolver.builder().methodsFromServiceLoader().build());
  private final HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<HttpServer> servers = new ArrayList<>();
  private URI endpoint;
  private URI requiredEndpoint;
  private DidWbaIdentity alice;

  @BeforeEach
  void start() {
    URI base = start(b -> b.authentication(gate(UnaryOperator.identity())));
    endpoint = base.resolve("/anp");
    requiredEndpoint = base.resolve("/anp-required");
    alice = DidWbaIdentity.builder().host("localhost").port(base.getPort()).path("u/alice").build();
    store.put(alice.did(), alice.document().toBytes());
  }

  @AfterEach
  void stop() {
    servers.forEach(HttpServer::close);
  }

  /**
   * A server hosting the DID documents, with P1 at /anp (optional auth) and /anp-required; returns
   * its base URI.
   */
  private URI start(UnaryOperator<HttpServer.Builder> auth) {
    P1Dispatcher dispatcher =
        P1Dispatcher.builder()
            .serviceDid("did:web:service.test")
            .handlerTimeout(Duration.ofSeconds(60))
            .method(
                P1Method.builder("test.whoami", PROFILE)
                    .targetMode(TargetMode.ENDPOINT_LOCAL)
                    .requireAuthentication()
                    .handler(call -> {
                      ObjectNode out = JsonNodeFactory.instance.objectNode();
                      out.put("did", call.httpCaller().orElseThrow().did().toString());
                      out.put("scheme", call.httpCaller().orElseThrow().scheme().name());
                      out.set("echo", call.request().body());
                      return CompletableFuture.completedFuture(out);
                    })
                    .build())
            .build();
    HttpServer.Builder builder = hosting.addRoutes(auth.apply(HttpServer.builder()));
    dispatcher.mount(builder, "/anp", AuthPolicy.OPTIONAL);
    dispatcher.mount(builder, "/anp-required", AuthPolicy.REQUIRED);
    HttpServer server = builder.build();
    servers.add(server);
    // By name: the DIDWba verifiers accept "localhost" as their audience, not the bound address.
    return URI.create("http://localhost:" + server.start().join().getPort() + "/");
  }

  private DidAuthenticationGate gate(UnaryOperator<HttpSignatureVerifier.Builder> verifier) {
    return DidAuthenticationGate.builder()
        .verifier(verifier.apply(HttpSignatureVerifier.builder().resolver(resolver)).build())
        .acceptDidWbaHeader(DidWbaVerifier.builder().resolver(resolver).audience("localhost").build())
        .tokens(AccessTokenService.builder().build())
        .realm("p1-test")
        .build();
  }

  private P1Client defaultClient() {
    return P1Client.builder()
        .timeout(Duration.ofSeconds(60))
        .authenticateAs(alice.did(), "key-1", alice.privateKey("key-1").orElseThrow())
        .build();
  }

  private static P1Request whoami(String id, String text) {
    P1Meta meta = P1Meta.builder(PROFILE).operationId("op-" + id).build();
    return P1Request.of(id, "test.whoami", meta, JsonNodeFactory.instance.objectNode().put("text", text));
  }

  private static String scheme(JsonNode result) {
    return result.get("scheme").asText();
  }

  @Test
  void defaultClientSignsWithRfc9421ThenReusesTheToken() {
    P1Client client = defaultClient();

    JsonNode first = client.call(endpoint, whoami("r1", "one")).join();
    JsonNode second = client.call(endpoint, whoami("r2", "two")).join();

    assertThat(first.get("did").asText()).isEqualTo(alice.did().toString());
    assertThat(scheme(first)).isEqualTo(AuthScheme.HTTP_SIGNATURE.name());
    assertThat(first.get("echo").get("text").asText()).isEqualTo("one");
    assertThat(scheme(second)).isEqualTo(AuthScheme.BEARER_TOKEN.name());
    assertThat(second.get("did").asText()).isEqualTo(alice.did().toString());
  }

  @Test
  void didWbaHeaderOptionIsStillAccepted() {
    P1Client client = P1Client.builder()
        .timeout(Duration.ofSeconds(60))
        .authenticator(DidWbaAuthenticator.builder().did(alice.did())
            .signingKey("key-1", alice.privateKey("key-1").orElseThrow()).build())
        .build();

    JsonNode first = client.call(requiredEndpoint, whoami("r1", "one")).join();
    JsonNode second = client.call(requiredEndpoint, whoami("r2", "two")).join();

    assertThat(scheme(first)).isEqualTo(AuthScheme.DIDWBA_HEADER.name());
    assertThat(first.get("did").asText()).isEqualTo(alice.did().toString());
    assertThat(scheme(second)).isEqualTo(AuthScheme.BEARER_TOKEN.name());
  }

  @Test
  void signedResponseCarriesTheTokenOnlyInAuthenticationInfo() throws Exception {
    byte[] body = whoami("r1", "hi").toBytes();
    HttpResponse<byte[]> response = post(requiredEndpoint, body, signer().sign("POST", requiredEndpoint, body));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Authentication-Info").orElseThrow())
        .contains("access_token=\"").contains("token_type=\"Bearer\"").contains("scope=\"anp\"");
    assertThat(response.headers().firstValue("Authorization")).isEmpty();
  }

  @Test
  void tamperedBodyIsRefusedWithInvalidContentDigestAndTheServerKeepsServing() throws Exception {
    byte[] signedBody = whoami("r1", "pay 1 coin").toBytes();
    byte[] sentBody = whoami("r1", "pay 9 coin").toBytes();
    Map<String, String> headers = signer().sign("POST", endpoint, signedBody);

    HttpResponse<byte[]> response = post(endpoint, sentBody, headers);

    assertThat(response.statusCode()).isEqualTo(401);
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge).startsWith("DIDWba realm=\"p1-test\"").contains("error=\"invalid_content_digest\"")
        .contains("error_description=\"");
    assertThat(response.headers().firstValue("Accept-Signature").orElseThrow())
        .startsWith("sig1=(\"@method\" \"@target-uri\" \"content-digest\")");
    JsonNode json = StrictJson.parse(response.body(), 1 << 16);
    assertThat(json.get("status").intValue()).isEqualTo(401);
    assertThat(json.get("error").asText()).isEqualTo("invalid_content_digest");
    assertThat(scheme(defaultClient().call(endpoint, whoami("r2", "after")).join()))
        .isEqualTo(AuthScheme.HTTP_SIGNATURE.name());
  }

  @Test
  void missingCredentialsOnRequiredRouteGetTheChallengeAndTheClientSeesUnauthorized() throws Exception {
    HttpResponse<byte[]> response = post(requiredEndpoint, whoami("r1", "x").toBytes(), Map.of());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("DIDWba realm=\"p1-test\"").contains("error=\"invalid_request\"");
    assertThat(response.headers().firstValue("Accept-Signature")).isPresent();
    P1Client anonymous = P1Client.builder().timeout(Duration.ofSeconds(60)).build();
    assertThatThrownBy(() -> anonymous.call(requiredEndpoint, whoami("r2", "x")).join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(TransportException.class)
        .satisfies(t -> assertThat(((TransportException) t).code()).isEqualTo(TransportError.UNAUTHORIZED));
  }

  @Test
  void clientEchoesTheNonceAServerIssuesAndSignsAgainOnce() {
    IssuedNonces nonces = IssuedNonces.create(Clock.systemUTC(), Duration.ofMinutes(5), 100);
    URI strict = start(b -> b.authentication(gate(v -> v.issuedNonces(nonces).requireIssuedNonce(true))))
        .resolve("/anp-required");

    JsonNode result = defaultClient().call(strict, whoami("r1", "nonce")).join();

    assertThat(scheme(result)).isEqualTo(AuthScheme.HTTP_SIGNATURE.name());
    assertThat(result.get("did").asText()).isEqualTo(alice.did().toString());
  }

  @Test
  void aTokenAnotherServerRefusesIsDroppedAndTheCallSignedAfresh() {
    URI other = start(b -> b.authentication(gate(UnaryOperator.identity()))).resolve("/anp-required");
    P1Client client = defaultClient();
    assertThat(scheme(client.call(endpoint, whoami("r1", "a")).join())).isEqualTo(AuthScheme.HTTP_SIGNATURE.name());

    // Same host name, so the client offers the first server's token; the second server has its own keys.
    JsonNode atOther = client.call(other, whoami("r2", "b")).join();
    JsonNode again = client.call(other, whoami("r3", "c")).join();

    assertThat(scheme(atOther)).isEqualTo(AuthScheme.HTTP_SIGNATURE.name());
    assertThat(scheme(again)).isEqualTo(AuthScheme.BEARER_TOKEN.name());
  }

  @Test
  void defaultClientIsAcceptedByAServerStillOnTheDidWbaVerifier() {
    URI legacy = start(b -> b.authentication(
            DidWbaVerifier.builder().resolver(resolver).audience("localhost").build()))
        .resolve("/anp-required");

    JsonNode result = defaultClient().call(legacy, whoami("r1", "old server")).join();

    assertThat(scheme(result)).isEqualTo(AuthScheme.HTTP_SIGNATURE.name());
  }

  @Test
  void bothAuthenticationKindsOnOneServerAreRefused() {
    HttpServer.Builder builder = HttpServer.builder()
        .authentication(DidWbaVerifier.builder().resolver(resolver).audience("localhost").build())
        .authentication(gate(UnaryOperator.identity()));
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }

  private HttpSignatureAuthenticator signer() {
    return HttpSignatureAuthenticator.builder().did(alice.did())
        .signingKey("key-1", alice.privateKey("key-1").orElseThrow()).build();
  }

  private HttpResponse<byte[]> post(URI uri, byte[] body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<byte[]> response = raw.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isNotNull();
    return response;
  }
}
