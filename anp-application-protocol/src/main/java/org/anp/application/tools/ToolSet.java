package org.anp.application.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.client.RemoteAgent;
import org.anp.application.client.RemoteMethod;
import org.anp.application.client.RemoteOperation;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;

/**
 * The methods of verified agents ({@link RemoteAgent}s) as tools for a language model: OpenAI
 * function-calling definitions ({@link #openAiTools()}) and MCP tool definitions ({@link
 * #mcpTools()}), and the way back: {@link #dispatch} turns a tool call into the agent's JSON-RPC or HTTP
 * call, authenticated as the {@code AgentClient} that connected the agent.
 *
 * <p>Tool names match {@code ^[A-Za-z0-9_-]{1,64}$} (what both formats accept): the method name
 * with other characters replaced by {@code _}; when two agents offer the same name, the agent's
 * name is put in front; a remaining clash gets a numeric suffix. Parameters are the method's
 * params as one JSON Schema object (by name), so a model's arguments object is sent as by-name
 * params.
 *
 * <p>Immutable and thread-safe.
 */
public final class ToolSet {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final int MAX_NAME = 64;
  private static final int MAX_ARGUMENT_BYTES = 1024 * 1024;

  /** One callable: a JSON-RPC method or an HTTP operation ({@link RemoteAgent#callJson} calls either). */
  private record Tool(RemoteAgent agent, String callName, String description, ObjectNode paramsSchema) {}

  /** The agent's callables: its JSON-RPC methods, then the HTTP operations not shadowed by a method. */
  private static List<Tool> callables(RemoteAgent a) {
    List<Tool> out = new java.util.ArrayList<>();
    for (RemoteMethod m : a.methods()) {
      out.add(new Tool(a, m.name(), m.description(), m.paramsSchema()));
    }
    for (RemoteOperation o : a.operations()) {
      if (a.method(o.name()).isEmpty()) {
        out.add(new Tool(a, o.name(), o.description(), o.paramsSchema()));
      }
    }
    return out;
  }

  private final Map<String, Tool> tools;

  private ToolSet(Map<String, Tool> tools) {
    this.tools = Collections.unmodifiableMap(tools);
  }

  /**
   * The tools of {@code agents}, in order: each agent's JSON-RPC methods, then its HTTP operations
   * (OpenAPI 3, ANP YAML) that no method of the same name shadows.
   */
  public static ToolSet of(List<RemoteAgent> agents) {
    Objects.requireNonNull(agents, "agents");
    Map<String, Integer> counts = new HashMap<>();
    for (RemoteAgent a : agents) {
      for (Tool t : callables(a)) {
        counts.merge(sanitize(t.callName()), 1, Integer::sum);
      }
    }
    Map<String, Tool> tools = new LinkedHashMap<>();
    for (RemoteAgent a : agents) {
      for (Tool m : callables(a)) {
        String base = sanitize(m.callName());
        if (counts.get(base) > 1) {
          base = sanitize(a.description().description().name() + "_" + m.callName());
        }
        String name = base;
        for (int i = 2; tools.containsKey(name); i++) {
          String suffix = "_" + i;
          name = base.substring(0, Math.min(base.length(), MAX_NAME - suffix.length())) + suffix;
        }
        tools.put(name, m);
      }
    }
    return new ToolSet(tools);
  }

  /** The tools of one agent. */
  public static ToolSet of(RemoteAgent agent) {
    return of(List.of(agent));
  }

  /** The tool names, in order. */
  public List<String> names() {
    return List.copyOf(tools.keySet());
  }

  /**
   * OpenAI function-calling tool definitions: an array of {@code {"type":"function","function":
   * {"name","description","parameters"}}}.
   */
  public ArrayNode openAiTools() {
    ArrayNode out = F.arrayNode();
    tools.forEach((name, tool) -> {
      ObjectNode t = out.addObject();
      t.put("type", "function");
      ObjectNode f = t.putObject("function");
      f.put("name", name);
      f.put("description", describe(tool));
      f.set("parameters", tool.paramsSchema().deepCopy());
    });
    return out;
  }

  /** MCP tool definitions ({@code tools/list} result items): {@code {"name","description","inputSchema"}}. */
  public ArrayNode mcpTools() {
    ArrayNode out = F.arrayNode();
    tools.forEach((name, tool) -> {
      ObjectNode t = out.addObject();
      t.put("name", name);
      t.put("description", describe(tool));
      t.set("inputSchema", tool.paramsSchema().deepCopy());
    });
    return out;
  }

