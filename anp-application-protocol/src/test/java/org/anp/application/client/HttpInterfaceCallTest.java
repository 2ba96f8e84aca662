package org.anp.application.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.AgentInterface;
import org.anp.application.description.DescriptionSigner;
import org.anp.application.description.Extensions;
import org.anp.application.server.LoopbackAgents;
import org.anp.application.tools.ToolSet;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpRequest;
import org.anp.transport.http.HttpResponse;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interfaces described in OpenAPI 3 (YAML and JSON) and in the ANP-07 examples' YAML endpoint
 * documents, served on a real loopback server behind DID authentication and called by name.
 */
class HttpInterfaceCallTest {
  /** OpenAPI 3 in JSON: a path parameter (through a $ref), a query parameter, a DELETE. */
  static final String ROOMS_OPENAPI = """
      {"openapi":"3.0.3","info":{"title":"Rooms","version":"1.0"},
       "servers":[{"url":"/api"}],
       "components":{"parameters":{"roomId":{"name":"roomId","in":"path","required":true,"schema":{"type":"string"}}},
                     "schemas":{"Room":{"type":"object","properties":{"id":{"type":"string"}}}}},
       "paths":{"/rooms/{roomId}":{
         "parameters":[{"$ref":"#/components/parameters/roomId"}],
         "get":{"operationId":"getRoom","summary":"One room",
                "parameters":[{"name":"currency","in":"query","schema":{"type":"string"}}],
                "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Room"}}}}}},
         "delete":{"operationId":"cancelRoom","responses":{"204":{"description":"gone"}}}},
        "/needs-header":{"get":{"operationId":"withHeader",
          "parameters":[{"name":"X-Key","in":"header","required":true,"schema":{"type":"string"}}],
          "responses":{"200":{"description":"ok"}}}}}}""";

  private final LoopbackAgents agents = new LoopbackAgents();
  private AgentIdentity provider;
  private AgentIdentity consumer;
  private HttpServer server;
  private URI base;
  private volatile byte[] description = new byte[0];

