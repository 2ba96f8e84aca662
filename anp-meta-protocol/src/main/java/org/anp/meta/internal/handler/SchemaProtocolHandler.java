package org.anp.meta.internal.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.handler.ProtocolHandler;
import org.anp.meta.handler.ViolationSink;

/**
 * A {@link ProtocolHandler} made from the agreed request and response schemas and, on a
 * provider, one local capability: requests and responses are checked in both directions, and
 * agreed field names are mapped to the capability's (the negotiator renames to its own names,
 * so the map is mostly the identity). Envelope fields the agreed response declares are filled
 * in: {@code messageId}, {@code messageType} and {@code action} echo the request, {@code type}
 * is {@code RESPONSE}. Immutable and thread-safe.
 */
public final class SchemaProtocolHandler implements ProtocolHandler {
  private final ProtocolHash hash;
  private final JsonNode form;
  private final CompiledSchema request;
  private final CompiledSchema response;
  private final JsonNode responseSchema;
  private final Optional<CapabilityFunction> capability;
  /** Agreed request field to capability request field. */
  private final Map<String, String> toCapability;
  /** Capability response field to agreed response field. */
  private final Map<String, String> fromCapability;
  private final ViolationSink violations;
  private final int maxPayloadBytes;

  /** Everything {@link SchemaProtocolHandler} is built from. */
  public record Parts(
      ProtocolHash hash,
      JsonNode form,
      JsonNode requestSchema,
      JsonNode responseSchema,
      Optional<CapabilityFunction> capability,
      Map<String, String> toCapability,
      Map<String, String> fromCapability,
      ViolationSink violations,
      int maxPayloadBytes) {}

  public SchemaProtocolHandler(Parts p) {
    this.hash = Objects.requireNonNull(p.hash());
    this.form = p.form().deepCopy();
    this.request = CompiledSchema.compile("request schema", p.requestSchema());
    this.response = CompiledSchema.compile("response schema", p.responseSchema());
    this.responseSchema = p.responseSchema().deepCopy();
    this.capability = p.capability();
    this.toCapability = Map.copyOf(p.toCapability());
    this.fromCapability = Map.copyOf(p.fromCapability());
    this.violations = Objects.requireNonNull(p.violations());
    this.maxPayloadBytes = p.maxPayloadBytes();
  }

  @Override
  public ProtocolHash protocolHash() {
    return hash;
  }

  @Override
  public JsonNode form() {
    return form.deepCopy();
  }

  @Override
  public byte[] encodeRequest(JsonNode message) {
    List<String> wrong = request.violations(message);
    if (!wrong.isEmpty()) {
      throw new MetaProtocolException(
          MetaProtocolError.PROTOCOL_VIOLATION, "local request: " + String.join("; ", wrong));
    }
    return write(message);
  }

  @Override
  public JsonNode decodeResponse(byte[] payload) {
    JsonNode message = readPeer("response", payload);
    checkPeer("response", response.violations(message));
    return message;
  }

  @Override
  public byte[] handleRequest(byte[] payload) {
    JsonNode in = readPeer("request", payload);
    checkPeer("request", request.violations(in));
    CapabilityFunction function =
        capability.orElseThrow(
            () -> new MetaProtocolException(
                MetaProtocolError.CAPABILITY_FAILED, "this agent serves no capability for this protocol"));
    ObjectNode capabilityRequest = JsonNodeFactory.instance.objectNode();
    toCapability.forEach((agreed, own) -> {
      if (in.has(agreed)) {
        capabilityRequest.set(own, in.get(agreed).deepCopy());
      }
    });
    JsonNode answer;
    try {
      answer = function.apply(capabilityRequest);
    } catch (RuntimeException e) {
      // The boundary to application code: its failure is ours, reported as a code.
      throw new MetaProtocolException(MetaProtocolError.CAPABILITY_FAILED, "capability threw " + e.getClass().getSimpleName(), e);
    }
    if (answer == null || !answer.isObject()) {
      throw new MetaProtocolException(MetaProtocolError.CAPABILITY_FAILED, "capability answered no JSON object");
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Map<String, JsonNode> mapped = new LinkedHashMap<>();
    fromCapability.forEach((own, agreed) -> {
      if (answer.has(own)) {
        mapped.put(agreed, answer.get(own).deepCopy());
      }
    });
    JsonNode declared = responseSchema.path("properties");
    for (String echo : new String[] {"messageId", "messageType", "action"}) {
      if (declared.has(echo) && !mapped.containsKey(echo) && in.has(echo)) {
        out.set(echo, in.get(echo).deepCopy());
      }
    }
    if (declared.has("type") && !mapped.containsKey("type")) {
      out.put("type", "RESPONSE");
    }
    mapped.forEach(out::set);
    List<String> wrong = response.violations(out);
    if (!wrong.isEmpty()) {
      throw new MetaProtocolException(
          MetaProtocolError.CAPABILITY_FAILED,
          "the capability's answer breaks the agreed response format: " + String.join("; ", wrong));
    }
    return write(out);
  }

  private JsonNode readPeer(String what, byte[] payload) {
    try {
      return StrictJson.parse(payload, maxPayloadBytes);
    } catch (IdentityException e) {
      String problem = "the " + what + " is not a JSON document within " + maxPayloadBytes + " bytes";
      violations.report("# Error Description\n- " + problem);
      throw new MetaProtocolException(MetaProtocolError.PROTOCOL_VIOLATION, problem, e);
    }
  }

  private void checkPeer(String what, List<String> wrong) {
    if (wrong.isEmpty()) {
      return;
    }
    StringBuilder description = new StringBuilder("# Error Description\nThe ").append(what)
        .append(" does not match the agreed ").append(what).append(" format:\n");
    wrong.forEach(w -> description.append("- ").append(w).append('\n'));
    violations.report(description.toString());
    throw new MetaProtocolException(
        MetaProtocolError.PROTOCOL_VIOLATION, what + ": " + String.join("; ", wrong));
  }

  private static byte[] write(JsonNode message) {
    try {
      return StrictJson.mapper().writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
