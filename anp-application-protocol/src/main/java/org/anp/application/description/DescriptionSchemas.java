package org.anp.application.description;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.internal.description.DescriptionReader;

/**
 * Validates agent descriptions against the JSON Schemas (draft 2020-12) this library ships, one
 * per {@link DescriptionFormat}, as resources next to this class. The schemas follow the spec's
 * Required columns (spec/anp-v1.2.md section 3, spec/application.md section 2 and 8) and accept
 * unknown members, since a description is an open vocabulary. No schema is ever fetched from the
 * network.
 *
 * <p>Thread-safe; {@link #standard()} is shared.
 */
public final class DescriptionSchemas {
  private static final String BASE = "https://anp-java.org/schemas/";
  private static final Map<DescriptionFormat, String> FILES =
      Map.of(
          DescriptionFormat.ANP_1_2, "agent-description-1.2.schema.json",
          DescriptionFormat.JSON_LD, "agent-description-jsonld.schema.json",
          DescriptionFormat.SDK_PRODUCT, "agent-description-sdk-product.schema.json");
  private static final int MAX_REPORTED = 5;

  private static final class Holder {
    static final DescriptionSchemas STANDARD = new DescriptionSchemas();
  }

  private final Map<DescriptionFormat, Schema> schemas = new EnumMap<>(DescriptionFormat.class);

  private DescriptionSchemas() {
    Map<String, String> sources = new HashMap<>();
    FILES.values().forEach(file -> sources.put(BASE + file, resource(file)));
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, b -> b.schemas(sources));
    FILES.forEach((format, file) -> schemas.put(format, registry.getSchema(SchemaLocation.of(BASE + file))));
  }

  /** The validator over the shipped schemas. */
  public static DescriptionSchemas standard() {
    return Holder.STANDARD;
  }

  /**
   * Validates the description as received (or, if it was built, as it writes itself) against the
   * schema of its format.
   *
   * @throws ApplicationException {@code SCHEMA_VIOLATION} naming the first violations
   */
  public void validate(AgentDescription description) {
    Objects.requireNonNull(description, "description");
    validate(description.format(), description.receivedJson());
  }

  /**
   * Validates a JSON document against the schema of the shape it is in.
   *
   * @throws ApplicationException {@code INVALID_DESCRIPTION} if it is in none of the shapes,
   *     {@code SCHEMA_VIOLATION} naming the first violations
   */
  public void validate(JsonNode json) {
    Objects.requireNonNull(json, "json");
    if (!json.isObject()) {
      throw new ApplicationException(
          ApplicationError.INVALID_DESCRIPTION, "description: expected a JSON object");
    }
    validate(DescriptionReader.sniff((ObjectNode) json), json);
  }

  private void validate(DescriptionFormat format, JsonNode json) {
    List<Error> errors = schemas.get(format).validate(json);
    if (!errors.isEmpty()) {
      String report =
          errors.stream()
              .limit(MAX_REPORTED)
              .map(e -> e.getInstanceLocation() + ": " + e.getKeyword())
              .collect(Collectors.joining("; "));
      throw new ApplicationException(
          ApplicationError.SCHEMA_VIOLATION,
          format + " schema: " + errors.size() + " violation(s): " + report);
    }
  }

  private static String resource(String file) {
    try (InputStream in = DescriptionSchemas.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