  /**
   * Calls the tool {@code name} with {@code arguments} (a JSON object, or null for none).
   *
   * @return the method's result; fails with {@code METHOD_NOT_FOUND} for an unknown tool, {@code
   *     INVALID_PARAMS} for arguments that are not an object, or what the call fails with
   */
  public CompletableFuture<JsonNode> dispatch(String name, JsonNode arguments) {
    Objects.requireNonNull(name, "name");
    Tool tool = tools.get(name);
    if (tool == null) {
      return CompletableFuture.failedFuture(
          new ApplicationException(ApplicationError.METHOD_NOT_FOUND, "tool: " + name + " is not offered"));
    }
    JsonNode args = arguments == null || arguments.isNull() ? F.objectNode() : arguments;
    if (!args.isObject()) {
      return CompletableFuture.failedFuture(
          new ApplicationException(ApplicationError.INVALID_PARAMS, "arguments: expected an object"));
    }
    return tool.agent().callJson(tool.callName(), args);
  }

  /**
   * Answers one OpenAI tool call ({@code {"id","type":"function","function":{"name","arguments"}}},
   * {@code arguments} a JSON text) with the tool message for the conversation: {@code {"role":
   * "tool","tool_call_id","content"}}, the content being the result as JSON text, or {@code
   * {"error":{"code","message"}}} when the call failed (the model may react to it).
   */
  public CompletableFuture<ObjectNode> answerOpenAi(JsonNode toolCall) {
    Objects.requireNonNull(toolCall, "toolCall");
    String id = toolCall.path("id").asText("");
    JsonNode function = toolCall.path("function");
    CompletableFuture<JsonNode> result;
    try {
      JsonNode args = function.path("arguments");
      JsonNode parsed = args.isTextual() ? parseArguments(args.textValue()) : args.isMissingNode() ? null : args;
      result = dispatch(function.path("name").asText(""), parsed);
    } catch (ApplicationException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.handle((value, failure) -> {
      ObjectNode message = F.objectNode();
      message.put("role", "tool");
      message.put("tool_call_id", id);
      message.put("content", failure == null ? value.toString() : errorJson(failure).toString());
      return message;
    });
  }

  /**
   * Answers an MCP {@code tools/call} request's params ({@code {"name","arguments"}}) with a
   * {@code CallToolResult}: {@code {"content":[{"type":"text","text"}],"isError"}}, and for a
   * success also {@code structuredContent} when the result is an object.
   */
  public CompletableFuture<ObjectNode> answerMcp(JsonNode params) {
    Objects.requireNonNull(params, "params");
    return dispatch(params.path("name").asText(""), params.get("arguments")).handle((value, failure) -> {
      ObjectNode out = F.objectNode();
      ObjectNode text = out.putArray("content").addObject();
      text.put("type", "text");
      if (failure == null) {
        text.put("text", value.toString());
        if (value.isObject()) {
          out.set("structuredContent", value);
        }
        out.put("isError", false);
      } else {
        text.put("text", errorJson(failure).toString());
        out.put("isError", true);
      }
      return out;
    });
  }

  private static JsonNode parseArguments(String text) {
    try {
      return StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), MAX_ARGUMENT_BYTES);
    } catch (IdentityException e) {
      throw new ApplicationException(ApplicationError.INVALID_PARAMS, "arguments: not JSON", e);
    }
  }

  private static ObjectNode errorJson(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    ObjectNode out = F.objectNode();
    ObjectNode error = out.putObject("error");
    if (cause instanceof ApplicationException e) {
      error.put("code", e.code().jsonRpcCode());
      error.put("message", e.getMessage());
    } else {
      error.put("code", ApplicationError.INTERNAL_ERROR.jsonRpcCode());
      error.put("message", "the call failed");
    }
    return out;
  }

  private static String describe(Tool tool) {
    String d = tool.description();
    String agent = tool.agent().description().description().name();
    return d.isEmpty() ? tool.callName() + " of " + agent : d + " (" + agent + ")";
  }

  static String sanitize(String name) {
    StringBuilder s = new StringBuilder();
    for (char c : name.toCharArray()) {
      boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-');
      s.append(ok ? c : '_');
    }
    String out = s.length() == 0 ? "tool" : s.toString();
    return out.length() > MAX_NAME ? out.substring(0, MAX_NAME) : out;
  }

  @Override
  public String toString() {
    return "ToolSet" + tools.keySet();
  }
}
