package org.anp.application.interfaces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;

/**
 * Runs JSON-RPC 2.0 requests against the methods of one or more {@link InterfaceDefinition}s, in
 * process and independent of any transport: an HTTP handler or the P1 dispatcher hands it the
 * request and the {@link CallContext} and writes back what it returns.
 *
 * <p>Requests: single objects and batches (arrays), notifications (no {@code id}, no response),
 * params by position or by name, converted to the Java types strictly. Errors are the standard
 * codes: -32700 (not JSON), -32600 (not a valid request, an empty or oversized batch, a body over
 * the size limit), -32601 (no such method), -32602 (params that do not fit), -32603 (the method
 * failed; the message says no more). A method that throws an {@link ApplicationException} answers
 * with its code's JSON-RPC code and message.
 *
 * <p>Thread-safe; methods run on the calling thread.
 */
public final class JsonRpcInvoker {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> REQUEST_MEMBERS = Set.of("jsonrpc", "method", "params", "id");
  /** The method-name prefix reserved for P1 methods. */
  private static final String P1_NAMESPACE = "anp.";

  private final Map<String, MethodBinding> methods;
  private final int maxRequestBytes;
  private final int maxBatchSize;
  private final boolean nonBlocking;

  private JsonRpcInvoker(Builder b) {
    this.methods = Map.copyOf(b.methods);
    this.maxRequestBytes = b.maxRequestBytes;
    this.maxBatchSize = b.maxBatchSize;
    this.nonBlocking = methods.values().stream().allMatch(MethodBinding::nonBlocking);
  }

  /** An invoker over {@code interfaces} with the default limits. */
  public static JsonRpcInvoker of(InterfaceDefinition... interfaces) {
    Builder b = builder();
    for (InterfaceDefinition i : interfaces) {
      b.add(i);
    }
    return b.build();
  }

  /** A builder with the default limits: 1 MiB per request body, 100 requests per batch. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Handles a request body.
   *
   * @return the response (an object, or an array for a batch), or empty when nothing is to be
   *     sent back (a notification, or a batch of notifications)
   */
  public Optional<JsonNode> handle(byte[] body, CallContext context) {
    Objects.requireNonNull(body, "body");
    JsonNode message;
    try {
      message = StrictJson.parse(body, maxRequestBytes);
    } catch (IdentityException e) {
      if (e.code() == IdentityError.INPUT_TOO_LARGE) {
        return Optional.of(error(NullNode.getInstance(), ApplicationError.INVALID_REQUEST.jsonRpcCode(),
            "request: larger than " + maxRequestBytes + " bytes"));
      }
      return Optional.of(error(NullNode.getInstance(), ApplicationError.PARSE_ERROR.jsonRpcCode(), "parse error"));
    }
    return handle(message, context);
  }

