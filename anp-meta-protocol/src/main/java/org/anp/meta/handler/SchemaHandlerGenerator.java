package org.anp.meta.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.internal.handler.SchemaProtocolHandler;
import org.anp.meta.internal.negotiator.ObjectSchema;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.negotiator.ProtocolDocument;

/**
 * The default {@link ProtocolCodeGenerator}: no generated source, a handler driven by the agreed
 * document's JSON Schemas (networknt json-schema-validator, draft 2020-12) in both directions.
 * A provider's handler serves requests with the declared {@link LocalCapability} whose request
 * fields best match the agreed request format, through its {@link CapabilityFunction}; a
 * requester (no capabilities) gets a handler that only encodes requests and checks responses.
 * Thread-safe (immutable).
 */
public final class SchemaHandlerGenerator implements ProtocolCodeGenerator {
  /** The {@code kind} of the forms this generator writes. */
  public static final String FORM_KIND = "jsonSchema";

  /** Default largest payload read from the peer. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;

  private final List<LocalCapability> capabilities;
  private final Map<String, CapabilityFunction> functions;
  private final int maxPayloadBytes;

  private SchemaHandlerGenerator(
      List<LocalCapability> capabilities, Map<String, CapabilityFunction> functions, int maxPayloadBytes) {
    this.capabilities = List.copyOf(capabilities);
    this.functions = Map.copyOf(functions);
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** A generator for a requester: handlers that encode requests and check responses. */
  public static SchemaHandlerGenerator forRequester() {
    return new SchemaHandlerGenerator(List.of(), Map.of(), DEFAULT_MAX_PAYLOAD_BYTES);
  }

  /**
   * A generator for a provider serving {@code capabilities} with {@code functions} (by
   * capability name).
   *
   * @throws IllegalArgumentException if a capability has no function
   */
  public static SchemaHandlerGenerator forProvider(
      List<LocalCapability> capabilities, Map<String, CapabilityFunction> functions) {
    for (LocalCapability c : capabilities) {
      if (!functions.containsKey(c.name())) {
        throw new IllegalArgumentException("no function for capability " + c.name());
      }
    }
    return new SchemaHandlerGenerator(capabilities, functions, DEFAULT_MAX_PAYLOAD_BYTES);
  }

  /** This generator with another payload limit ({@code >= 1}). */
  public SchemaHandlerGenerator withMaxPayloadBytes(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxPayloadBytes: " + max);
    }
    return new SchemaHandlerGenerator(capabilities, functions, max);
  }

  /**
   * @throws MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} if the document lacks a
   *     request or response schema, or a schema does not compile
   */
  @Override
  public ProtocolHandler generate(String protocol, ViolationSink violations) {
    ProtocolDocument doc = ProtocolDocument.parse(protocol);
    JsonNode request = doc.requestSchema().orElseThrow(() -> invalid("the protocol has no request schema"));
    JsonNode response = doc.responseSchema().orElseThrow(() -> invalid("the protocol has no response schema"));
    return build(protocol, request, response, bestCapability(ObjectSchema.of(request)), violations);
  }

  @Override
  public ProtocolHandler restore(String protocol, JsonNode form, ViolationSink violations) {
    Objects.requireNonNull(form, "form");
    if (!FORM_KIND.equals(form.path("kind").asText()) || !form.path("requestSchema").isObject()
        || !form.path("responseSchema").isObject()) {
      throw invalid("stored handler form: not a " + FORM_KIND + " form");
    }
    Optional<LocalCapability> capability = Optional.empty();
    if (form.path("capability").isTextual()) {
      String name = form.path("capability").textValue();
      capability = capabilities.stream().filter(c -> c.name().equals(name)).findFirst();
      if (capability.isEmpty()) {
        throw invalid("stored handler form: capability " + name + " is no longer declared");
      }
    }
    return build(protocol, form.get("requestSchema"), form.get("responseSchema"), capability, violations);
  }

  private ProtocolHandler build(
      String protocol, JsonNode request, JsonNode response, Optional<LocalCapability> capability, ViolationSink violations) {
    Map<String, String> to = new LinkedHashMap<>();
    Map<String, String> from = new LinkedHashMap<>();
    capability.ifPresent(c -> {
      ObjectSchema own = ObjectSchema.of(c.requestSchema());
      for (String agreed : ObjectSchema.of(request).names()) {
        own.match(agreed).ifPresent(o -> to.putIfAbsent(agreed, o));
      }
      ObjectSchema agreedResponse = ObjectSchema.of(response);
      for (String o : ObjectSchema.of(c.responseSchema()).names()) {
        agreedResponse.match(o).ifPresent(a -> from.putIfAbsent(o, a));
      }
    });
    ObjectNode form = JsonNodeFactory.instance.objectNode();
    form.put("kind", FORM_KIND);
    capability.ifPresentOrElse(c -> form.put("capability", c.name()), () -> form.putNull("capability"));
    form.set("requestSchema", request.deepCopy());
    form.set("responseSchema", response.deepCopy());
    return new SchemaProtocolHandler(
        new SchemaProtocolHandler.Parts(
            ProtocolHash.of(protocol),
            form,
            request,
            response,
            capability.map(c -> functions.get(c.name())),
            to,
            from,
            Objects.requireNonNull(violations, "violations"),
            maxPayloadBytes));
  }

  private Optional<LocalCapability> bestCapability(ObjectSchema agreedRequest) {
    LocalCapability best = null;
    long bestScore = 0;
    for (LocalCapability c : capabilities) {
      ObjectSchema own = ObjectSchema.of(c.requestSchema());
      long score = agreedRequest.names().stream().filter(n -> own.match(n).isPresent()).count();
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  private static MetaProtocolException invalid(String message) {
    return new MetaProtocolException(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT, message);
  }
}
