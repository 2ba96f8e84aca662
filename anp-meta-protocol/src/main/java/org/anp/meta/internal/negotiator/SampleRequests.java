package org.anp.meta.internal.negotiator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Makes deterministic sample requests from an object schema, for the test cases the
 * deterministic negotiator proposes: variant 1 fills the required fields, variant 2 every field,
 * variant 3 the required fields with other values. Values honour {@code const}, {@code enum}
 * and {@code minimum}; other constraints may make a sample invalid, so callers check samples
 * against the schema. Stateless.
 */
public final class SampleRequests {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private SampleRequests() {}

  /** Sample {@code variant} (1, 2 or 3) of a message of {@code schema}. */
  public static ObjectNode sample(JsonNode schema, int variant) {
    ObjectSchema s = ObjectSchema.of(schema);
    ObjectNode out = F.objectNode();
    for (String name : s.names()) {
      if (variant == 2 || s.isRequired(name)) {
        out.set(name, value(name, s.property(name).orElseThrow(), variant));
      }
    }
    return out;
  }

  private static JsonNode value(String name, JsonNode p, int variant) {
    if (p.has("const")) {
      return p.get("const").deepCopy();
    }
    JsonNode values = p.path("enum");
    if (values.isArray() && !values.isEmpty()) {
      return values.get((variant - 1) % values.size()).deepCopy();
    }
    if (name.equals("messageId")) {
      return F.textNode("test-" + variant);
    }
    if (name.equals("type")) {
      return F.textNode("REQUEST");
    }
    long min = p.path("minimum").asLong(variant);
    return switch (p.path("type").asText("")) {
      case "integer" -> F.numberNode(Math.max(min, variant));
      case "number" -> F.numberNode(Math.max((double) min, variant + 0.5));
      case "boolean" -> F.booleanNode(variant != 2);
      case "array" -> F.arrayNode();
      case "object" -> sample(p, variant);
      default -> F.textNode(variant == 1 ? "sample" : "sample-" + variant);
    };
  }
}
