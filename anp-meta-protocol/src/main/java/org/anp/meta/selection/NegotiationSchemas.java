package org.anp.meta.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.anp.meta.internal.selection.Wire;

/**
 * {@code result.schemas} of {@code anp.negotiate} (ANP-06 §8): the request and response schema
 * URIs of the selected path. Unknown members are kept.
 *
 * @param requestSchema {@code requestSchema}
 * @param responseSchema {@code responseSchema}
 * @param extensions the other members
 */
public record NegotiationSchemas(Optional<String> requestSchema, Optional<String> responseSchema, ObjectNode extensions) {
  private static final Set<String> KNOWN = Set.of("requestSchema", "responseSchema");

  /** Copies the extensions. */
  public NegotiationSchemas {
    extensions = extensions.deepCopy();
  }

  /** Schemas from the two URIs (either may be absent). */
  public static NegotiationSchemas of(Optional<String> request, Optional<String> response) {
    return new NegotiationSchemas(request, response, JsonNodeFactory.instance.objectNode());
  }

  @Override
  public ObjectNode extensions() {
    return extensions.deepCopy();
  }

  /** Reads {@code schemas}; faults are {@code INVALID_PARAMS}. */
  public static NegotiationSchemas parse(JsonNode node, String path) {
    Wire.Reader r = Wire.reader(node, path, KNOWN);
    return new NegotiationSchemas(r.string("requestSchema"), r.string("responseSchema"), r.extensions());
  }

  /** The wire object. */
  public ObjectNode toJson() {
    return Wire.writer()
        .put("requestSchema", requestSchema)
        .put("responseSchema", responseSchema)
        .extensions(extensions)
        .build();
  }
}
