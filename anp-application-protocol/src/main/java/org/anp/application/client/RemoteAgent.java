package org.anp.application.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.description.AgentInterface;
import org.anp.application.description.VerifiedDescription;
import org.anp.application.internal.client.AuthenticatedHttp;
import org.anp.application.internal.client.OperationCalls;
import org.anp.application.internal.client.RpcErrors;
import org.anp.application.internal.interfaces.JsonValues;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;

/**
 * An agent whose description an {@link AgentClient} fetched and verified: its description, its
 * interfaces and the JSON-RPC methods they offer, and calls to them with DID authentication.
 *
 * <p>Params are given as a {@link JsonNode} (object or array), a {@link Map}, a {@link List} or a
 * record (its components by name); results are converted strictly to the requested type (records,
 * enums, primitives, lists, maps, optional values). Every failure is an {@link
 * ApplicationException}: the peer's JSON-RPC error with its code, {@code UNAUTHENTICATED} for a
 * 401, {@code FETCH_FAILED} for transport failures and other HTTP statuses, {@code
 * INVALID_REQUEST} for a response that is not JSON-RPC.
 *
 * <p>Immutable and thread-safe.
 */
public final class RemoteAgent {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final VerifiedDescription description;
  private final Map<String, RemoteMethod> methods;
  private final Map<String, RemoteOperation> operations;
  private final OperationCalls operationCalls;
  private final AuthenticatedHttp http;
  private final int maxResponseBytes;
  private final AtomicLong ids = new AtomicLong();

  RemoteAgent(VerifiedDescription description, List<RemoteMethod> methods, List<RemoteOperation> operations,
      AuthenticatedHttp http, int maxResponseBytes) {
    this.description = description;
    this.methods = methods.stream().collect(Collectors.toMap(
        RemoteMethod::name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    this.operations = operations.stream().collect(Collectors.toMap(
        RemoteOperation::name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    this.operationCalls = new OperationCalls(http, maxResponseBytes);
    this.http = http;
    this.maxResponseBytes = maxResponseBytes;
  }

  /** The verified description. */
  public VerifiedDescription description() {
    return description;
  }

  /** The agent's DID (the verified signer). */
  public String did() {
    return description.did();
  }

  /** The interfaces the description lists. */
  public List<AgentInterface> interfaces() {
    return description.description().interfaces();
  }

  /** The JSON-RPC methods of the agent's OpenRPC interfaces, in document order. */
  public List<RemoteMethod> methods() {
    return List.copyOf(methods.values());
  }

  /** The method named {@code name}, if the agent offers it. */
  public Optional<RemoteMethod> method(String name) {
    return Optional.ofNullable(methods.get(name));
  }

  /**
   * The HTTP operations of the agent's OpenAPI 3 and ANP YAML interfaces, in document order (a
   * name that is also a JSON-RPC method is called as the method).
   */
  public List<RemoteOperation> operations() {
    return List.copyOf(operations.values());
  }

  /** The operation named {@code name}, if the agent offers it. */
  public Optional<RemoteOperation> operation(String name) {
    return Optional.ofNullable(operations.get(name));
  }

  /** Calls {@code method} and converts the result to {@code type}. */
  public <T> CompletableFuture<T> call(String method, Object params, Class<T> type) {
    return call(method, params, (Type) type);
  }

  /** Calls {@code method} and converts the result to the referenced (generic) type. */
  public <T> CompletableFuture<T> call(String method, Object params, TypeReference<T> type) {
    return call(method, params, type.getType());
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> call(String method, Object params, Type type) {
    return callJson(method, params).thenApply(r -> (T) JsonValues.fromJson(r, type, "result"));
  }

  /**
   * Calls {@code method} and returns its result as JSON: a JSON-RPC method, else an HTTP
   * {@linkplain #operations() operation} of that name (params by name, placed as the operation
   * says; the JSON response is the result, HTTP errors map to {@code INVALID_PARAMS} for 400 and
   * 422, {@code UNAUTHENTICATED} for 401, {@code NOT_FOUND} for 404, {@code FETCH_FAILED} for
   * others).
   *
   * @throws ApplicationException {@code METHOD_NOT_FOUND} (in the future) if the description
   *     does not offer the method
   */
  public CompletableFuture<JsonNode> callJson(String method, Object params) {
    Objects.requireNonNull(method, "method");
    RemoteMethod m = methods.get(method);
    if (m == null) {
      RemoteOperation op = operations.get(method);
      if (op != null) {
        return operationCalls.call(op, params);
      }
      return CompletableFuture.failedFuture(new ApplicationException(
          ApplicationError.METHOD_NOT_FOUND, "method: " + method + " is not in the agent's description"));
    }
    ObjectNode request = F.objectNode();
    request.put("jsonrpc", "2.0");
    long id = ids.incrementAndGet();
    request.put("id", id);
    request.put("method", method);
    try {
      JsonNode p = params == null ? null : params instanceof JsonNode j ? j : JsonValues.toJson(params);
      if (p != null) {
        if (!p.isObject() && !p.isArray()) {
          throw new ApplicationException(ApplicationError.INVALID_PARAMS, "params: expected an object or an array");
        }
        request.set("params", p);
      }
    } catch (ApplicationException e) {
      return CompletableFuture.failedFuture(e);
    }
    byte[] body;
    try {
      body = StrictJson.mapper().writeValueAsBytes(request); // no String on the way
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(new IllegalStateException("a JSON tree always serializes", e));
    }
    return http.post(m.endpoint(), body).thenApply(reply -> result(reply, id));
  }

  private JsonNode result(AuthenticatedHttp.Reply reply, long id) {
    if (reply.status() == 401) {
      throw new ApplicationException(ApplicationError.UNAUTHENTICATED, "HTTP 401: DID authentication refused");
    }
    if (reply.status() != 200) {
      throw new ApplicationException(ApplicationError.FETCH_FAILED, "HTTP " + reply.status() + " from the agent");
    }
    JsonNode response;
    try {
      response = StrictJson.parse(reply.body(), maxResponseBytes);
    } catch (IdentityException e) {
      throw new ApplicationException(ApplicationError.INVALID_REQUEST, "response: not JSON", e);
    }
    JsonNode error = response.get("error");
    if (error != null && error.isObject() && error.path("code").canConvertToInt()) {
      throw RpcErrors.of(error.get("code").intValue(), error.path("message").asText(""));
    }
    if (!response.path("id").canConvertToLong() || response.get("id").longValue() != id
        || !response.has("result")) {
      throw new ApplicationException(ApplicationError.INVALID_REQUEST, "response: not the answer to the request");
    }
    return response.get("result");
  }

  @Override
  public String toString() {
    return "RemoteAgent[" + did() + ", " + methods.keySet() + "]";
  }
}
