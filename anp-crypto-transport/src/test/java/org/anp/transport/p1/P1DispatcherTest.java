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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
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

/** The P1 dispatcher and client on a real HTTP server on loopback, with DID authentication. */
class P1DispatcherTest {
  private static final String SERVICE_DID = "did:web:service.test";
  private static final String TEST_PROFILE = "test.echo.v1";

  private final DidDocumentStore store = DidDocumentStore.inMemory();
  private final HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final CompletableFuture<Void> gate = new CompletableFuture<>();
  private HttpServer server;
  private URI endpoint;
  private URI shortEndpoint;
  private DidWbaIdentity alice;
  private DidWbaIdentity bob;

  @BeforeEach
  void start() {
    DidWbaHosting hosting = DidWbaHosting.builder().store(store).domains("localhost").build();
    DidResolver resolver = hosting.localResolver(DidResolver.builder().methodsFromServiceLoader().build());
    DidWbaVerifier verifier = DidWbaVerifier.builder().resolver(resolver).audience("localhost").build();
    P1Dispatcher main =
        P1Dispatcher.builder()
            .serviceDid(SERVICE_DID)
            .maxRequestBytes(16 * 1024)
            .handlerTimeout(Duration.ofSeconds(60))
            .originProofs(OriginProofVerifier.builder().resolver(resolver).build())
            .method(
                P1Method.builder("test.echo", TEST_PROFILE)
                    .requireAuthentication()
                    .handler(call -> {
                      ObjectNode out = JsonNodeFactory.instance.objectNode();
                      out.set("echo", call.request().body());
                      out.put("sender", call.authenticatedDid().orElseThrow());
                      out.put("byOrigin", call.origin().isPresent());
                      return CompletableFuture.completedFuture(out);
                    })
                    .build())
            .method(
                P1Method.builder("test.wait", TEST_PROFILE)
                    .targetMode(TargetMode.ENDPOINT_LOCAL)
                    .handler(call -> gate.thenApply(v -> JsonNodeFactory.instance.textNode("released")))
                    .build())
            .method(
                P1Method.builder("test.boom", TEST_PROFILE)
                    .targetMode(TargetMode.ENDPOINT_LOCAL)
                    .handler(call -> {
                      throw new IllegalStateException("a bug in a handler");
                    })
                    .build())
            .method(
                P1Method.builder("test.notify", TEST_PROFILE)
                    .targetMode(TargetMode.ENDPOINT_LOCAL)
                    .allowNotifications()
                    .handler(call -> CompletableFuture.completedFuture(JsonNodeFactory.instance.nullNode()))
                    .build())
            .method(
                P1Method.builder("test.service", TEST_PROFILE)
                    .targetMode(TargetMode.SERVICE_SCOPED)
                    .handler(call -> CompletableFuture.completedFuture(JsonNodeFactory.instance.textNode("ok")))
                    .build())
            .build();
    P1Dispatcher impatient =
        P1Dispatcher.builder()
            .serviceDid(SERVICE_DID)
            .handlerTimeout(Duration.ofSeconds(1))
            .method(
                P1Method.builder("test.never", TEST_PROFILE)
                    .targetMode(TargetMode.ENDPOINT_LOCAL)
                    .handler(call -> new CompletableFuture<>())
                    .build())
            .build();
    HttpServer.Builder builder = hosting.addRoutes(HttpServer.builder().authentication(verifier));
    main.mount(builder, "/anp", AuthPolicy.OPTIONAL);
    impatient.mount(builder, "/anp-short", AuthPolicy.OPTIONAL);
    server = builder.build();
    int port = server.start().join().getPort();
    endpoint = URI.create("http://localhost:" + port + "/anp");
    shortEndpoint = URI.create("http://localhost:" + port + "/anp-short");
    alice = DidWbaIdentity.builder().host("localhost").port(port).path("u/alice").build();
    bob = DidWbaIdentity.builder().host("localhost").port(port).path("u/bob").build();
    store.put(alice.did(), alice.document().toBytes());
    store.put(bob.did(), bob.document().toBytes());
  }

