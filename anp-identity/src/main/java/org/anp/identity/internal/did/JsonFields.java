package org.anp.identity.internal.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * Typed member access for DID document parsing. Every failure is {@code INVALID_DOCUMENT} with the
 * JSON path of the member, e.g. {@code verificationMethod[1].controller: expected string}.
 */
public final class JsonFields {
  private JsonFields() {}

  public static String child(String path, String member) {
    return path.isEmpty() ? member : path + "." + member;
  }

  public static String element(String path, int index) {
    return path + "[" + index + "]";
  }

  public static IdentityException invalid(String path, String problem) {
    return new IdentityException(IdentityError.INVALID_DOCUMENT, path + ": " + problem);
  }

  /**
   * Re-throws a failure from a decoder with the JSON path in front of its message, keeping its code.
   */
  public static IdentityException at(String path, IdentityException cause) {
    return new IdentityException(cause.code(), path + ": " + detail(cause), cause);
  }

  /** The message of {@code e} without the leading error code name. */
  public static String detail(IdentityException e) {
    String message = e.getMessage();
    String prefix = e.code().name() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  public static ObjectNode object(JsonNode node, String path) {
    if (!node.isObject()) {
      throw invalid(path, "expected object, found " + kind(node));
    }
    return (ObjectNode) node;
  }

  public static String requiredString(ObjectNode parent, String member, String path) {
    JsonNode node = parent.get(member);
    if (node == null) {
      throw invalid(child(path, member), "missing");
    }
    return string(node, child(path, member));
  }

  public static Optional<String> optionalString(ObjectNode parent, String member, String path) {
    JsonNode node = parent.get(member);
    return node == null ? Optional.empty() : Optional.of(string(node, child(path, member)));
  }

  public static String string(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw invalid(path, "expected string, found " + kind(node));
    }
    return node.textValue();
  }

  public static Optional<ArrayNode> optionalArray(ObjectNode parent, String member, String path) {
    JsonNode node = parent.get(member);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isArray()) {
      throw invalid(child(path, member), "expected array, found " + kind(node));
    }
    return Optional.of((ArrayNode) node);
  }

  public static String kind(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        return "object";
      case ARRAY:
        return "array";
      case STRING:
        return "string";
      case NUMBER:
        return "number";
      case BOOLEAN:
        return "boolean";
      case NULL:
        return "null";
      default:
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }
}
