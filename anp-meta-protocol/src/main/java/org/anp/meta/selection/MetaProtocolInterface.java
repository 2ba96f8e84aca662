package org.anp.meta.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.anp.meta.internal.selection.Wire;

/**
 * The {@code MetaProtocolInterface} entry of an agent description's {@code interfaces} (ANP-06
 * §5): where and how an agent accepts {@code anp.negotiate}. {@code type} and {@code profile} are
 * fixed (written always, refused when different); {@code binding} defaults to {@code jsonrpc-2.0}
 * and any string is read (Q14); {@code url} is required; {@code methods} defaults to {@code
 * ["anp.negotiate"]} and must contain it; {@code security} is one reference or a list. Unknown
 * members are kept. The URL is a static hint: {@code anp.get_capabilities} is authoritative.
 *
 * <p>Immutable and thread-safe; layer 3 places it in agent descriptions.
 *
 * @param url {@code url}
 * @param binding {@code binding}
 * @param methods {@code methods}
 * @param id {@code id}
 * @param protocol {@code protocol}
 * @param version {@code version}
 * @param security {@code security} references
 * @param securityIsList whether {@code security} is written as a list (else a single string)
 * @param securityProfiles {@code securityProfiles}
 * @param negotiates {@code negotiates}
 * @param inputSchema {@code inputSchema}
 * @param outputSchema {@code outputSchema}
 * @param description {@code description}
 * @param extensions the other members
 */
public record MetaProtocolInterface(
    String url,
    String binding,
    List<String> methods,
    Optional<String> id,
    Optional<String> protocol,
    Optional<String> version,
    Optional<List<String>> security,
    boolean securityIsList,
    Optional<List<String>> securityProfiles,
    Optional<List<String>> negotiates,
    Optional<String> inputSchema,
    Optional<String> outputSchema,
    Optional<String> description,
    ObjectNode extensions) {
  private static final Set<String> KNOWN =
      Set.of("type", "profile", "binding", "url", "methods", "id", "protocol", "version", "security",
          "securityProfiles", "negotiates", "inputSchema", "outputSchema", "description");

  /**
   * Checks the fixed rules.
   *
   * @throws IllegalArgumentException if {@code methods} lacks {@code anp.negotiate}, or a single
   *     security reference is not exactly one
   */
  public MetaProtocolInterface {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(binding, "binding");
    methods = List.copyOf(methods);
    if (!methods.contains(MetaNegotiation.NEGOTIATE_METHOD)) {
      throw new IllegalArgumentException("methods: must contain " + MetaNegotiation.NEGOTIATE_METHOD);
    }
    security = security.map(List::copyOf);
    if (!securityIsList && security.isPresent() && security.get().size() != 1) {
      throw new IllegalArgumentException("security: a single reference must be exactly one");
    }
    securityProfiles = securityProfiles.map(List::copyOf);
    negotiates = negotiates.map(List::copyOf);
    extensions = extensions.deepCopy();
  }

  /** The minimal declaration: {@code url}, default binding and {@code methods}. */
  public static MetaProtocolInterface of(String url) {
    return new MetaProtocolInterface(url, MetaNegotiation.JSONRPC_BINDING, List.of(MetaNegotiation.NEGOTIATE_METHOD),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), JsonNodeFactory.instance.objectNode());
  }

  /**
   * The declaration this library writes for an agent: id, protocol {@code ANP}, both methods,
   * {@code transport-protected}, what the default provider negotiates.
   */
  public static MetaProtocolInterface standard(String id, String url) {
    return new MetaProtocolInterface(url, MetaNegotiation.JSONRPC_BINDING,
        List.of(MetaNegotiation.GET_CAPABILITIES_METHOD, MetaNegotiation.NEGOTIATE_METHOD), Optional.of(id),
        Optional.of("ANP"), Optional.of("1.0"), Optional.empty(), true,
        Optional.of(List.of(MetaNegotiation.TRANSPORT_PROTECTED)),
        Optional.of(List.of("profiles", "interfaces", "schemas", "security_profiles", "content_types", "execution_modes")),
        Optional.empty(), Optional.empty(),
        Optional.of("Selects which of this agent's interfaces a caller should use."),
        JsonNodeFactory.instance.objectNode());
  }

  /** Whether a caller can use it ({@code jsonrpc-2.0}, Q14). */
  public boolean usableBinding() {
    return MetaNegotiation.JSONRPC_BINDING.equals(binding);
  }

  @Override
  public ObjectNode extensions() {
    return extensions.deepCopy();
  }

  /**
   * Reads an interface entry.
   *
   * @throws org.anp.transport.p1.RpcException {@code INVALID_PARAMS} naming the member
   */
  public static MetaProtocolInterface parse(JsonNode node) {
    Wire.Reader r = Wire.reader(node, "interface", KNOWN);
    r.string("type").filter(t -> !t.equals(MetaNegotiation.INTERFACE_TYPE)).ifPresent(t -> {
      throw Wire.invalid("interface.type: must be " + MetaNegotiation.INTERFACE_TYPE);
    });
    r.string("profile").filter(p -> !p.equals(MetaNegotiation.PROFILE)).ifPresent(p -> {
      throw Wire.invalid("interface.profile: must be " + MetaNegotiation.PROFILE);
    });
    String url = r.string("url").orElseThrow(() -> Wire.invalid("interface.url: required"));
    Optional<List<String>> security;
    boolean list = true;
    Optional<JsonNode> raw = r.raw("security");
    if (raw.isPresent() && raw.get().isTextual()) {
      security = Optional.of(List.of(raw.get().textValue()));
      list = false;
    } else {
      security = r.strings("security");
    }
    try {
      return new MetaProtocolInterface(url, r.string("binding").orElse(MetaNegotiation.JSONRPC_BINDING),
          r.strings("methods").orElse(List.of(MetaNegotiation.NEGOTIATE_METHOD)), r.string("id"), r.string("protocol"),
          r.string("version"), security, list, r.strings("securityProfiles"), r.strings("negotiates"),
          r.string("inputSchema"), r.string("outputSchema"), r.string("description"), r.extensions());
    } catch (IllegalArgumentException e) {
      throw Wire.invalid("interface." + e.getMessage());
    }
  }

  /** The wire object; {@code type} and {@code profile} always written. */
  public ObjectNode toJson() {
    Wire.Writer w = Wire.writer()
        .put("type", Optional.of(MetaNegotiation.INTERFACE_TYPE))
        .put("profile", Optional.of(MetaNegotiation.PROFILE))
        .put("binding", Optional.of(binding))
        .put("url", Optional.of(url))
        .putStrings("methods", Optional.of(methods))
        .put("id", id)
        .put("protocol", protocol)
        .put("version", version);
    if (securityIsList) {
      w.putStrings("security", security);
    } else {
      w.put("security", security.map(s -> s.get(0)));
    }
    return w.putStrings("securityProfiles", securityProfiles)
        .putStrings("negotiates", negotiates)
        .put("inputSchema", inputSchema)
        .put("outputSchema", outputSchema)
        .put("description", description)
        .extensions(extensions)
        .build();
  }
}