  @AfterEach
  void stop() {
    gate.complete(null);
    server.close();
  }

  private P1Client client(Optional<DidWbaIdentity> as) {
    P1Client.Builder b = P1Client.builder().timeout(Duration.ofSeconds(60));
    as.ifPresent(id -> b.authenticator(
        DidWbaAuthenticator.builder().did(id.did()).signingKey("key-1", id.privateKey("key-1").orElseThrow()).build()));
    return b.build();
  }

  private static P1Meta.Builder meta(Optional<String> sender, String targetDid) {
    P1Meta.Builder m = P1Meta.builder(TEST_PROFILE).target(P1Target.agent(targetDid)).operationId("op-1");
    sender.ifPresent(m::senderDid);
    return m;
  }

  private static ObjectNode body(String text) {
    return JsonNodeFactory.instance.objectNode().put("text", text);
  }

  private JsonNode post(URI uri, String json) throws Exception {
    HttpResponse<byte[]> response = raw.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(json).isEqualTo(200);
    return StrictJson.parse(response.body(), 1 << 20);
  }

  private static int code(JsonNode response) {
    return response.get("error").get("code").intValue();
  }

  private static int rpcCode(Throwable t) {
    Throwable c = t instanceof CompletionException ? t.getCause() : t;
    assertThat(c).isInstanceOf(RpcException.class);
    return ((RpcException) c).error().code();
  }

  private static String call(String id, String method, String meta, String body) {
    return "{\"jsonrpc\":\"2.0\"" + (id == null ? "" : ",\"id\":\"" + id + "\"") + ",\"method\":\"" + method
        + "\",\"params\":{\"meta\":" + meta + ",\"body\":" + body + "}}";
  }

  private static String meta(String profile, String extra) {
    return "{\"profile\":\"" + profile + "\",\"security_profile\":\"transport-protected\"" + extra + "}";
  }

  @Test
  void capabilitiesAreAnsweredAnonymouslyFromWhatIsRegistered() {
    P1Capabilities caps = client(Optional.empty()).getCapabilities(endpoint).join();
    assertThat(caps.serviceDid()).isEqualTo(SERVICE_DID);
    assertThat(caps.profiles()).containsExactly(P1Meta.CORE_PROFILE, TEST_PROFILE);
    assertThat(caps.securityProfiles()).containsExactly("transport-protected");
    assertThat(caps.contentTypes()).hasValue(List.of("application/json"));
    assertThat(caps.limits()).containsEntry("max_request_bytes", "16384");
  }

  @Test
  void aDidAuthenticatedClientIsTheSender() {
    P1Request request = P1Request.of("r-1", "test.echo", meta(Optional.of(alice.did().toString()), bob.did().toString()).build(), body("hi"));
    JsonNode result = client(Optional.of(alice)).call(endpoint, request).join();
    assertThat(result.get("echo").get("text").textValue()).isEqualTo("hi");
    assertThat(result.get("sender").textValue()).isEqualTo(alice.did().toString());
    assertThat(result.get("byOrigin").booleanValue()).isFalse();
  }

