package org.anp.application.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.anp.application.description.AgentDescription;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.interfaces.JsonRpcInvoker;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.transport.http.HttpServer;
import org.anp.transport.p1.P1Meta;
import org.anp.transport.p1.P1Method;
import org.anp.transport.p1.TargetMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's JSON-RPC route applies P1's stricter rules to {@code anp.*} methods (one test per
 * rule) and plain JSON-RPC 2.0 to the agent's own methods, on a real loopback server.
 */
class AnpMethodsOnRpcRouteTest {
  private static final String META =
      "{\"profile\":\"anp.core.binding.v1\",\"security_profile\":\"transport-protected\"}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoopbackAgents agents = new LoopbackAgents();
  private final HttpClient http = HttpClient.newHttpClient();
  private AgentIdentity provider;
  private AgentIdentity consumer;
  private AgentEndpoints endpoints;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    provider = agents.identity("hotel");
    consumer = agents.identity("alice");
    HttpServer[] holder = new HttpServer[1];
    P1Method whoami = P1Method.builder("anp.test.whoami", P1Meta.CORE_PROFILE)
        .targetMode(TargetMode.ENDPOINT_LOCAL)
        .requireAuthentication()
        .handler(call -> CompletableFuture.completedFuture(
            JsonNodeFactory.instance.objectNode().put("sender", call.authenticatedDid().orElseThrow())))
        .build();
    P1Method echo = P1Method.builder("anp.test.echo", P1Meta.CORE_PROFILE)
        .handler(call -> CompletableFuture.completedFuture(call.request().body()))
        .build();
    endpoints = AgentEndpoints.builder(provider, AgentDescription.builder("Hotel").build())
        .addInterface(InterfaceDefinition.fromAnnotated(new WhoAmIAgent()))
        .p1Method(whoami)
        .p1Method(echo)
        .publicBase(() -> holder[0].uri())
        .build();
    server = endpoints.mount(agents.server()).build();
    holder[0] = server;
    LoopbackAgents.start(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String body) throws Exception {
    IdentityKey key = consumer.requireKey(KeyRole.AUTHENTICATION);
    HttpSignatureAuthenticator signer = HttpSignatureAuthenticator.builder()
        .did(consumer.did()).signingKey(key.fragment(), key.privateKey()).build();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    URI rpc = endpoints.rpcUrl();
    HttpRequest.Builder request = HttpRequest.newBuilder(rpc).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    signer.sign("POST", rpc, bytes).forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode answer(String body) throws Exception {
    HttpResponse<String> r = post(body);
    assertThat(r.statusCode()).as(body).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String capabilities(String id, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"anp.get_capabilities\",\"params\":" + params + "}";
  }

  private static void assertError(JsonNode answer, int code, String anpCode) {
    assertThat(answer.path("error").path("code").asInt()).as(answer.toString()).isEqualTo(code);
    if (anpCode != null) {
      assertThat(answer.path("error").path("data").path("anp_code").asText()).isEqualTo(anpCode);
    }
  }

  @Test
  void aWellFormedP1RequestIsAnsweredByTheDispatcher() throws Exception {
    JsonNode r = answer(capabilities("\"c-1\"", "{\"meta\":" + META + ",\"body\":{}}"));
    assertThat(r.path("id").asText()).isEqualTo("c-1");
    assertThat(r.path("result").path("service_did").asText()).isEqualTo(provider.did().toString());
    assertThat(r.path("result").path("supported_profiles").toString()).contains(P1Meta.CORE_PROFILE);

    JsonNode who = answer("{\"jsonrpc\":\"2.0\",\"id\":\"w-1\",\"method\":\"anp.test.whoami\",\"params\":{\"meta\":"
        + META + ",\"body\":{}}}");
    assertThat(who.path("result").path("sender").asText()).isEqualTo(consumer.did().toString());
  }

  @Test
  void anAgentAddressedMethodMustTargetThisAgent() throws Exception {
    String call = "{\"jsonrpc\":\"2.0\",\"id\":\"e-1\",\"method\":\"anp.test.echo\",\"params\":{\"meta\":"
        + META.replace("}", ",\"target\":{\"kind\":\"agent\",\"did\":\"TARGET\"}}") + ",\"body\":{\"n\":1}}}";
    JsonNode ok = answer(call.replace("TARGET", provider.did().toString()));
    assertThat(ok.path("result").path("n").asInt()).isEqualTo(1);
    assertError(answer(call.replace("TARGET", consumer.did().toString())), 1014, "anp.invalid_target_binding");
    assertError(answer("{\"jsonrpc\":\"2.0\",\"id\":\"e-2\",\"method\":\"anp.test.echo\",\"params\":{\"meta\":"
        + META + ",\"body\":{}}}"), 1014, "anp.invalid_target_binding");
  }

  @Test
  void anIdMustBeANonEmptyString() throws Exception {
    assertError(answer(capabilities("7", "{\"meta\":" + META + ",\"body\":{}}")), 1000, "anp.invalid_request_id");
    assertError(answer(capabilities("\"\"", "{\"meta\":" + META + ",\"body\":{}}")), 1000, "anp.invalid_request_id");
    assertError(answer(capabilities("null", "{\"meta\":" + META + ",\"body\":{}}")), 1000, "anp.invalid_request_id");
  }

  @Test
  void paramsMustBeAnObjectWithMeta() throws Exception {
    assertError(answer(capabilities("\"c-2\"", "[]")), 1003, "anp.invalid_params_shape");
    assertError(answer(capabilities("\"c-3\"", "{\"body\":{}}")), 1003, "anp.invalid_params_shape");
  }

  @Test
  void unknownCoreMetaFieldsAreRejected() throws Exception {
    String meta = META.replace("}", ",\"colour\":\"red\"}");
    assertError(answer(capabilities("\"c-4\"", "{\"meta\":" + meta + ",\"body\":{}}")), 1003, "anp.invalid_params_shape");
  }

  @Test
  void anotherProfileIsRefused() throws Exception {
    String meta = META.replace("anp.core.binding.v1", "anp.meta.negotiation.v1");
    assertError(answer(capabilities("\"c-5\"", "{\"meta\":" + meta + ",\"body\":{}}")), 1001, "anp.unsupported_profile");
  }

  @Test
  void notificationsOfP1MethodsAreRefusedWithAnAnswer() throws Exception {
    JsonNode r = answer("{\"jsonrpc\":\"2.0\",\"method\":\"anp.get_capabilities\",\"params\":{\"meta\":" + META
        + ",\"body\":{}}}");
    assertError(r, 1000, "anp.invalid_request_id");
  }

  @Test
  void anUnknownAnpMethodIsMethodNotFound() throws Exception {
    JsonNode r = answer("{\"jsonrpc\":\"2.0\",\"id\":\"u-1\",\"method\":\"anp.no_such\",\"params\":{\"meta\":" + META
        + ",\"body\":{}}}");
    assertError(r, -32601, null);
    assertThat(r.path("id").asText()).isEqualTo("u-1");
  }

  @Test
  void p1MethodsInABatchAreRefusedWhileTheAgentsOwnAreServed() throws Exception {
    JsonNode r = answer("[" + capabilities("\"c-6\"", "{\"meta\":" + META + ",\"body\":{}}")
        + ",{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":[2,3]}]");
    assertThat(r.isArray()).isTrue();
    assertThat(r).hasSize(2);
    JsonNode own = r.get(0);
    assertThat(own.path("id").asInt()).isEqualTo(1);
    assertThat(own.path("result").asLong()).isEqualTo(5L);
    assertError(r.get(1), 1004, "anp.batch_not_supported");
    assertThat(r.get(1).path("id").asText()).isEqualTo("c-6");
  }

  @Test
  void theAgentsOwnMethodsKeepPlainJsonRpcRules() throws Exception {
    JsonNode r = answer("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"add\",\"params\":{\"a\":1,\"b\":2}}");
    assertThat(r.path("id").asInt()).isEqualTo(42);
    assertThat(r.path("result").asLong()).isEqualTo(3L);
    assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,1]}").statusCode())
        .as("a notification of the agent's own method").isEqualTo(204);
    assertError(answer("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"anp.get_capabilities\"}"),
        1003, "anp.invalid_params_shape");
  }

  @Test
  void theAgentsOwnMethodsCannotUseTheP1Namespace() {
    @org.anp.application.interfaces.JsonRpcInterface(name = "sneaky")
    class Sneaky {
      @org.anp.application.interfaces.JsonRpcMethod(name = "anp.get_capabilities")
      public String caps() {
        return "mine";
      }
    }
    assertThatThrownBy(() -> JsonRpcInvoker.of(InterfaceDefinition.fromAnnotated(new Sneaky())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P1");
    assertThatThrownBy(() -> AgentEndpoints.builder(provider, AgentDescription.builder("X").build())
        .p1Method(P1Method.builder("hotel.book", P1Meta.CORE_PROFILE)
            .handler(call -> CompletableFuture.completedFuture(JsonNodeFactory.instance.objectNode())).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