  static byte[] resource(String name) {
    try (InputStream in = HttpInterfaceCallTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CompletableFuture<HttpResponse> ok(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  private static String caller(HttpRequest r) {
    return r.caller().orElseThrow().did().toString();
  }

  @BeforeEach
  void start() throws Exception {
    provider = agents.identity("hotel");
    consumer = agents.identity("alice");
    HttpServer.Builder b = agents.server();
    b.route("GET", "/ad.json", r -> ok(HttpResponse.of(200, "application/json", description)));
    b.route("GET", "/docs/search.yaml", r -> ok(HttpResponse.of(200, "application/yaml",
        resource("spec-yaml/hotel-search-interface.yaml"))));
    b.route("GET", "/docs/nl.yaml", r -> ok(HttpResponse.of(200, "application/yaml",
        resource("spec-yaml/coffee-nl-interface.yaml"))));
    b.route("GET", "/docs/rooms.json", r -> ok(HttpResponse.of(200, "application/json",
        ROOMS_OPENAPI.getBytes(StandardCharsets.UTF_8))));
    b.route("POST", "/agents/hotel/api/search", AuthPolicy.REQUIRED, r -> {
      JsonNode in = r.bodyJson();
      if (!in.path("checkInDate").isTextual()) {
        return ok(HttpResponse.text(400, "checkInDate required"));
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.putArray("jsonldUrls").add("https://hotel.test/rooms/" + in.get("checkInDate").textValue() + ".json");
      out.put("caller", caller(r));
      return ok(HttpResponse.json(200, out));
    });
    b.route("POST", "/agents/lkcoffe/api/ask", AuthPolicy.REQUIRED,
        r -> ok(HttpResponse.text(200, "You asked: " + r.bodyJson().path("question").asText())));
    b.route("GET", "/api/rooms/{roomId}", AuthPolicy.REQUIRED, r -> {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("id", r.pathVariable("roomId"));
      out.put("query", String.valueOf(r.uri().getRawQuery()));
      out.put("caller", caller(r));
      return ok(HttpResponse.json(200, out));
    });
    b.route("DELETE", "/api/rooms/{roomId}", AuthPolicy.REQUIRED, r -> ok(HttpResponse.of(204)));
    server = b.build();
    base = LoopbackAgents.start(server);
    description = signed(List.of(
        iface(AgentInterface.STRUCTURED, "YAML", "/docs/search.yaml"),
        iface(AgentInterface.NATURAL_LANGUAGE, "YAML", "/docs/nl.yaml"),
        iface(AgentInterface.STRUCTURED, "openapi", "/docs/rooms.json")));
  }

  private AgentInterface iface(String type, String protocol, String path) {
    return new AgentInterface(type, Optional.empty(), Optional.empty(), Optional.of(protocol), Optional.of("1.0"),
        Optional.of(base.resolve(path).toString()), Optional.of(path), Optional.empty(), Extensions.empty());
  }

  private byte[] signed(List<AgentInterface> interfaces) {
    AgentDescription.Builder d = AgentDescription.builder("Hotel").did(provider.did().toString())
        .url(base.resolve("/ad.json").toString());
    interfaces.forEach(d::addInterface);
    AgentDescription s = DescriptionSigner.builder(provider).domain(base.getHost()).build().sign(d.build());
    return s.receivedJson().toString().getBytes(StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private AgentClient client(Optional<AgentIdentity> as) {
    AgentClient.Builder b = AgentClient.builder().resolver(agents.resolver())
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp());
    as.ifPresent(b::identity);
    return b.build();
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  private static ApplicationException failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationException.class);
      return (ApplicationException) e.getCause();
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void operationsOfOpenApiYamlJsonAndAnpYamlAreListedAndCalledWithDidAuthentication() throws Exception {
    RemoteAgent hotel = await(client(Optional.of(consumer)).connect(base.resolve("/ad.json")));
    assertThat(hotel.operations()).extracting(RemoteOperation::name)
        .containsExactly("post_agents_hotel_api_search", "askQuestion", "getRoom", "cancelRoom");
    RemoteOperation search = hotel.operation("post_agents_hotel_api_search").orElseThrow();
    assertThat(search.interfaceName()).isEqualTo("Hotel Room Search Interface");
    assertThat(search.paramsSchema().path("required").toString()).isEqualTo("[\"checkInDate\",\"checkOutDate\"]");
    assertThat(search.resultSchema().path("properties").path("jsonldData").path("items").path("type").asText())
        .as("the $ref to HotelRoom is inlined").isEqualTo("object");

    JsonNode found = await(hotel.callJson("post_agents_hotel_api_search",
        Map.of("checkInDate", "2026-12-24", "checkOutDate", "2026-12-26")));
    assertThat(found.path("jsonldUrls").get(0).asText()).endsWith("/2026-12-24.json");
    assertThat(found.path("caller").asText()).isEqualTo(consumer.did().toString());

    JsonNode room = await(hotel.callJson("getRoom", Map.of("roomId", "deluxe 1", "currency", "EUR")));
    assertThat(room.path("id").asText()).isEqualTo("deluxe 1");
    assertThat(room.path("query").asText()).isEqualTo("currency=EUR");
    assertThat(room.path("caller").asText()).isEqualTo(consumer.did().toString());

    JsonNode answer = await(hotel.callJson("askQuestion", Map.of("question", "open late?")));
    assertThat(answer.asText()).isEqualTo("You asked: open late?");
    assertThat(await(hotel.callJson("cancelRoom", Map.of("roomId", "r1"))).isNull()).isTrue();

    ToolSet tools = ToolSet.of(hotel);
    assertThat(tools.names()).contains("getRoom", "askQuestion");
    assertThat(tools.mcpTools().findValues("inputSchema")).anySatisfy(
        schema -> assertThat(schema.path("required").toString()).isEqualTo("[\"roomId\"]"));
    JsonNode viaTool = await(tools.dispatch("getRoom",
        JsonNodeFactory.instance.objectNode().put("roomId", "r9")));
    assertThat(viaTool.path("id").asText()).isEqualTo("r9");
  }

  @Test
  void badParamsAndMissingAuthenticationAreTypedFailures() throws Exception {
    RemoteAgent hotel = await(client(Optional.of(consumer)).connect(base.resolve("/ad.json")));
    assertThat(failure(hotel.callJson("getRoom", Map.of("currency", "EUR"))).code())
        .as("a missing path parameter").isEqualTo(ApplicationError.INVALID_PARAMS);
    assertThat(failure(hotel.callJson("getRoom", Map.of("roomId", "r1", "colour", "red"))).code())
        .as("an unknown parameter").isEqualTo(ApplicationError.INVALID_PARAMS);
    assertThat(failure(hotel.callJson("post_agents_hotel_api_search", Map.of("checkOutDate", "x"))).code())
        .as("a missing required body member").isEqualTo(ApplicationError.INVALID_PARAMS);
    assertThat(hotel.operation("withHeader")).as("a required header cannot be given by name").isEmpty();

    RemoteAgent anonymous = await(client(Optional.empty()).connect(base.resolve("/ad.json")));
    assertThat(failure(anonymous.callJson("getRoom", Map.of("roomId", "r1"))).code())
        .isEqualTo(ApplicationError.UNAUTHENTICATED);
  }

  @Test
  void anOpenApiServerOnAnotherOriginIsRefused() throws Exception {
    HttpServer other = agents.server()
        .route("GET", "/ad.json", r -> ok(HttpResponse.of(200, "application/json", description)))
        .route("GET", "/docs/rooms.json", r -> ok(HttpResponse.of(200, "application/json",
            ROOMS_OPENAPI.replace("\"/api\"", "\"https://elsewhere.test/api\"").getBytes(StandardCharsets.UTF_8))))
        .build();
    try {
      URI otherBase = LoopbackAgents.start(other);
      URI saved = base;
      base = otherBase;
      description = signed(List.of(iface(AgentInterface.STRUCTURED, "openapi", "/docs/rooms.json")));
      base = saved;
      assertThat(failure(client(Optional.of(consumer)).connect(otherBase.resolve("/ad.json"))).code())
          .isEqualTo(ApplicationError.INVALID_DESCRIPTION);
    } finally {
      other.close();
    }
  }
}
