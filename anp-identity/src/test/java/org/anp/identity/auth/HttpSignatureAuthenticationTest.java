package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.identity.json.Jcs;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ANP-02 1.2 authentication between the 1.2 client and the gate, over a real loopback server. */
class HttpSignatureAuthenticationTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-09-07T08:00:00Z"), ZoneOffset.UTC);
  private static final DidWbaIdentity ALICE =
      DidWbaIdentity.builder().host("alice.example").keyType(KeyType.SECP256R1).build();
  private static final DidWbaIdentity MALLORY =
      DidWbaIdentity.builder().host("mallory.example").keyType(KeyType.ED25519).build();
  private static final DidResolver RESOLVER = did -> did.equals(ALICE.did())
      ? CompletableFuture.completedFuture(ALICE.document())
      : did.equals(MALLORY.did()) ? CompletableFuture.completedFuture(MALLORY.document())
      : CompletableFuture.failedFuture(new org.anp.identity.IdentityException(
          org.anp.identity.IdentityError.DID_NOT_FOUND, "unknown"));

  private HttpServer server;
  private DidAuthenticationGate gate;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    HttpSignatureVerifier verifier = HttpSignatureVerifier.builder().resolver(RESOLVER).clock(CLOCK)
        .issuedNonces(IssuedNonces.create(CLOCK, Duration.ofMinutes(2), 100)).requireIssuedNonce(true).build();
    AccessTokenService tokens = AccessTokenService.builder()
        .signingKey(PrivateKeyMaterial.generate(KeyType.ED25519, new java.security.SecureRandom()))
        .clock(CLOCK).build();
    gate = DidAuthenticationGate.builder().verifier(verifier).tokens(tokens).scope("orders.read")
        .realm("orders").access(caller -> !caller.did().equals(MALLORY.did())).build();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
      AuthRequest request = new AuthRequest(exchange.getRequestMethod(),
          URI.create("http://127.0.0.1:" + server.getAddress().getPort() + exchange.getRequestURI()), headers, body);
      boolean json = exchange.getRequestURI().getPath().startsWith("/json");
      DidAuthenticationGate.Decision d = (json ? gate.authenticateJson(request) : gate.authenticate(request))
          .orTimeout(30, TimeUnit.SECONDS).join();
      d.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] out = d.granted() ? ("hello " + d.caller().orElseThrow().did()).getBytes(StandardCharsets.UTF_8) : new byte[0];
      exchange.sendResponseHeaders(d.status(), out.length == 0 ? -1 : out.length);
      exchange.getResponseBody().write(out);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private HttpResponse<String> send(URI target, String method, byte[] body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpSignatureAuthenticator client(DidWbaIdentity who) {
    return HttpSignatureAuthenticator.builder().did(who.did())
        .signingKey("key-1", who.privateKey("key-1").orElseThrow()).clock(CLOCK).build();
  }

  @Test
  void challengeNonceIsEchoedOnceThenTheTokenFromAuthenticationInfoIsUsed() throws Exception {
    HttpSignatureAuthenticator alice = client(ALICE);
    URI target = uri("/orders?id=7");
    byte[] body = "{\"action\":\"create\"}".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> first = send(target, "POST", body, alice.sign("POST", target, body));
    assertThat(first.statusCode()).isEqualTo(401);
    String challenge = first.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge).startsWith("DIDWba realm=\"orders\", error=\"invalid_nonce\", error_description=\"")
        .contains(", nonce=\"");
    assertThat(first.headers().firstValue("Accept-Signature").orElseThrow())
        .startsWith("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created;expires;keyid;nonce=\"");

    alice.acceptResponse(target, first.headers().map());
    Map<String, String> signed = alice.sign("POST", target, body);
    assertThat(signed.get("Signature-Input")).contains("keyid=\"" + ALICE.did() + "#key-1\"").contains(";expires=");
    HttpResponse<String> second = send(target, "POST", body, signed);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo("hello " + ALICE.did());
    assertThat(second.headers().firstValue("Authorization")).isEmpty();
    assertThat(second.headers().firstValue("Authentication-Info").orElseThrow())
        .matches("access_token=\"[^\"]+\", token_type=\"Bearer\", expires_in=3600, scope=\"orders.read\"");

    HttpResponse<String> replay = send(target, "POST", body, signed);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_nonce\"");

    alice.acceptResponse(target, second.headers().map());
    HttpResponse<String> withToken = send(target, "GET", new byte[0],
        Map.of("Authorization", alice.bearerHeader(target).orElseThrow()));
    assertThat(withToken.statusCode()).isEqualTo(200);
    assertThat(withToken.headers().firstValue("Authentication-Info")).isEmpty();
  }

  @Test
  void jsonCarriageVerifiesThePayloadDigestAndTheRealTarget() throws Exception {
    HttpSignatureAuthenticator alice = client(ALICE);
    URI target = uri("/json/orders");
    ObjectNode payload = StrictJson.mapper().createObjectNode().put("action", "create").put("orderId", "12345");
    HttpResponse<String> challenged = send(target, "POST", Jcs.canonicalBytes(alice.signJson("POST", target, payload)),
        Map.of("Content-Type", "application/json"));
    assertThat(challenged.statusCode()).isEqualTo(401);
    alice.acceptResponse(target, challenged.headers().map());

    ObjectNode envelope = alice.signJson("POST", target, payload);
    assertThat(envelope.path("auth").path("contentDigest").asText())
        .isEqualTo("sha-256=:7R4Jg2ES+xDfzB2yYbqCL5I1eG0sbY0S/N0WiXAafJM=:");
    ObjectNode tampered = envelope.deepCopy();
    ((ObjectNode) tampered.get("payload")).put("orderId", "99999");
    assertThat(error(send(target, "POST", Jcs.canonicalBytes(tampered), Map.of()))).isEqualTo("invalid_content_digest");
    ObjectNode extra = envelope.deepCopy();
    extra.put("unsigned", true);
    assertThat(error(send(target, "POST", Jcs.canonicalBytes(extra), Map.of()))).isEqualTo("invalid_request");
    assertThat(error(send(uri("/json/elsewhere"), "POST", Jcs.canonicalBytes(envelope), Map.of())))
        .isEqualTo("invalid_signature");
    assertThat(send(target, "POST", Jcs.canonicalBytes(envelope), Map.of()).statusCode()).isEqualTo(200);
  }

  @Test
  void anAuthenticatedCallerThePolicyRefusesGets403ForbiddenDid() throws Exception {
    HttpSignatureAuthenticator mallory = client(MALLORY);
    URI target = uri("/orders");
    HttpResponse<String> first = send(target, "GET", new byte[0], mallory.sign("GET", target, new byte[0]));
    mallory.acceptResponse(target, first.headers().map());
    HttpResponse<String> refused = send(target, "GET", new byte[0], mallory.sign("GET", target, new byte[0]));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("DIDWba realm=\"orders\", error=\"forbidden_did\"").doesNotContain("nonce=");
    assertThat(refused.headers().firstValue("Authentication-Info")).isEmpty();
  }

  @Test
  void theDidWbaHeaderStaysAcceptedWhenConfigured() {
    DidWbaVerifier legacy = DidWbaVerifier.builder().resolver(RESOLVER).audience("api.example").clock(CLOCK).build();
    DidAuthenticationGate both = DidAuthenticationGate.builder().verifier(
        HttpSignatureVerifier.builder().resolver(RESOLVER).clock(CLOCK).build()).acceptDidWbaHeader(legacy).build();
    URI target = URI.create("https://api.example/orders");
    DidWbaAuthenticator old = DidWbaAuthenticator.builder().did(ALICE.did())
        .signingKey("key-1", ALICE.privateKey("key-1").orElseThrow()).clock(CLOCK).build();
    AuthRequest request = AuthRequest.of("GET", target, Map.of("Authorization", old.authorizationHeader(target)), new byte[0]);
    DidAuthenticationGate.Decision d = both.authenticate(request).join();
    assertThat(d.granted()).isTrue();
    assertThat(d.caller().orElseThrow().scheme()).isEqualTo(AuthScheme.DIDWBA_HEADER);

    DidAuthenticationGate.Decision none = both.authenticate(AuthRequest.of("GET", target, Map.of(), new byte[0])).join();
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.headers().get("WWW-Authenticate")).contains("error=\"invalid_request\"");
    assertThat(none.headers().get("Accept-Signature")).isEqualTo(
        "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created;expires;keyid");
  }

  @Test
  void aSentAlgMustNameTheKeysAlgorithm() {
    HttpSignatureVerifier verifier = HttpSignatureVerifier.builder().resolver(RESOLVER).clock(CLOCK).build();
    URI target = URI.create("https://api.example/orders");
    Map<String, String> h = new LinkedHashMap<>(client(ALICE).sign("GET", target, new byte[0]));
    String input = h.get("Signature-Input");
    // ALICE has a P-256 key: naming Ed25519 is refused before the signature is even checked
    h.put("Signature-Input", input + ";alg=\"ed25519\"");
    assertThat(errorOf(verifier.verify(AuthRequest.of("GET", target, h, new byte[0]))))
        .isEqualTo("invalid_verification_method");
    assertThat(verifier.verify(AuthRequest.of("GET", target, client(ALICE).sign("GET", target, new byte[0]),
        new byte[0])).join().did()).isEqualTo(ALICE.did());
  }

  private static String error(HttpResponse<String> response) {
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("error=\"([a-z_]+)\"").matcher(challenge);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String errorOf(CompletableFuture<VerifiedCaller> f) {
    try {
      f.orTimeout(30, TimeUnit.SECONDS).join();
      return "accepted";
    } catch (java.util.concurrent.CompletionException e) {
      return ((org.anp.identity.IdentityException) e.getCause()).code().wireName();
    }
  }
}
