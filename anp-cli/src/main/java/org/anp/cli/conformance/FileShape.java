package org.anp.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The structure a suite needs of a vector file before it runs any case: which members are
 * objects, arrays of objects or strings. A file that lacks one is malformed as a whole, and the
 * problem names the member's JSON path and what was found ({@code "identities[0].did_document:
 * expected an object, found a string"}), never a Java type. Rules are written as nested lambdas
 * over one node; the first problem ends the check.
 */
final class FileShape {
  private final JsonNode node;
  private final String path;

  private FileShape(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The first problem {@code rules} find in {@code root}, if any. */
  static Optional<String> problem(JsonNode root, Consumer<FileShape> rules) {
    try {
      rules.accept(new FileShape(root, ""));
      return Optional.empty();
    } catch (Malformed e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Member {@code field} must be an object; {@code rules} apply to it. */
  FileShape object(String field, Consumer<FileShape> rules) {
    rules.accept(child(field, expect(field, JsonNode::isObject, "an object")));
    return this;
  }

  /** Member {@code field}, when present, must be an object; {@code rules} apply to it. */
  FileShape optionalObject(String field, Consumer<FileShape> rules) {
    return node.has(field) ? object(field, rules) : this;
  }

  /** Member {@code field} must be a string. */
  FileShape text(String field) {
    expect(field, JsonNode::isTextual, "a string");
    return this;
  }

  /** Member {@code field}, when present, must be a string. */
  FileShape optionalText(String field) {
    return node.has(field) ? text(field) : this;
  }

  /** Member {@code field} must be a string or an object. */
  FileShape textOrObject(String field) {
    expect(field, v -> v.isTextual() || v.isObject(), "a string or an object");
    return this;
  }

  /** Member {@code field} must be an array of objects; {@code rules} apply to each. */
  FileShape eachObject(String field, Consumer<FileShape> rules) {
    JsonNode array = expect(field, JsonNode::isArray, "an array");
    int i = 0;
    for (JsonNode element : array) {
      String at = at(field) + "[" + i + "]";
      if (!element.isObject()) {
        throw new Malformed(at + ": expected an object, found " + describe(element));
      }
      rules.accept(new FileShape(element, at));
      i++;
    }
    return this;
  }

  /** Member {@code field}, when present, must be an array of objects; {@code rules} apply to each. */
  FileShape optionalEachObject(String field, Consumer<FileShape> rules) {
    return node.has(field) ? eachObject(field, rules) : this;
  }

  /** Member {@code field}, when present, must be an object whose values are objects. */
  FileShape optionalObjectOfObjects(String field, Consumer<FileShape> rules) {
    if (!node.has(field)) {
      return this;
    }
    JsonNode map = expect(field, JsonNode::isObject, "an object");
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      String at = at(field) + "." + e.getKey();
      if (!e.getValue().isObject()) {
        throw new Malformed(at + ": expected an object, found " + describe(e.getValue()));
      }
      rules.accept(new FileShape(e.getValue(), at));
    }
    return this;
  }

  private JsonNode expect(String field, Predicate<JsonNode> ok, String what) {
    JsonNode v = node.get(field);
    if (v == null) {
      throw new Malformed(at(field) + ": missing, expected " + what);
    }
    if (!ok.test(v)) {
      throw new Malformed(at(field) + ": expected " + what + ", found " + describe(v));
    }
    return v;
  }

  private FileShape child(String field, JsonNode value) {
    return new FileShape(value, at(field));
  }

  private String at(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static String describe(JsonNode v) {
    if (v.isTextual()) {
      return "a string";
    }
    if (v.isNumber()) {
      return "a number";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    if (v.isNull()) {
      return "null";
    }
    if (v.isArray()) {
      return "an array";
    }
    return "an object";
  }

  /** The problem found, as the message; caught in {@link #problem}. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }
}
