package org.anp.transport.p1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;

/**
 * One P1 JSON-RPC response (P1 section 5.6): the request's {@code id} (JSON {@code null} when the
 * request's id could not be read) and exactly one of {@code result} or {@code error}.
 *
 * <p>Immutable and thread-safe; {@link #result()} returns a copy.
 */
public final class P1Response {
  private final Optional<String> id;
  private final Optional<JsonNode> result;
  private final Optional<RpcError> error;

  private P1Response(Optional<String> id, Optional<JsonNode> result, Optional<RpcError> error) {
    this.id = id;
    this.result = result.map(JsonNode::deepCopy);
    this.error = error;
  }

  /** A successful response. */
  public static P1Response success(String id, JsonNode result) {
    return new P1Response(
        Optional.of(id), Optional.of(Objects.requireNonNull(result, "result")), Optional.empty());
  }

  /** A failure response; {@code id} empty writes {@code "id": null}. */
  public static P1Response failure(Optional<String> id, RpcError error) {
    return new P1Response(id, Optional.empty(), Optional.of(Objects.requireNonNull(error, "error")));
  }

  /** The {@code id}; empty when it was {@code null}. */
  public Optional<String> id() {
    return id;
  }

  /** A copy of {@code result}, for a success. */
  public Optional<JsonNode> result() {
    return result.map(JsonNode::deepCopy);
  }

  /** The {@code error}, for a failure. */
  public Optional<RpcError> error() {
    return error;
  }

  /** The response object. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("jsonrpc", "2.0");
    if (id.isPresent()) {
      o.put("id", id.get());
    } else {
      o.putNull("id");
    }
    result.ifPresent(r -> o.set("result", r.deepCopy()));
    error.ifPresent(e -> o.set("error", e.toJson()));
    return o;
  }

  /**
   * Parses a response of at most {@code maxBytes} bytes.
   *
   * @throws RpcException {@code PARSE_ERROR} for bytes that are not strict JSON or too large;
   *     {@code INVALID_REQUEST} for an object that is not a P1 response (wrong {@code jsonrpc},
   *     an {@code id} neither string nor null, both or neither of {@code result} and {@code error})
   */
  public static P1Response parse(byte[] utf8, int maxBytes) {
    JsonNode tree;
    try {
      tree = StrictJson.parse(utf8, maxBytes);
    } catch (IdentityException e) {
      throw new RpcException(CoreRpcError.PARSE_ERROR, "response: " + e.code().name(), e);
    }
    if (!tree.isObject()) {
      throw invalid("response: expected an object");
    }
    JsonNode version = tree.get("jsonrpc");
    if (version == null || !"2.0".equals(version.textValue())) {
      throw invalid("response.jsonrpc: expected \"2.0\"");
    }
    JsonNode idNode = tree.get("id");
    Optional<String> id;
    if (idNode == null || idNode.isNull()) {
      id = Optional.empty();
    } else if (idNode.isTextual()) {
      id = Optional.of(idNode.textValue());
    } else {
      throw invalid("response.id: expected a string or null");
    }
    boolean hasResult = tree.has("result");
    boolean hasError = tree.has("error");
    if (hasResult == hasError) {
      throw invalid("response: exactly one of result and error");
    }
    return hasResult
        ? new P1Response(id, Optional.of(tree.get("result")), Optional.empty())
        : new P1Response(id, Optional.empty(), Optional.of(RpcError.parse(tree.get("error"))));
  }

  private static RpcException invalid(String message) {
    return new RpcException(CoreRpcError.INVALID_REQUEST, message);
  }

  @Override
  public String toString() {
    return "P1Response[id=" + id.orElse("null") + error.map(e -> ", " + e).orElse(", result") + "]";
  }
}
