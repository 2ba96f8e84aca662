package org.anp.transport.p1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;

/**
 * One P1 JSON-RPC request (P1 sections 4-6): {@code jsonrpc "2.0"}, a non-empty string {@code id}
 * (absent only for a notification), a method name, and {@code params} holding exactly {@code meta},
 * {@code body} and optionally {@code auth}.
 *
 * <p>Parsing is strict and maps each fault to the code P1 gives it: not JSON -32700; a batch
 * 1004; not a request object, a wrong {@code jsonrpc} or method name, or an unknown top-level
 * member -32600; a numeric, null or empty {@code id} 1000; {@code params} not an object, missing
 * {@code meta}/{@code body}, or an unknown {@code params} member 1003; faults inside {@code meta}
 * and {@code auth} as {@link P1Meta#parse} and {@link OriginProof#parseAuth} say.
 *
 * <p>Immutable and thread-safe; {@link #body()} returns a copy.
 */
public final class P1Request {
  /** Longest accepted {@code id}, in characters. */
  public static final int MAX_ID_LENGTH = 256;
  /** Longest accepted method name, in characters. */
  public static final int MAX_METHOD_LENGTH = 128;

  private static final Pattern METHOD = Pattern.compile("[a-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");

  private final Optional<String> id;
  private final String method;
  private final P1Meta meta;
  private final Optional<OriginProof> auth;
  private final ObjectNode body;

  private P1Request(
      Optional<String> id, String method, P1Meta meta, Optional<OriginProof> auth, ObjectNode body) {
    this.id = id;
    this.method = method;
    this.meta = meta;
    this.auth = auth;
    this.body = body;
  }

