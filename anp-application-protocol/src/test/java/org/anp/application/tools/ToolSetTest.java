package org.anp.application.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.client.AgentClient;
import org.anp.application.client.RemoteAgent;
import org.anp.application.description.AgentDescription;
import org.anp.application.interfaces.HotelAgent;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.server.AgentEndpoints;
import org.anp.application.server.LoopbackAgents;
import org.anp.application.server.WhoAmIAgent;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verified agents' methods as OpenAI and MCP tools, and tool calls dispatched back to them. */
class ToolSetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LoopbackAgents agents = new LoopbackAgents();
  private final List<HttpServer> servers = new ArrayList<>();
  private AgentIdentity consumer;
  private RemoteAgent hotel;
  private RemoteAgent clock;

  @BeforeEach
  void start() throws Exception {
    consumer = agents.identity("alice");
    AgentClient client = AgentClient.builder()
        .resolver(agents.resolver())
        .identity(consumer)
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp())
        .build();
    hotel = client.connect(serve("Hotel", new HotelAgent(), new WhoAmIAgent())).get(60, TimeUnit.SECONDS);
    clock = client.connect(serve("Clock", new WhoAmIAgent())).get(60, TimeUnit.SECONDS);
  }

  private URI serve(String name, Object... targets) throws Exception {
    HttpServer[] holder = new HttpServer[1];
    AgentEndpoints.Builder b = AgentEndpoints.builder(agents.identity(name.toLowerCase(java.util.Locale.ROOT)),
            AgentDescription.builder(name).build())
        .publicBase(() -> holder[0].uri());
    for (Object t : targets) {
      b.addInterface(InterfaceDefinition.fromAnnotated(t));
    }
    AgentEndpoints endpoints = b.build();
    holder[0] = endpoints.mount(agents.server()).build();
    servers.add(holder[0]);
    LoopbackAgents.start(holder[0]);
    return endpoints.descriptionUrl();
  }

  @AfterEach
  void stop() {
    servers.forEach(HttpServer::close);
  }

  @Test
  void openAiDefinitionsCarryNamesDescriptionsAndParameterSchemas() {
    ToolSet tools = ToolSet.of(hotel);
    ArrayNode defs = tools.openAiTools();
    assertThat(tools.names()).containsExactlyInAnyOrder("search", "book", "prices", "broken", "whoami", "add");
    JsonNode add = byName(defs, "add");
    assertThat(add.path("type").asText()).isEqualTo("function");
    assertThat(add.path("function").path("name").asText()).isEqualTo("add");
    assertThat(add.path("function").path("description").asText()).contains("sum of two numbers");
    JsonNode params = add.path("function").path("parameters");
    assertThat(params.path("type").asText()).isEqualTo("object");
    assertThat(params.path("properties").path("a").path("type").asText()).isEqualTo("integer");
    assertThat(params.path("properties").path("a").path("description").asText()).isEqualTo("first");
    assertThat(params.path("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("a", "b");
    for (JsonNode d : defs) {
      assertThat(d.path("function").path("name").asText()).matches("[A-Za-z0-9_-]{1,64}");
    }
  }

  private static JsonNode byName(ArrayNode defs, String name) {
    for (JsonNode d : defs) {
      if (name.equals(d.path("name").asText()) || name.equals(d.path("function").path("name").asText())) {
        return d;
      }
    }
    throw new AssertionError("no tool " + name);
  }

  @Test
  void mcpDefinitionsUseInputSchema() {
    ArrayNode defs = ToolSet.of(hotel).mcpTools();
    JsonNode search = byName(defs, "search");
    assertThat(search.path("inputSchema").path("properties").has("type")).isTrue();
    assertThat(search.path("inputSchema").path("required")).extracting(JsonNode::asText).containsExactly("type");
  }

  @Test
  void clashingMethodNamesArePrefixedWithTheAgentName() {
    ToolSet tools = ToolSet.of(List.of(hotel, clock));
    assertThat(tools.names()).contains("Hotel_whoami", "Clock_whoami", "Hotel_add", "Clock_add", "search")
        .doesNotContain("whoami", "add");
  }

  @Test
  void openAiToolCallIsDispatchedAsAnAuthenticatedJsonRpcCall() throws Exception {
    ToolSet tools = ToolSet.of(hotel);
    ObjectNode call = (ObjectNode) JSON.readTree(
        "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\":2,\\\"b\\\":3}\"}}");
    ObjectNode answer = tools.answerOpenAi(call).get(60, TimeUnit.SECONDS);
    assertThat(answer.path("role").asText()).isEqualTo("tool");
    assertThat(answer.path("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(answer.path("content").asText()).isEqualTo("5");

    ObjectNode bad = (ObjectNode) JSON.readTree(
        "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\":-2,\\\"b\\\":3}\"}}");
    JsonNode error = JSON.readTree(tools.answerOpenAi(bad).get(60, TimeUnit.SECONDS).path("content").asText());
    assertThat(error.path("error").path("code").asInt()).isEqualTo(-32602);
  }

  @Test
  void mcpToolCallReachesTheMethodAsTheAuthenticatedCaller() throws Exception {
    ToolSet tools = ToolSet.of(hotel);
    ObjectNode result = tools.answerMcp(JSON.readTree("{\"name\":\"whoami\",\"arguments\":{}}")).get(60, TimeUnit.SECONDS);
    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(result.path("structuredContent").path("did").asText()).isEqualTo(consumer.did().toString());
    assertThat(JSON.readTree(result.path("content").get(0).path("text").asText()).path("did").asText())
        .isEqualTo(consumer.did().toString());

    ObjectNode failed = tools.answerMcp(JSON.readTree("{\"name\":\"broken\"}")).get(60, TimeUnit.SECONDS);
    assertThat(failed.path("isError").asBoolean()).isTrue();
    assertThat(failed.path("content").get(0).path("text").asText()).contains("-32603").doesNotContain("secret");
  }

  @Test
  void unknownToolsAndNonObjectArgumentsAreRefused() throws Exception {
    ToolSet tools = ToolSet.of(hotel);
    ExecutionException unknown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> tools.dispatch("nope", null).get(60, TimeUnit.SECONDS));
    assertThat(((ApplicationException) unknown.getCause()).code()).isEqualTo(ApplicationError.METHOD_NOT_FOUND);
    ExecutionException array = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> tools.dispatch("add", JSON.readTree("[1,2]")).get(60, TimeUnit.SECONDS));
    assertThat(((ApplicationException) array.getCause()).code()).isEqualTo(ApplicationError.INVALID_PARAMS);
  }
}