  @Test
  void anAnonymousCallToAMethodThatNeedsASenderIs1005() {
    P1Request request = P1Request.of("r-2", "test.echo", meta(Optional.empty(), bob.did().toString()).build(), body("hi"));
    assertThatThrownBy(() -> client(Optional.empty()).call(endpoint, request).join())
        .satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1005));
  }

  @Test
  void anOriginProofAuthenticatesTheSenderOnceAndTamperingIsRefused() {
    P1Request plain = P1Request.of("r-3", "test.echo", meta(Optional.of(alice.did().toString()), bob.did().toString()).build(), body("signed"));
    Instant now = Instant.now();
    P1Request signed = OriginProofs.sign(
        plain, alice.privateKey("key-1").orElseThrow(), alice.did() + "#key-1", now, now.plusSeconds(60), Optional.of("n-1"));
    P1Client anonymous = client(Optional.empty());
    JsonNode result = anonymous.call(endpoint, signed).join();
    assertThat(result.get("sender").textValue()).isEqualTo(alice.did().toString());
    assertThat(result.get("byOrigin").booleanValue()).isTrue();
    // The same nonce again is a replay.
    assertThatThrownBy(() -> anonymous.call(endpoint, signed).join()).satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1005));
    // A changed body no longer matches the digest.
    P1Request tampered = P1Request.of("r-4", "test.echo", signed.meta(), body("changed"))
        .withOriginProof(signed.originProof().orElseThrow());
    assertThatThrownBy(() -> anonymous.call(endpoint, tampered).join()).satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1005));
    // Bob's key cannot sign for Alice.
    P1Request forged = OriginProofs.sign(
        P1Request.of("r-5", "test.echo", meta(Optional.of(bob.did().toString()), alice.did().toString()).build(), body("x")),
        alice.privateKey("key-1").orElseThrow(), bob.did() + "#key-1", now, now.plusSeconds(60), Optional.of("n-2"));
    assertThatThrownBy(() -> anonymous.call(endpoint, forged).join()).satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1005));
    // An expired proof is refused.
    P1Request old = OriginProofs.sign(
        P1Request.of("r-6", "test.echo", plain.meta(), body("old")),
        alice.privateKey("key-1").orElseThrow(), alice.did() + "#key-1", now.minusSeconds(900), now.minusSeconds(840), Optional.of("n-3"));
    assertThatThrownBy(() -> anonymous.call(endpoint, old).join()).satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1005));
  }

  @Test
  void garbageGetsP1ErrorsWhileAGoodClientIsStillServed() throws Exception {
    P1Client good = client(Optional.of(alice));
    CompletableFuture<JsonNode> pending = good.call(endpoint,
        P1Request.of("slow-1", "test.wait", P1Meta.builder(TEST_PROFILE).build(), body("wait")));
    String rand = new String(new byte[] {(byte) 0xc3, 0x28, 0x01}, StandardCharsets.ISO_8859_1);
    List<String> garbage = new ArrayList<>(List.of(
        "not json at all", "{", "", "[" + call("1", "test.wait", meta(TEST_PROFILE, ""), "{}") + "]", "[]", "42", "null",
        rand, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"test.wait\",\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"g\",\"method\":\"test.wait\",\"params\":[]}",
        "[".repeat(10_000)));
    for (String g : garbage) {
      JsonNode response = post(endpoint, g);
      assertThat(response.has("error")).as(g).isTrue();
      assertThat(code(response)).as(g).isIn(-32700, -32600, 1000, 1003, 1004);
    }
    assertThat(pending).isNotDone();
    gate.complete(null);
    assertThat(pending.get(60, TimeUnit.SECONDS).textValue()).isEqualTo("released");
    assertThat(good.getCapabilities(endpoint).get(60, TimeUnit.SECONDS).serviceDid()).isEqualTo(SERVICE_DID);
  }

  @Test
  void eachDispatchCheckAnswersWithItsCodeAndEchoesTheId() throws Exception {
    String agent = ",\"target\":{\"kind\":\"agent\",\"did\":\"" + bob.did() + "\"}";
    JsonNode unknown = post(endpoint, call("a", "test.nothing", meta(TEST_PROFILE, ""), "{}"));
    assertThat(code(unknown)).isEqualTo(-32601);
    assertThat(unknown.get("id").textValue()).isEqualTo("a");
    assertThat(code(post(endpoint, call("b", "test.echo", meta("other.v1", agent), "{}")))).isEqualTo(1001);
    assertThat(code(post(endpoint, call("c", "test.echo",
        "{\"profile\":\"" + TEST_PROFILE + "\",\"security_profile\":\"direct-e2ee\"" + agent + "}", "{}")))).isEqualTo(1002);
    assertThat(code(post(endpoint, call("d", "test.echo", meta(TEST_PROFILE, ""), "{}")))).isEqualTo(1014);
    assertThat(code(post(endpoint, call("e", "test.echo", meta(TEST_PROFILE,
        ",\"target\":{\"kind\":\"group\",\"did\":\"did:web:g.test\"}"), "{}")))).isEqualTo(1014);
    assertThat(code(post(endpoint, call("f", "test.echo", meta(TEST_PROFILE, agent + ",\"sender_device_id\":\"d1\""), "{}"))))
        .isEqualTo(-32602);
    assertThat(code(post(endpoint, call(null, "test.echo", meta(TEST_PROFILE, agent), "{}")))).isEqualTo(1000);
    assertThat(code(post(endpoint, call("g", "test.service", meta(TEST_PROFILE,
        ",\"target\":{\"kind\":\"service\",\"did\":\"did:web:other.test\"}"), "{}")))).isEqualTo(1014);
    assertThat(post(endpoint, call("h", "test.service", meta(TEST_PROFILE,
        ",\"target\":{\"kind\":\"service\",\"did\":\"" + SERVICE_DID + "\"}"), "{}")).get("result").textValue()).isEqualTo("ok");
    JsonNode boom = post(endpoint, call("i", "test.boom", meta(TEST_PROFILE, ""), "{}"));
    assertThat(code(boom)).isEqualTo(-32603);
    assertThat(boom.get("error").get("message").textValue()).isEqualTo("Internal error");
    String big = call("j", "test.wait", meta(TEST_PROFILE, ""), "{\"x\":\"" + "y".repeat(17 * 1024) + "\"}");
    assertThat(code(post(endpoint, big))).isEqualTo(-32600);
    assertThat(code(post(endpoint, call("k", "test.echo", meta(TEST_PROFILE, agent),
        "{}").replace("\"body\":{}", "\"auth\":{\"scheme\":\"anp-rfc9421-origin-proof-v1\",\"origin_proof\":"
            + "{\"contentDigest\":\"sha-256=:AA==:\",\"signatureInput\":\"garbage\",\"signature\":\"sig1=:AA==:\"}},\"body\":{}")))).isEqualTo(1005);
  }

  @Test
  void aNotificationIsAnsweredWithNoContent() throws Exception {
    HttpResponse<byte[]> response = raw.send(
        HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(call(null, "test.notify", meta(TEST_PROFILE, ""), "{}"))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void aHandlerThatNeverAnswersIsCutOffWith1012() throws Exception {
    JsonNode response = post(shortEndpoint, call("n", "test.never", meta(TEST_PROFILE, ""), "{}"));
    assertThat(code(response)).isEqualTo(1012);
    assertThat(response.get("error").get("data").get("retryable").booleanValue()).isTrue();
  }

  @Test
  void clientFailuresAreTyped() {
    URI missing = endpoint.resolve("/nowhere");
    assertThatThrownBy(() -> client(Optional.empty()).getCapabilities(missing).join())
        .hasCauseInstanceOf(TransportException.class)
        .satisfies(t -> assertThat(((TransportException) t.getCause()).code()).isEqualTo(TransportError.INVALID_MESSAGE));
    P1Client tiny = P1Client.builder().maxResponseBytes(64).build();
    assertThatThrownBy(() -> tiny.getCapabilities(endpoint).join())
        .hasCauseInstanceOf(TransportException.class)
        .satisfies(t -> assertThat(((TransportException) t.getCause()).code()).isEqualTo(TransportError.MESSAGE_TOO_LARGE));
    URI closed = URI.create("http://localhost:1/anp");
    assertThatThrownBy(() -> client(Optional.empty()).getCapabilities(closed).join())
        .hasCauseInstanceOf(TransportException.class)
        .satisfies(t -> assertThat(((TransportException) t.getCause()).code()).isEqualTo(TransportError.DELIVERY_FAILED));
  }
}
