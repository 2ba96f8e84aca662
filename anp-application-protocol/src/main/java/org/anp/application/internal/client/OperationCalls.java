package org.anp.application.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.client.RemoteOperation;
import org.anp.application.client.RemoteOperation.Location;
import org.anp.application.client.RemoteOperation.Parameter;
import org.anp.application.internal.interfaces.JsonValues;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;

/**
 * Calls {@link RemoteOperation}s: places the params (one object, by name) into the path, query
 * and JSON body, sends the request with DID authentication, and reads the JSON response.
 */
public final class OperationCalls {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final AuthenticatedHttp http;
  private final int maxResponseBytes;

  /** Calls through {@code http}, reading responses up to {@code maxResponseBytes}. */
  public OperationCalls(AuthenticatedHttp http, int maxResponseBytes) {
    this.http = http;
    this.maxResponseBytes = maxResponseBytes;
  }

  /** Calls {@code op} with {@code params} (null, a {@link JsonNode} object, a map or a record). */
  public CompletableFuture<JsonNode> call(RemoteOperation op, Object params) {
    URI target;
    Optional<byte[]> body;
    try {
      JsonNode p = params == null ? F.objectNode() : params instanceof JsonNode j ? j : JsonValues.toJson(params);
      if (!p.isObject()) {
        throw invalidParams("params: an operation takes an object of params by name");
      }
      Request r = place(op, (ObjectNode) p);
      target = r.target;
      body = r.body;
    } catch (ApplicationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.send(op.httpMethod(), target, body).thenApply(reply -> result(op, reply));
  }

  private record Request(URI target, Optional<byte[]> body) {}

  private static Request place(RemoteOperation op, ObjectNode params) {
    Set<String> known = new HashSet<>();
    String path = op.path();
    StringBuilder query = new StringBuilder();
    ObjectNode members = F.objectNode();
    JsonNode whole = null;
    for (Parameter p : op.parameters()) {
      known.add(p.name());
      JsonNode v = params.get(p.name());
      if (v == null || v.isNull()) {
        if (p.required()) {
          throw invalidParams("params: " + p.name() + " is required");
        }
        continue;
      }
      switch (p.in()) {
        case PATH -> path = path.replace("{" + p.name() + "}", encode(scalar(p.name(), v)));
        case QUERY -> {
          if (v.isArray()) {
            for (JsonNode item : v) {
              appendQuery(query, p.name(), scalar(p.name(), item));
            }
          } else {
            appendQuery(query, p.name(), scalar(p.name(), v));
          }
        }
        case BODY_MEMBER -> members.set(p.name(), v);
        case BODY -> whole = v;
      }
    }
    for (Iterator<String> names = params.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw invalidParams("params: " + name + " is not a parameter of " + op.name());
      }
    }
    if (path.contains("{")) {
      throw invalidParams("params: a path parameter of " + op.name() + " is missing");
    }
    boolean takesBody = op.parameters().stream().anyMatch(p -> p.in() == Location.BODY || p.in() == Location.BODY_MEMBER);
    Optional<byte[]> body = Optional.empty();
    if (whole != null) {
      body = Optional.of(whole.toString().getBytes(StandardCharsets.UTF_8));
    } else if (takesBody && !("GET".equals(op.httpMethod()) || "DELETE".equals(op.httpMethod()))) {
      body = Optional.of(members.toString().getBytes(StandardCharsets.UTF_8));
    }
    String base = op.server().toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    try {
      return new Request(new URI(base + path + (query.length() == 0 ? "" : "?" + query)), body);
    } catch (java.net.URISyntaxException e) {
      throw invalidParams("params: they do not make a valid URL");
    }
  }

  private static String scalar(String name, JsonNode v) {
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber() || v.isBoolean()) {
      return v.asText();
    }
    throw invalidParams("params: " + name + " must be a string, a number or a boolean");
  }

  private static void appendQuery(StringBuilder query, String name, String value) {
    if (query.length() > 0) {
      query.append('&');
    }
    query.append(encode(name)).append('=').append(encode(value));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode result(RemoteOperation op, AuthenticatedHttp.Reply reply) {
    int status = reply.status();
    if (status >= 200 && status < 300) {
      if (reply.body().length == 0) {
        return NullNode.getInstance();
      }
      try {
        return StrictJson.parse(reply.body(), maxResponseBytes);
      } catch (IdentityException e) {
        if ("string".equals(op.resultSchema().path("type").asText())) {
          return TextNode.valueOf(new String(reply.body(), StandardCharsets.UTF_8));
        }
        throw new ApplicationException(ApplicationError.INVALID_REQUEST, op.name() + ": the response is not JSON", e);
      }
    }
    ApplicationError code = switch (status) {
      case 400, 422 -> ApplicationError.INVALID_PARAMS;
      case 401 -> ApplicationError.UNAUTHENTICATED;
      case 404 -> ApplicationError.NOT_FOUND;
      default -> ApplicationError.FETCH_FAILED;
    };
    throw new ApplicationException(code, op.name() + ": HTTP " + status + " from the agent");
  }

  private static ApplicationException invalidParams(String message) {
    return new ApplicationException(ApplicationError.INVALID_PARAMS, message);
  }
}