  /**
   * A request (with an id) without origin proof.
   *
   * @throws IllegalArgumentException for an empty or over-long id or a method name P1 forbids
   */
  public static P1Request of(String id, String method, P1Meta meta, ObjectNode body) {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("id: 1.." + MAX_ID_LENGTH + " characters");
    }
    checkMethod(method);
    return new P1Request(
        Optional.of(id), method, Objects.requireNonNull(meta, "meta"), Optional.empty(), body.deepCopy());
  }

  /** This request with {@code auth} set to an origin proof. */
  public P1Request withOriginProof(OriginProof proof) {
    return new P1Request(id, method, meta, Optional.of(proof), body);
  }

  /** {@code id}; empty for a notification. */
  public Optional<String> id() {
    return id;
  }

  /** The method name. */
  public String method() {
    return method;
  }

  /** {@code params.meta}. */
  public P1Meta meta() {
    return meta;
  }

  /** {@code params.auth}, when it carries an origin proof. */
  public Optional<OriginProof> originProof() {
    return auth;
  }

  /** A copy of {@code params.body}. */
  public ObjectNode body() {
    return body.deepCopy();
  }

  /**
   * The Signed Request Object of P1 Appendix A.3: {@code {"method","meta","body"}}, without
   * {@code jsonrpc}, {@code id} and {@code auth}.
   */
  public ObjectNode signedRequestObject() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("method", method);
    o.set("meta", meta.toJson());
    o.set("body", body.deepCopy());
    return o;
  }

  /** The whole request object. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("jsonrpc", "2.0");
    id.ifPresent(i -> o.put("id", i));
    o.put("method", method);
    ObjectNode params = o.putObject("params");
    params.set("meta", meta.toJson());
    auth.ifPresent(a -> params.set("auth", a.toAuthJson()));
    params.set("body", body.deepCopy());
    return o;
  }

  /** The request as compact UTF-8 JSON. */
  public byte[] toBytes() {
    try {
      return StrictJson.mapper().writeValueAsBytes(toJson());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /**
   * Parses a request body of at most {@code maxBytes} bytes.
   *
   * @throws RpcException {@code PARSE_ERROR} (-32700) if the bytes are not strict JSON or too
   *     large, otherwise as {@link #fromJson}
   */
  public static P1Request parse(byte[] utf8, int maxBytes) {
    JsonNode tree;
    try {
      tree = StrictJson.parse(utf8, maxBytes);
    } catch (IdentityException e) {
      throw new RpcException(CoreRpcError.PARSE_ERROR, "request: " + e.code().name(), e);
    }
    return fromJson(tree);
  }

  /**
   * Reads a parsed request object.
   *
   * @throws RpcException with the code of the first fault, as listed on the class
   */
  public static P1Request fromJson(JsonNode tree) {
    if (tree.isArray()) {
      throw new RpcException(CoreRpcError.BATCH_NOT_SUPPORTED, "batches are not supported");
    }
    if (!tree.isObject()) {
      throw invalid("request: expected an object");
    }
    var names = tree.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("jsonrpc") && !name.equals("id") && !name.equals("method") && !name.equals("params")) {
        throw invalid("request." + P1Meta.printable(name) + ": unknown member");
      }
    }
    JsonNode version = tree.get("jsonrpc");
    if (version == null || !version.isTextual() || !version.textValue().equals("2.0")) {
      throw invalid("jsonrpc: expected \"2.0\"");
    }
    Optional<String> id = Optional.empty();
    JsonNode idNode = tree.get("id");
    if (idNode != null) {
      if (!idNode.isTextual() || idNode.textValue().isEmpty() || idNode.textValue().length() > MAX_ID_LENGTH) {
        throw new RpcException(
            CoreRpcError.INVALID_REQUEST_ID, "id: expected a non-empty string of at most " + MAX_ID_LENGTH + " characters");
      }
      id = Optional.of(idNode.textValue());
    }
    JsonNode methodNode = tree.get("method");
    if (methodNode == null || !methodNode.isTextual()) {
      throw invalid("method: expected a string");
    }
    String method = methodNode.textValue();
    try {
      checkMethod(method);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    JsonNode params = tree.get("params");
    if (params == null || !params.isObject()) {
      throw shape("params: expected an object");
    }
    var paramNames = params.fieldNames();
    while (paramNames.hasNext()) {
      String name = paramNames.next();
      if (!name.equals("meta") && !name.equals("auth") && !name.equals("body")) {
        throw shape("params." + P1Meta.printable(name) + ": unknown member");
      }
    }
    P1Meta meta = P1Meta.parse(params.get("meta"));
    JsonNode body = params.get("body");
    if (body == null || !body.isObject()) {
      throw shape("params.body: expected an object");
    }
    Optional<OriginProof> auth =
        params.has("auth") ? Optional.of(OriginProof.parseAuth(params.get("auth"))) : Optional.empty();
    return new P1Request(id, method, meta, auth, ((ObjectNode) body).deepCopy());
  }

  /**
   * The {@code id} of a request tree if it is a valid one, so that an error about another part
   * can still name the request.
   */
  public static Optional<String> idOf(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      return Optional.empty();
    }
    JsonNode id = tree.get("id");
    return id != null && id.isTextual() && !id.textValue().isEmpty() && id.textValue().length() <= MAX_ID_LENGTH
        ? Optional.of(id.textValue())
        : Optional.empty();
  }

  static void checkMethod(String method) {
    Objects.requireNonNull(method, "method");
    if (method.length() > MAX_METHOD_LENGTH
        || !METHOD.matcher(method).matches()
        || method.startsWith("rpc.")) {
      throw new IllegalArgumentException("method: not a P1 method name");
    }
  }

  private static RpcException invalid(String message) {
    return new RpcException(CoreRpcError.INVALID_REQUEST, message);
  }

  private static RpcException shape(String message) {
    return new RpcException(CoreRpcError.INVALID_PARAMS_SHAPE, message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof P1Request r && toJson().equals(r.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  /** Method and id only: the body may be private. */
  @Override
  public String toString() {
    return "P1Request[" + method + ", id=" + id.orElse("(notification)") + "]";
  }
}
