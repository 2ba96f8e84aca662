package org.anp.application.interfaces;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One JSON-RPC method as described to callers (and in OpenRPC): name, description, params in
 * positional order, and the JSON Schema of the result.
 *
 * @param name the method name
 * @param description the description (may be empty)
 * @param params the params, in positional order
 * @param resultSchema the JSON Schema of the result
 */
public record MethodDefinition(
    String name, String description, List<ParamDefinition> params, ObjectNode resultSchema) {
  public MethodDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    params = List.copyOf(params);
    resultSchema = Objects.requireNonNull(resultSchema, "resultSchema").deepCopy();
  }

  /** A copy of the result schema. */
  @Override
  public ObjectNode resultSchema() {
    return resultSchema.deepCopy();
  }
}
