package org.anp.meta.internal.negotiator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The top level of a JSON object schema, as the deterministic negotiator compares and rewrites
 * it: the properties in order, which are required, and the title. Nested schemas are kept
 * whole. An example message (a JSON object that is not a schema, as in the reference SDK's
 * corpus) is read as the schema of its shape: every member required, its type that of the
 * example value. Mutable builder-style value; confined to one negotiation step.
 */
public final class ObjectSchema {
  /**
   * Fields of the message envelope of spec §6 ({@code messageId}, {@code type},
   * {@code messageType}, {@code action}): every handler echoes or sets them, and they are only
   * ever matched by their exact name (so {@code message} never becomes {@code messageId}).
   */
  public static final Set<String> ENVELOPE = Set.of("messageId", "type", "messageType", "action");

  /** The draft the negotiator writes. */
  public static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  final Map<String, JsonNode> properties = new LinkedHashMap<>();
  final Set<String> required = new LinkedHashSet<>();
  private String title = "";

  /** Reads a schema or an example message. */
  public static ObjectSchema of(JsonNode node) {
    ObjectSchema s = new ObjectSchema();
    if (isSchema(node)) {
      JsonNode props = node.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        s.properties.put(e.getKey(), e.getValue().deepCopy());
      }
      for (JsonNode r : node.path("required")) {
        if (r.isTextual() && s.properties.containsKey(r.textValue())) {
          s.required.add(r.textValue());
        }
      }
      s.title = node.path("title").asText("");
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        s.properties.put(e.getKey(), inferred(e.getValue()));
        s.required.add(e.getKey());
      }
    }
    return s;
  }

  /** Whether {@code node} is a schema rather than an example message. */
  public static boolean isSchema(JsonNode node) {
    return node.has("$schema")
        || node.path("properties").isObject()
        || "object".equals(node.path("type").asText(null));
  }

  private static JsonNode inferred(JsonNode value) {
    ObjectNode s = F.objectNode();
    if (value.isTextual()) {
      s.put("type", "string");
    } else if (value.isIntegralNumber()) {
      s.put("type", "integer");
    } else if (value.isNumber()) {
      s.put("type", "number");
    } else if (value.isBoolean()) {
      s.put("type", "boolean");
    } else if (value.isArray()) {
      s.put("type", "array");
    } else if (value.isObject()) {
      return of(value).toJson(false);
    }
    return s; // null: any value
  }

  public Set<String> names() {
    return properties.keySet();
  }

  public boolean isRequired(String name) {
    return required.contains(name);
  }

  public Optional<JsonNode> property(String name) {
    return Optional.ofNullable(properties.get(name));
  }

  /** The JSON type a property declares, or "" if none. */
  public String typeOf(String name) {
    return property(name).map(p -> p.path("type").asText("")).orElse("");
  }

  public void put(String name, JsonNode schema, boolean isRequired) {
    properties.put(name, schema.deepCopy());
    if (isRequired) {
      required.add(name);
    } else {
      required.remove(name);
    }
  }

  public void title(String title) {
    this.title = title;
  }

  /**
   * The local property whose name matches {@code name}: the same name, else one equal after
   * case and punctuation are removed, else one whose normalised name contains the other's (both
   * at least 3 characters: {@code city} matches {@code cityName}); envelope fields only by
   * their exact name. The first match in declaration order wins, so the result is
   * deterministic.
   */
  public Optional<String> match(String name) {
    if (properties.containsKey(name)) {
      return Optional.of(name);
    }
    if (ENVELOPE.contains(name)) {
      return Optional.empty();
    }
    String n = normalise(name);
    for (String own : properties.keySet()) {
      if (!ENVELOPE.contains(own) && normalise(own).equals(n)) {
        return Optional.of(own);
      }
    }
    for (String own : properties.keySet()) {
      if (ENVELOPE.contains(own)) {
        continue;
      }
      String o = normalise(own);
      if (o.length() >= 3 && n.length() >= 3 && (o.contains(n) || n.contains(o))) {
        return Optional.of(own);
      }
    }
    return Optional.empty();
  }

  private static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /** The schema as JSON, with {@code $schema} at the top when {@code root}. */
  public ObjectNode toJson(boolean root) {
    ObjectNode o = F.objectNode();
    if (root) {
      o.put("$schema", DRAFT_2020_12);
    }
    if (!title.isEmpty()) {
      o.put("title", title);
    }
    o.put("type", "object");
    ObjectNode props = o.putObject("properties");
    properties.forEach((k, v) -> props.set(k, v.deepCopy()));
    ArrayNode req = o.putArray("required");
    required.forEach(req::add);
    return o;
  }
}
