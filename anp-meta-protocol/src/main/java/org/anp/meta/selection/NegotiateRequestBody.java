package org.anp.meta.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.anp.meta.internal.selection.Wire;

/**
 * {@code params.body} of {@code anp.negotiate} (ANP-06 §7.3), with the spec's mixed casing: {@code
 * negotiation_id} is snake_case, every other member camelCase; a {@code negotiationId} in a request
 * body is an unknown member (kept, never read: Q6). {@code intent} is required; {@code mode} is any
 * string, so that an unknown mode reaches the server's 1602. {@code candidateProtocols} items are
 * URIs (strings) or artifact objects. Unknown members are kept.
 *
 * <p>Immutable and thread-safe.
 *
 * @param intent {@code intent}
 * @param negotiationId {@code negotiation_id}
 * @param mode {@code mode}
 * @param requiredCapabilities {@code requiredCapabilities}
 * @param callerCapabilities {@code callerCapabilities}
 * @param constraints {@code constraints}
 * @param candidateInterfaceRefs {@code candidateInterfaceRefs}
 * @param candidateProtocols {@code candidateProtocols}
 * @param extensions the other members
 */
public record NegotiateRequestBody(
    Intent intent,
    Optional<String> negotiationId,
    Optional<String> mode,
    Optional<List<String>> requiredCapabilities,
    Optional<CallerCapabilities> callerCapabilities,
    Optional<NegotiationConstraints> constraints,
    Optional<List<String>> candidateInterfaceRefs,
    Optional<List<JsonNode>> candidateProtocols,
    ObjectNode extensions) {
  private static final Set<String> KNOWN =
      Set.of("intent", "negotiation_id", "mode", "requiredCapabilities", "callerCapabilities", "constraints",
          "candidateInterfaceRefs", "candidateProtocols");

  /** Copies the parts; each candidate protocol must be a string or an object. */
  public NegotiateRequestBody {
    Objects.requireNonNull(intent, "intent");
    requiredCapabilities = requiredCapabilities.map(List::copyOf);
    candidateInterfaceRefs = candidateInterfaceRefs.map(List::copyOf);
    candidateProtocols = candidateProtocols.map(NegotiateRequestBody::copyProtocols);
    extensions = extensions.deepCopy();
  }

  /** A builder for a body with this intent. */
  public static Builder builder(Intent intent) {
    return new Builder(intent);
  }

  /** {@code mode}, or {@value MetaNegotiation#MODE_STRUCTURED_SELECTION} when absent. */
  public String effectiveMode() {
    return mode.orElse(MetaNegotiation.MODE_STRUCTURED_SELECTION);
  }

  @Override
  public Optional<List<JsonNode>> candidateProtocols() {
    return candidateProtocols.map(NegotiateRequestBody::copyProtocols);
  }

  @Override
  public ObjectNode extensions() {
    return extensions.deepCopy();
  }

  /**
   * Reads {@code params.body}.
   *
   * @throws org.anp.transport.p1.RpcException {@code INVALID_PARAMS} naming the member
   */
  public static NegotiateRequestBody parse(JsonNode node) {
    Wire.Reader r = Wire.reader(node, "body", KNOWN);
    if (!r.has("intent")) {
      throw Wire.invalid("body.intent: required");
    }
    Optional<List<JsonNode>> protocols = r.raw("candidateProtocols").map(v -> {
      if (!v.isArray()) {
        throw Wire.invalid("body.candidateProtocols: expected an array");
      }
      List<JsonNode> out = new ArrayList<>();
      v.forEach(out::add);
      return out;
    });
    try {
      return new NegotiateRequestBody(
          Intent.parse(r.raw("intent").orElseThrow(), r.path("intent")),
          r.string("negotiation_id"),
          r.string("mode"),
          r.strings("requiredCapabilities"),
          r.raw("callerCapabilities").map(v -> CallerCapabilities.parse(v, r.path("callerCapabilities"))),
          r.raw("constraints").map(v -> NegotiationConstraints.parse(v, r.path("constraints"))),
          r.strings("candidateInterfaceRefs"),
          protocols,
          r.extensions());
    } catch (IllegalArgumentException e) {
      throw Wire.invalid("body: " + e.getMessage());
    }
  }

  /** The wire object. */
  public ObjectNode toJson() {
    Wire.Writer w = Wire.writer()
        .put("negotiation_id", negotiationId)
        .put("mode", mode)
        .putJson("intent", Optional.of(intent.toJson()))
        .putStrings("requiredCapabilities", requiredCapabilities)
        .putJson("callerCapabilities", callerCapabilities.map(CallerCapabilities::toJson))
        .putJson("constraints", constraints.map(NegotiationConstraints::toJson))
        .putStrings("candidateInterfaceRefs", candidateInterfaceRefs)
        .putJson("candidateProtocols", candidateProtocols.map(list -> {
          var array = JsonNodeFactory.instance.arrayNode();
          list.forEach(p -> array.add(p.deepCopy()));
          return array;
        }));
    return w.extensions(extensions).build();
  }

  private static List<JsonNode> copyProtocols(List<JsonNode> list) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : list) {
      if (!p.isTextual() && !p.isObject()) {
        throw new IllegalArgumentException("candidateProtocols: each item is a URI string or an artifact object");
      }
      out.add(p.deepCopy());
    }
    return List.copyOf(out);
  }

  /** Builds a {@link NegotiateRequestBody}; not thread-safe. */
  public static final class Builder {
    private final Intent intent;
    private Optional<String> negotiationId = Optional.empty();
    private Optional<String> mode = Optional.empty();
    private Optional<List<String>> required = Optional.empty();
    private Optional<CallerCapabilities> caller = Optional.empty();
    private Optional<NegotiationConstraints> constraints = Optional.empty();
    private Optional<List<String>> refs = Optional.empty();
    private Optional<List<JsonNode>> protocols = Optional.empty();

    private Builder(Intent intent) {
      this.intent = Objects.requireNonNull(intent, "intent");
    }

    /** {@code negotiation_id}. */
    public Builder negotiationId(String id) {
      this.negotiationId = Optional.of(id);
      return this;
    }

    /** {@code mode}. */
    public Builder mode(String mode) {
      this.mode = Optional.of(mode);
      return this;
    }

    /** {@code requiredCapabilities}. */
    public Builder requiredCapabilities(List<String> ids) {
      this.required = Optional.of(ids);
      return this;
    }

    /** {@code callerCapabilities}. */
    public Builder callerCapabilities(CallerCapabilities caps) {
      this.caller = Optional.of(caps);
      return this;
    }

    /** {@code constraints}. */
    public Builder constraints(NegotiationConstraints constraints) {
      this.constraints = Optional.of(constraints);
      return this;
    }

    /** {@code candidateInterfaceRefs}. */
    public Builder candidateInterfaceRefs(List<String> refs) {
      this.refs = Optional.of(refs);
      return this;
    }

    /** {@code candidateProtocols}: URI strings or artifact objects. */
    public Builder candidateProtocols(List<JsonNode> protocols) {
      this.protocols = Optional.of(protocols);
      return this;
    }

    /** The body. */
    public NegotiateRequestBody build() {
      return new NegotiateRequestBody(intent, negotiationId, mode, required, caller, constraints, refs, protocols,
          JsonNodeFactory.instance.objectNode());
    }
  }
}
