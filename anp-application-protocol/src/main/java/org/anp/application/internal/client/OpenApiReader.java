package org.anp.application.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.client.RemoteOperation;
import org.anp.application.client.RemoteOperation.Location;
import org.anp.application.client.RemoteOperation.Parameter;

/**
 * Reads the HTTP operations of an interface document (parsed by {@link YamlDocuments}): an
 * OpenAPI 3 document (a top-level {@code openapi} member {@code 3.x}), or the YAML interface
 * document of the ANP-07 examples ({@code interface: {type, description, version, endpoints:
 * [{name, description, method, path, parameters: [{name, type, required, description}],
 * response}]}}). Every operation's URL must be on the description's origin (decision 0049).
 *
 * <p>OpenAPI: servers[0] (variables replaced by their defaults; {@code /} when there is none),
 * operations GET, POST, PUT, PATCH, DELETE with path and query parameters and a JSON request body;
 * an operation with a required header or cookie parameter, or a body that is not JSON, is left
 * out (it cannot be called by name). Local {@code $ref}s ({@code #/...}) are inlined, within a
 * chain length and a node budget; others are refused. ANP YAML: parameters go into the query for GET and DELETE, into the
 * JSON body otherwise. Decision 0074.
 */
public final class OpenApiReader {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
  private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "object", "array");
  private static final int MAX_REF_DEPTH = 16;
  /** The most JSON nodes inlining may produce for one document (references can fan out). */
  private static final int MAX_INLINED_NODES = 200_000;

  private OpenApiReader() {}

  /**
   * The operations of {@code doc}, fetched from {@code documentUrl}, for the description fetched
   * from {@code origin}; {@code INVALID_DESCRIPTION} if it is not a usable document.
   */
  public static List<RemoteOperation> operations(JsonNode doc, URI documentUrl, URI origin) {
    if (doc.has("openapi")) {
      return openApi(doc, documentUrl, origin);
    }
    if (doc.path("interface").isObject()) {
      return anpYaml(doc.get("interface"), documentUrl, origin);
    }
    throw invalid("interface document: neither OpenAPI 3 nor an ANP YAML interface");
  }

  // ---- OpenAPI 3 ----

  private static List<RemoteOperation> openApi(JsonNode doc, URI documentUrl, URI origin) {
    JsonNode version = doc.get("openapi");
    if (!version.isTextual() || !version.textValue().startsWith("3.")) {
      throw invalid("openapi: only version 3.x is read");
    }
    if (!doc.path("paths").isObject()) {
      throw invalid("openapi: no paths object");
    }
    String title = doc.path("info").path("title").asText("");
    URI server = Origins.requireSame(resolve(documentUrl, serverUrl(doc)), origin, "openapi server");
    Refs refs = new Refs(doc);
    List<RemoteOperation> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      if (!path.getKey().startsWith("/") || path.getKey().startsWith("//") || !path.getValue().isObject()) {
        throw invalid("openapi: path " + path.getKey() + ": expected /... and an object");
      }
      JsonNode item = path.getValue();
      if (item.has("$ref")) {
        throw invalid("openapi: path " + path.getKey() + ": $ref path items are not read");
      }
      for (String method : METHODS) {
        JsonNode op = item.get(method);
        if (op == null) {
          continue;
        }
        if (!op.isObject()) {
          throw invalid("openapi: " + method + " " + path.getKey() + ": expected an object");
        }
        operation(refs, title, server, path.getKey(), method, item, op).ifPresent(out::add);
      }
    }
    return List.copyOf(out);
  }

  private static String serverUrl(JsonNode doc) {
    JsonNode server = doc.path("servers").path(0);
    if (!server.path("url").isTextual()) {
      return "/";
    }
    String url = server.get("url").textValue();
    for (Map.Entry<String, JsonNode> v : server.path("variables").properties()) {
      JsonNode def = v.getValue().path("default");
      if (!def.isTextual()) {
        throw invalid("openapi: server variable " + v.getKey() + " has no default");
      }
      url = url.replace("{" + v.getKey() + "}", def.textValue());
    }
    return url;
  }

  private static Optional<RemoteOperation> operation(
      Refs refs, String title, URI server, String path, String method, JsonNode item, JsonNode op) {
    Map<String, JsonNode> declared = new LinkedHashMap<>();
    for (JsonNode list : new JsonNode[] {item.path("parameters"), op.path("parameters")}) {
      for (JsonNode p : list) {
        JsonNode param = refs.inline(p);
        if (!param.path("name").isTextual() || !param.path("in").isTextual()) {
          throw invalid("openapi: " + method + " " + path + ": a parameter without name or in");
        }
        declared.put(param.get("in").textValue() + "\n" + param.get("name").textValue(), param);
      }
    }
    List<Parameter> parameters = new ArrayList<>();
    ObjectNode schema = F.objectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = F.arrayNode();
    for (JsonNode param : declared.values()) {
      String name = param.get("name").textValue();
      String in = param.get("in").textValue();
      boolean isRequired = "path".equals(in) || param.path("required").asBoolean(false);
      Location location = switch (in) {
        case "path" -> Location.PATH;
        case "query" -> Location.QUERY;
        default -> null;
      };
      if (location == null) {
        if (isRequired) {
          return Optional.empty(); // a required header or cookie cannot be given by name
        }
        continue;
      }
      parameters.add(new Parameter(name, location, isRequired));
      properties.set(name, describe(param.path("schema"), param.path("description")));
      if (isRequired) {
        required.add(name);
      }
    }
    if (op.has("requestBody")) {
      JsonNode body = refs.inline(op.get("requestBody"));
      JsonNode content = body.path("content");
      JsonNode json = jsonContent(content);
      if (json == null) {
        if (body.path("required").asBoolean(false) || !content.isEmpty()) {
          return Optional.empty(); // not a JSON body
        }
      } else {
        boolean bodyRequired = body.path("required").asBoolean(false);
        JsonNode bodySchema = refs.inline(json.path("schema"));
        JsonNode members = bodySchema.path("properties");
        boolean byMember = "object".equals(bodySchema.path("type").asText()) && members.isObject()
            && !members.isEmpty() && noClash(members, properties);
        if (byMember) {
          Set<String> requiredMembers = new HashSet<>();
          bodySchema.path("required").forEach(r -> requiredMembers.add(r.asText()));
          for (Map.Entry<String, JsonNode> m : members.properties()) {
            boolean r = bodyRequired && requiredMembers.contains(m.getKey());
            parameters.add(new Parameter(m.getKey(), Location.BODY_MEMBER, r));
            properties.set(m.getKey(), m.getValue().deepCopy());
            if (r) {
              required.add(m.getKey());
            }
          }
        } else {
          String name = properties.has("body") ? "requestBody" : "body";
          parameters.add(new Parameter(name, Location.BODY, bodyRequired));
          properties.set(name, bodySchema.deepCopy());
          if (bodyRequired) {
            required.add(name);
          }
        }
      }
    }
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    String name = op.path("operationId").isTextual()
        ? op.get("operationId").textValue() : generatedName(method, path);
    String description = op.path("description").asText(op.path("summary").asText(""));
    return Optional.of(new RemoteOperation(title, name, description, method, server, path,
        parameters, schema, result(refs, op.path("responses"))));
  }

  private static boolean noClash(JsonNode members, ObjectNode properties) {
    for (Map.Entry<String, JsonNode> m : members.properties()) {
      if (properties.has(m.getKey())) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode jsonContent(JsonNode content) {
    for (Map.Entry<String, JsonNode> c : content.properties()) {
      String type = c.getKey().toLowerCase(Locale.ROOT);
      if (type.equals("application/json") || type.endsWith("+json")) {
        return c.getValue();
      }
    }
    return null;
  }

  private static ObjectNode result(Refs refs, JsonNode responses) {
    for (String status : new String[] {"200", "201", "202", "2XX", "default"}) {
      JsonNode response = responses.get(status);
      if (response != null) {
        JsonNode json = jsonContent(refs.inline(response).path("content"));
        if (json != null && json.path("schema").isObject()) {
          return (ObjectNode) refs.inline(json.get("schema"));
        }
        return F.objectNode();
      }
    }
    return F.objectNode();
  }

  private static ObjectNode describe(JsonNode schema, JsonNode description) {
    ObjectNode s = schema.isObject() ? ((ObjectNode) schema).deepCopy() : F.objectNode();
    if (description.isTextual() && !s.has("description")) {
      s.put("description", description.textValue());
    }
    return s;
  }

  /**
   * Local {@code $ref}s of one document, replaced by what they point at: at most {@value
   * #MAX_REF_DEPTH} references followed in a row (a loop ends there), and a bounded number of nodes
   * for the whole document (references can fan out). Not thread-safe.
   */
  private static final class Refs {
    private final JsonNode doc;
    private int nodes;

    Refs(JsonNode doc) {
      this.doc = doc;
    }

    JsonNode inline(JsonNode node) {
      return inline(node, 0);
    }

    private JsonNode inline(JsonNode node, int depth) {
      if (depth > MAX_REF_DEPTH) {
        throw invalid("openapi: more than " + MAX_REF_DEPTH + " $refs followed in a row");
      }
      if (++nodes > MAX_INLINED_NODES) {
        throw invalid("openapi: $refs expand to more than " + MAX_INLINED_NODES + " nodes");
      }
      if (node.isObject()) {
        JsonNode ref = node.get("$ref");
        if (ref != null) {
          if (!ref.isTextual() || !ref.textValue().startsWith("#/")) {
            throw invalid("openapi: only local $refs (#/...) are read");
          }
          JsonNode target = doc.at(ref.textValue().substring(1));
          if (target.isMissingNode()) {
            throw invalid("openapi: $ref " + ref.textValue() + " points at nothing");
          }
          return inline(target, depth + 1);
        }
        ObjectNode copy = F.objectNode();
        node.properties().forEach(e -> copy.set(e.getKey(), inline(e.getValue(), depth)));
        return copy;
      }
      if (node.isArray()) {
        ArrayNode copy = F.arrayNode();
        node.forEach(e -> copy.add(inline(e, depth)));
        return copy;
      }
      return node;
    }
  }

  private static String generatedName(String method, String path) {
    String tail = path.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return method + (tail.isEmpty() ? "" : "_" + tail);
  }

  // ---- ANP-07 example YAML ----

  private static List<RemoteOperation> anpYaml(JsonNode spec, URI documentUrl, URI origin) {
    if (!spec.path("endpoints").isArray()) {
      throw invalid("interface: no endpoints list");
    }
    String title = spec.path("type").asText("interface");
    List<RemoteOperation> out = new ArrayList<>();
    for (JsonNode e : spec.get("endpoints")) {
      if (!e.path("name").isTextual() || !e.path("path").isTextual() || !e.get("path").textValue().startsWith("/")
          || e.get("path").textValue().startsWith("//")) {
        throw invalid("interface: an endpoint without a name or an absolute path");
      }
      String method = e.path("method").asText("POST").toLowerCase(Locale.ROOT);
      if (!METHODS.contains(method)) {
        throw invalid("interface: endpoint " + e.get("name").textValue() + ": method " + method);
      }
      String path = e.get("path").textValue();
      URI server = Origins.requireSame(resolve(documentUrl, "/"), origin, "interface endpoint");
      Location in = method.equals("get") || method.equals("delete") ? Location.QUERY : Location.BODY_MEMBER;
      List<Parameter> parameters = new ArrayList<>();
      ObjectNode schema = F.objectNode().put("type", "object");
      ObjectNode properties = schema.putObject("properties");
      ArrayNode required = F.arrayNode();
      for (JsonNode p : e.path("parameters")) {
        if (!p.path("name").isTextual()) {
          throw invalid("interface: endpoint " + e.get("name").textValue() + ": a parameter without a name");
        }
        String name = p.get("name").textValue();
        boolean isRequired = p.path("required").asBoolean(false);
        parameters.add(new Parameter(name, in, isRequired));
        properties.set(name, typed(p));
        if (isRequired) {
          required.add(name);
        }
      }
      if (!required.isEmpty()) {
        schema.set("required", required);
      }
      ObjectNode result = e.path("response").isObject() ? typed(e.get("response")) : F.objectNode();
      out.add(new RemoteOperation(title, e.get("name").textValue(), e.path("description").asText(""), method,
          server, path, parameters, schema, result));
    }
    return List.copyOf(out);
  }

  /** A JSON Schema from an ANP YAML parameter or response: its type, description and nested schema members. */
  private static ObjectNode typed(JsonNode p) {
    ObjectNode s = F.objectNode();
    String type = p.path("type").asText("");
    if (TYPES.contains(type)) {
      s.put("type", type);
    }
    for (String member : new String[] {"description", "items", "properties", "additionalProperties", "enum"}) {
      if (p.has(member)) {
        s.set(member, p.get(member).deepCopy());
      }
    }
    return s;
  }

  private static URI resolve(URI base, String url) {
    try {
      return base.resolve(url);
    } catch (IllegalArgumentException e) {
      throw invalid("interface document: " + url + " is not a URI");
    }
  }

  private static ApplicationException invalid(String message) {
    return new ApplicationException(ApplicationError.INVALID_DESCRIPTION, message);
  }
}