  /** Handles a parsed request or batch; see {@link #handle(byte[], CallContext)}. */
  public Optional<JsonNode> handle(JsonNode message, CallContext context) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(context, "context");
    if (!message.isArray()) {
      return handleOne(message, context);
    }
    if (message.isEmpty()) {
      return Optional.of(invalidRequest(NullNode.getInstance(), "batch: empty"));
    }
    if (message.size() > maxBatchSize) {
      return Optional.of(invalidRequest(NullNode.getInstance(),
          "batch: " + message.size() + " requests, at most " + maxBatchSize));
    }
    ArrayNode responses = F.arrayNode();
    for (JsonNode request : message) {
      handleOne(request, context).ifPresent(responses::add);
    }
    return responses.isEmpty() ? Optional.empty() : Optional.of(responses);
  }

  /**
   * Calls one method directly.
   *
   * @param params the params: an array, an object, or {@code null} for none
   * @return the result as JSON
   * @throws ApplicationException {@code METHOD_NOT_FOUND}, {@code INVALID_PARAMS}, {@code
   *     INVALID_REQUEST} (params neither array nor object), {@code INTERNAL_ERROR}, or what the
   *     method throws
   */
  public JsonNode invoke(String method, JsonNode params, CallContext context) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(context, "context");
    MethodBinding binding = methods.get(method);
    if (binding == null) {
      throw new ApplicationException(ApplicationError.METHOD_NOT_FOUND, "method: " + method + " not found");
    }
    return binding.invoke(params, context);
  }

  /**
   * Whether every method this invoker runs was declared never to block ({@link
   * JsonRpcMethod#nonBlocking()}), so that a request may be answered on an I/O thread.
   */
  public boolean nonBlocking() {
    return nonBlocking;
  }

  /** The names of the methods this invoker runs. */
  public Set<String> methodNames() {
    return methods.keySet();
  }

  private Optional<JsonNode> handleOne(JsonNode request, CallContext context) {
    if (!request.isObject()) {
      return Optional.of(invalidRequest(NullNode.getInstance(), "request: expected an object"));
    }
    JsonNode id = request.get("id");
    boolean notification = id == null;
    JsonNode echoId = id;
    if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
      return Optional.of(invalidRequest(NullNode.getInstance(), "id: expected a string, a number or null"));
    }
    if (echoId == null) {
      echoId = NullNode.getInstance();
    }
    Iterator<String> names = request.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!REQUEST_MEMBERS.contains(name)) {
        return Optional.of(invalidRequest(echoId, "request: unknown member " + name));
      }
    }
    JsonNode version = request.get("jsonrpc");
    if (version == null || !version.isTextual() || !"2.0".equals(version.textValue())) {
      return Optional.of(invalidRequest(echoId, "jsonrpc: expected \"2.0\""));
    }
    JsonNode method = request.get("method");
    if (method == null || !method.isTextual()) {
      return Optional.of(invalidRequest(echoId, "method: expected a string"));
    }
    JsonNode params = request.get("params");
    if (params != null && !params.isArray() && !params.isObject()) {
      return Optional.of(invalidRequest(echoId, "params: expected an array or an object"));
    }
    ObjectNode response;
    try {
      JsonNode result = invoke(method.textValue(), params, context);
      response = F.objectNode();
      response.put("jsonrpc", "2.0");
      response.set("id", echoId);
      response.set("result", result);
    } catch (ApplicationException e) {
      response = error(echoId, e.code().jsonRpcCode(), publicMessage(e));
    } catch (RuntimeException e) {
      response = error(echoId, ApplicationError.INTERNAL_ERROR.jsonRpcCode(), "internal error");
    }
    return notification ? Optional.empty() : Optional.of(response);
  }

  private static String publicMessage(ApplicationException e) {
    // The method's failure is not described to the caller beyond its code.
    return e.code() == ApplicationError.INTERNAL_ERROR ? "internal error" : e.getMessage();
  }

  private static ObjectNode invalidRequest(JsonNode id, String message) {
    return error(id, ApplicationError.INVALID_REQUEST.jsonRpcCode(), "invalid request: " + message);
  }

  private static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode response = F.objectNode();
    response.put("jsonrpc", "2.0");
    response.set("id", id);
    ObjectNode error = response.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return response;
  }

  /** Builds a {@link JsonRpcInvoker}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, MethodBinding> methods = new LinkedHashMap<>();
    private int maxRequestBytes = 1024 * 1024;
    private int maxBatchSize = 100;

    private Builder() {}

    /**
     * Adds the methods of an interface.
     *
     * @throws IllegalArgumentException if a method name is already taken, or starts with {@code
     *     anp.} (reserved for P1 methods)
     */
    public Builder add(InterfaceDefinition definition) {
      Objects.requireNonNull(definition, "definition");
      for (MethodBinding b : definition.bindings().values()) {
        if (b.name().startsWith(P1_NAMESPACE)) {
          throw new IllegalArgumentException("method " + b.name() + ": names starting with " + P1_NAMESPACE
              + " are P1 methods (ANP 1.2), not the agent's own");
        }
        if (methods.putIfAbsent(b.name(), b) != null) {
          throw new IllegalArgumentException("method " + b.name() + " is defined twice");
        }
      }
      return this;
    }

    /** The largest request body {@link #handle(byte[], CallContext)} parses; default 1 MiB. */
    public Builder maxRequestBytes(int maxRequestBytes) {
      if (maxRequestBytes <= 0) {
        throw new IllegalArgumentException("maxRequestBytes: " + maxRequestBytes);
      }
      this.maxRequestBytes = maxRequestBytes;
      return this;
    }

    /** The most requests a batch may hold; default 100. */
    public Builder maxBatchSize(int maxBatchSize) {
      if (maxBatchSize <= 0) {
        throw new IllegalArgumentException("maxBatchSize: " + maxBatchSize);
      }
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /** Builds the invoker. */
    public JsonRpcInvoker build() {
      return new JsonRpcInvoker(this);
    }
  }
}
