package org.anp.meta.handler;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The local implementation of one declared capability: takes a request in the capability's own
 * request format and returns a response in its own response format. The handler maps the agreed
 * protocol's fields to and from these. Implementations must be thread-safe; a thrown exception
 * becomes {@code CAPABILITY_FAILED}.
 */
@FunctionalInterface
public interface CapabilityFunction {
  JsonNode apply(JsonNode request);
}
