package org.anp.application.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Objects;

/**
 * One JSON-RPC method a remote agent offers, read from the OpenRPC document of one of its
 * verified interfaces.
 *
 * @param interfaceName the OpenRPC {@code info.title} of the interface
 * @param name the JSON-RPC method name
 * @param description the method's description or summary (may be empty)
 * @param endpoint the JSON-RPC endpoint (the document's first server)
 * @param paramsSchema a JSON Schema object whose properties are the params by name, with {@code
 *     required} listing the required ones (a copy is returned)
 * @param resultSchema the result's JSON Schema ({@code {}} when the document gives none)
 */
public record RemoteMethod(
    String interfaceName,
    String name,
    String description,
    URI endpoint,
    ObjectNode paramsSchema,
    ObjectNode resultSchema) {
  /** Checks that no member is null and keeps private copies of the schemas. */
  public RemoteMethod {
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(endpoint, "endpoint");
    paramsSchema = Objects.requireNonNull(paramsSchema, "paramsSchema").deepCopy();
    resultSchema = Objects.requireNonNull(resultSchema, "resultSchema").deepCopy();
  }

  @Override
  public ObjectNode paramsSchema() {
    return paramsSchema.deepCopy();
  }

  @Override
  public ObjectNode resultSchema() {
    return resultSchema.deepCopy();
  }
}
