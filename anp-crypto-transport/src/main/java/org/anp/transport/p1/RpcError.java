package org.anp.transport.p1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One JSON-RPC {@code error} object as P1 writes it (P1 section 10.2): {@code code}, {@code
 * message} and {@code data} with {@code anp_code} (always present for ANP codes), {@code retryable}
 * and, optionally, {@code details}.
 *
 * <p>Immutable and thread-safe; {@link #details()} returns a copy. Messages are short and never
 * carry secrets or payloads (P1 section 10.4).
 */
public final class RpcError {
  private final int code;
  private final String message;
  private final Optional<String> anpCode;
  private final boolean retryable;
  private final Optional<ObjectNode> details;

  private RpcError(
      int code,
      String message,
      Optional<String> anpCode,
      boolean retryable,
      Optional<ObjectNode> details) {
    this.code = code;
    this.message = Objects.requireNonNull(message, "message");
    this.anpCode = Objects.requireNonNull(anpCode, "anpCode");
    this.retryable = retryable;
    this.details = details.map(ObjectNode::deepCopy);
  }

  /** The error for {@code code} with its default message and retry hint. */
  public static RpcError of(RpcErrorCode code) {
    return of(code, code.defaultMessage());
  }

  /** The error for {@code code} with this message. */
  public static RpcError of(RpcErrorCode code, String message) {
    return new RpcError(
        code.code(), message, code.anpCode(), code.retryable(), Optional.empty());
  }

  /** An error from its parts, as read from the wire. */
  public static RpcError of(
      int code, String message, Optional<String> anpCode, boolean retryable, Optional<ObjectNode> details) {
    return new RpcError(code, message, anpCode, retryable, details);
  }

  /** This error with {@code data.details} set (copied). */
  public RpcError withDetails(ObjectNode details) {
    return new RpcError(code, message, anpCode, retryable, Optional.of(details));
  }

  /** The integer {@code error.code}. */
  public int code() {
    return code;
  }

  /** The {@code error.message}. */
  public String message() {
    return message;
  }

  /** The {@code error.data.anp_code}; empty for the JSON-RPC standard codes. */
  public Optional<String> anpCode() {
    return anpCode;
  }

  /** The {@code error.data.retryable} hint; {@code false} unless the peer sent {@code true}. */
  public boolean retryable() {
    return retryable;
  }

  /** A copy of {@code error.data.details}, if present. */
  public Optional<ObjectNode> details() {
    return details.map(ObjectNode::deepCopy);
  }

  /** The core code this error carries, if it is one. */
  public Optional<CoreRpcError> coreCode() {
    return CoreRpcError.fromCode(code);
  }

  /** The {@code error} object; {@code data} is written whenever there is an {@code anp_code}. */
  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("code", code);
    out.put("message", message);
    if (anpCode.isPresent() || details.isPresent()) {
      ObjectNode data = out.putObject("data");
      anpCode.ifPresent(a -> data.put("anp_code", a));
      data.put("retryable", retryable);
      details.ifPresent(d -> data.set("details", d.deepCopy()));
    }
    return out;
  }

  /**
   * Reads an {@code error} object leniently enough to report what a peer said: {@code code} must
   * be an integer and {@code message} a string; {@code data.anp_code} is read when it is a string,
   * {@code retryable} only when it is {@code true}, {@code details} only when it is an object.
   *
   * @throws RpcException {@code INVALID_REQUEST} if {@code code} or {@code message} is missing or
   *     mistyped
   */
  public static RpcError parse(JsonNode error) {
    if (error == null || !error.isObject()) {
      throw new RpcException(RpcError.of(CoreRpcError.INVALID_REQUEST, "error: expected an object"));
    }
    JsonNode code = error.get("code");
    JsonNode message = error.get("message");
    if (code == null || !code.isIntegralNumber() || !code.canConvertToInt()) {
      throw new RpcException(RpcError.of(CoreRpcError.INVALID_REQUEST, "error.code: expected an integer"));
    }
    if (message == null || !message.isTextual()) {
      throw new RpcException(RpcError.of(CoreRpcError.INVALID_REQUEST, "error.message: expected a string"));
    }
    JsonNode data = error.get("data");
    Optional<String> anp = Optional.empty();
    boolean retry = false;
    Optional<ObjectNode> details = Optional.empty();
    if (data != null && data.isObject()) {
      JsonNode a = data.get("anp_code");
      if (a != null && a.isTextual()) {
        anp = Optional.of(a.textValue());
      }
      JsonNode r = data.get("retryable");
      retry = r != null && r.isBoolean() && r.booleanValue();
      JsonNode d = data.get("details");
      if (d != null && d.isObject()) {
        details = Optional.of((ObjectNode) d);
      }
    }
    return new RpcError(code.intValue(), message.textValue(), anp, retry, details);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RpcError e && toJson().equals(e.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "RpcError[" + code + anpCode.map(a -> " " + a).orElse("") + ": " + message + "]";
  }
}
