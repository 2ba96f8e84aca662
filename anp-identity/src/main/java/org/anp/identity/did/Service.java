package org.anp.identity.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A service entry of a DID document (W3C DID Core 1.0 section 5.4), e.g. the ANP
 * {@code AgentDescription} or {@code messageService} endpoints. Extra members such as
 * {@code router} are kept in {@link #json()}.
 *
 * <p>Immutable and thread-safe: the JSON accessors return copies.
 *
 * @param id the service id as written (absolute DID URL or a relative {@code #fragment})
 * @param type the service type
 * @param serviceEndpoint the endpoint: a string, an object, or an array of strings and objects
 * @param json the JSON object as received
 */
public record Service(String id, String type, JsonNode serviceEndpoint, ObjectNode json) {

  public Service {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    serviceEndpoint = Objects.requireNonNull(serviceEndpoint, "serviceEndpoint").deepCopy();
    json = Objects.requireNonNull(json, "json").deepCopy();
  }

  /** The endpoint when it is a single string (a URL), else empty. */
  public Optional<String> endpointUri() {
    return serviceEndpoint.isTextual() ? Optional.of(serviceEndpoint.textValue()) : Optional.empty();
  }

  /** A copy of the endpoint value. */
  @Override
  public JsonNode serviceEndpoint() {
    return serviceEndpoint.deepCopy();
  }

  /** A copy of the JSON object as received. */
  @Override
  public ObjectNode json() {
    return json.deepCopy();
  }
}
