package org.anp.meta.internal.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A quick acceptance test for the plain schemas agreements mostly consist of (typed fields,
 * {@code required}, {@code enum}, {@code const}, closed objects, arrays of one item schema), so
 * that a valid application message is not walked by the general validator on every request
 * (issue 14, row B). It is sound, not complete: it accepts only instances the full draft 2020-12
 * validation accepts, and whatever it does not accept goes to that validation, which decides and
 * words the violations. A schema with any keyword outside this subset has no quick test.
 * Immutable and thread-safe.
 */
final class SimpleSchema {
  private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
  /** Annotations: they never make an instance invalid. */
  private static final Set<String> ANNOTATIONS = Set.of(
      "title", "description", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly");

  private enum Type { STRING, NUMBER, INTEGER, BOOLEAN, OBJECT, ARRAY, NULL }

  /** Null for the {@code true} schema's "any type". */
  private final Type type;
  private final Map<String, SimpleSchema> properties;
  private final List<String> required;
  /** {@code additionalProperties: false}. */
  private final boolean closed;
  /** The {@code enum} values and the {@code const} value, each set of which must hold one. */
  private final List<List<JsonNode>> oneOfValues;
  /** Null if the schema has no {@code items}. */
  private final SimpleSchema items;

  private SimpleSchema(Type type, Map<String, SimpleSchema> properties, List<String> required, boolean closed,
      List<List<JsonNode>> oneOfValues, SimpleSchema items) {
    this.type = type;
    this.properties = properties;
    this.required = required;
    this.closed = closed;
    this.oneOfValues = oneOfValues;
    this.items = items;
  }

  /** The quick test of {@code schema}, a root schema; empty if it uses more than the subset. */
  static Optional<SimpleSchema> of(JsonNode schema) {
    if (schema.isObject() && schema.has("$schema")) {
      String dialect = schema.get("$schema").asText();
      if (!dialect.equals(DIALECT) && !dialect.equals(DIALECT + "#")) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(parse(schema, true));
  }

  /** Null if {@code node} uses anything outside the subset. */
  private static SimpleSchema parse(JsonNode node, boolean root) {
    if (node.isBoolean() && node.booleanValue()) {
      return new SimpleSchema(null, Map.of(), List.of(), false, List.of(), null);
    }
    if (!node.isObject()) {
      return null;
    }
    Type type = null;
    Map<String, SimpleSchema> properties = Map.of();
    List<String> required = List.of();
    boolean closed = false;
    List<List<JsonNode>> values = new ArrayList<>();
    SimpleSchema items = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> keyword = it.next();
      JsonNode value = keyword.getValue();
      switch (keyword.getKey()) {
        case "$schema" -> {
          if (!root) {
            return null;
          }
        }
        case "type" -> {
          type = type(value);
          if (type == null) {
            return null;
          }
        }
        case "properties" -> {
          if (!value.isObject()) {
            return null;
          }
          Map<String, SimpleSchema> parsed = new LinkedHashMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> p = value.fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> property = p.next();
            SimpleSchema s = parse(property.getValue(), false);
            if (s == null) {
              return null;
            }
            parsed.put(property.getKey(), s);
          }
          properties = Map.copyOf(parsed);
        }
        case "required" -> {
          if (!value.isArray()) {
            return null;
          }
          List<String> names = new ArrayList<>();
          for (JsonNode name : value) {
            if (!name.isTextual()) {
              return null;
            }
            names.add(name.textValue());
          }
          required = List.copyOf(names);
        }
        case "additionalProperties" -> {
          if (!value.isBoolean()) {
            return null;
          }
          closed = !value.booleanValue();
        }
        case "enum" -> {
          if (!value.isArray()) {
            return null;
          }
          List<JsonNode> allowed = new ArrayList<>();
          value.forEach(v -> allowed.add(v.deepCopy()));
          values.add(List.copyOf(allowed));
        }
        case "const" -> values.add(List.of(value.deepCopy()));
        case "items" -> {
          items = parse(value, false);
          if (items == null) {
            return null;
          }
        }
        default -> {
          if (!ANNOTATIONS.contains(keyword.getKey())) {
            return null;
          }
        }
      }
    }
    return new SimpleSchema(type, properties, required, closed, List.copyOf(values), items);
  }

  private static Type type(JsonNode value) {
    if (!value.isTextual()) {
      return null;
    }
    return switch (value.textValue()) {
      case "string" -> Type.STRING;
      case "number" -> Type.NUMBER;
      case "integer" -> Type.INTEGER;
      case "boolean" -> Type.BOOLEAN;
      case "object" -> Type.OBJECT;
      case "array" -> Type.ARRAY;
      case "null" -> Type.NULL;
      default -> null;
    };
  }

  /** True only if {@code instance} is valid; false if it is not or this test cannot tell. */
  boolean accepts(JsonNode instance) {
    if (type != null && !hasType(instance)) {
      return false;
    }
    for (List<JsonNode> allowed : oneOfValues) {
      if (!allowed.contains(instance)) { // equal JSON trees are equal JSON values
        return false;
      }
    }
    if (instance.isObject()) {
      for (String name : required) {
        if (!instance.has(name)) {
          return false;
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = instance.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        SimpleSchema property = properties.get(field.getKey());
        if (property == null ? closed : !property.accepts(field.getValue())) {
          return false;
        }
      }
    } else if (instance.isArray() && items != null) {
      for (JsonNode element : instance) {
        if (!items.accepts(element)) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean hasType(JsonNode instance) {
    return switch (type) {
      case STRING -> instance.isTextual();
      case NUMBER -> instance.isNumber();
      case INTEGER -> instance.isIntegralNumber(); // 1.0 is left to the full validation
      case BOOLEAN -> instance.isBoolean();
      case OBJECT -> instance.isObject();
      case ARRAY -> instance.isArray();
      case NULL -> instance.isNull();
    };
  }
}
