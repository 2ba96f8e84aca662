package org.anp.application.interfaces;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One JSON-RPC parameter of a method as described to callers: name, description, whether it is
 * required (every parameter but {@code Optional} ones) and its JSON Schema.
 *
 * @param name the name
 * @param description the description (may be empty)
 * @param required whether a call must give it
 * @param schema the JSON Schema derived from the Java type
 */
public record ParamDefinition(String name, String description, boolean required, ObjectNode schema) {
  public ParamDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    schema = Objects.requireNonNull(schema, "schema").deepCopy();
  }

  /** A copy of the schema. */
  @Override
  public ObjectNode schema() {
    return schema.deepCopy();
  }
}
