package org.anp.meta.negotiator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * Something the local agent can serve, declared with the JSON Schemas of the request it takes and
 * the response it returns. The deterministic negotiator agrees only protocols it can map onto one
 * of these. Immutable: schemas are copied in and out.
 */
public final class LocalCapability {
  /** Largest capabilities file read by {@link #parseAll(byte[])}. */
  public static final int MAX_FILE_BYTES = 1 << 20;

  private final String name;
  private final String description;
  private final JsonNode requestSchema;
  private final JsonNode responseSchema;

  private LocalCapability(String name, String description, JsonNode request, JsonNode response) {
    this.name = name;
    this.description = description;
    this.requestSchema = request.deepCopy();
    this.responseSchema = response.deepCopy();
  }

  /**
   * @param name a short identifier, e.g. {@code getWeather}; not empty
   * @param description what it does, in a sentence or two
   * @param requestSchema the object schema of the requests it takes
   * @param responseSchema the object schema of the responses it returns
   * @throws MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} if a schema is not an object
   *     schema with {@code properties}
   */
  public static LocalCapability of(
      String name, String description, JsonNode requestSchema, JsonNode responseSchema) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (name.isBlank()) {
      throw invalid("capability: empty name");
    }
    checkSchema(name + ".requestSchema", requestSchema);
    checkSchema(name + ".responseSchema", responseSchema);
    return new LocalCapability(name, description, requestSchema, responseSchema);
  }

  /**
   * Reads a capabilities file: {@code {"capabilities":[{"name":…,"description":…,
   * "requestSchema":{…},"responseSchema":{…}}, …]}}.
   *
   * @throws MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} naming what is wrong
   */
  public static List<LocalCapability> parseAll(byte[] json) {
    JsonNode root;
    try {
      root = StrictJson.parse(json, MAX_FILE_BYTES);
    } catch (IdentityException e) {
      throw new MetaProtocolException(
          MetaProtocolError.INVALID_PROTOCOL_DOCUMENT, "capabilities: " + e.getMessage(), e);
    }
    JsonNode list = root.path("capabilities");
    if (!list.isArray() || list.isEmpty()) {
      throw invalid("capabilities: missing or empty array");
    }
    List<LocalCapability> out = new ArrayList<>();
    for (JsonNode c : list) {
      JsonNode name = c.path("name");
      if (!name.isTextual()) {
        throw invalid("capabilities[" + out.size() + "].name: missing or not a string");
      }
      out.add(of(name.textValue(), c.path("description").asText(""), c.path("requestSchema"), c.path("responseSchema")));
    }
    return List.copyOf(out);
  }

  /** {@link #parseAll(byte[])} of UTF-8 text. */
  public static List<LocalCapability> parseAll(String json) {
    return parseAll(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void checkSchema(String where, JsonNode schema) {
    Objects.requireNonNull(schema, where);
    if (!schema.isObject() || !schema.path("properties").isObject()) {
      throw invalid(where + ": not an object schema with properties");
    }
  }

  private static MetaProtocolException invalid(String message) {
    return new MetaProtocolException(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT, message);
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** A copy of the request schema. */
  public JsonNode requestSchema() {
    return requestSchema.deepCopy();
  }

  /** A copy of the response schema. */
  public JsonNode responseSchema() {
    return responseSchema.deepCopy();
  }

  @Override
  public String toString() {
    return "LocalCapability[" + name + "]";
  }
}
