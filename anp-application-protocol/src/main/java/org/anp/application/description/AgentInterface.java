package org.anp.application.description;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of an agent description's {@code interfaces}: where a description of a callable
 * interface is (or, with an inline {@code content} member, the description itself).
 *
 * <p>{@link #type()} is written without the JSON-LD {@code ad:} prefix, whatever shape it was
 * read from: {@code NaturalLanguageInterface}, {@code StructuredInterface} and {@code
 * MetaProtocolInterface} at ANP 1.2; {@code APIInterface}, {@code PurchaseInterface}, {@code
 * SearchInterface}, {@code BookingInterface} and others in the earlier shape. The set is open.
 *
 * @param type the interface type, without prefix
 * @param id the interface id ({@code id} at 1.2, {@code @id} in JSON-LD)
 * @param name the interface name (JSON-LD only)
 * @param protocol the description format, such as {@code YAML}, {@code openrpc}, {@code MCP}
 * @param version the interface version
 * @param url where the interface description is
 * @param description what the interface does
 * @param humanAuthorization whether a human must approve calls (ANP-07 1.2)
 * @param extensions members not listed above (for example {@code content}, {@code security},
 *     and the {@code MetaProtocolInterface} members {@code profile}, {@code binding}, {@code
 *     methods})
 */
public record AgentInterface(
    String type,
    Optional<String> id,
    Optional<String> name,
    Optional<String> protocol,
    Optional<String> version,
    Optional<String> url,
    Optional<String> description,
    Optional<Boolean> humanAuthorization,
    Extensions extensions) {

  /** The 1.2 natural-language interface type. */
  public static final String NATURAL_LANGUAGE = "NaturalLanguageInterface";
  /** The 1.2 structured interface type. */
  public static final String STRUCTURED = "StructuredInterface";
  /** The ANP-06 meta-protocol interface type. */
  public static final String META_PROTOCOL = "MetaProtocolInterface";

  private static final Set<String> EARLIER_STRUCTURED =
      Set.of("APIInterface", "PurchaseInterface", "SearchInterface", "BookingInterface");

  public AgentInterface {
    Objects.requireNonNull(type, "type");
    if (type.isEmpty()) {
      throw new IllegalArgumentException("type: empty");
    }
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(humanAuthorization, "humanAuthorization");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** Whether this is a natural-language interface. */
  public boolean isNaturalLanguage() {
    return NATURAL_LANGUAGE.equals(type);
  }

  /**
   * Whether this is a structured (API) interface: {@code StructuredInterface}, or one of the
   * earlier API kinds ({@code APIInterface}, {@code PurchaseInterface}, {@code SearchInterface},
   * {@code BookingInterface}).
   */
  public boolean isStructured() {
    return STRUCTURED.equals(type) || EARLIER_STRUCTURED.contains(type);
  }

  /**
   * Whether calls need a human's approval: {@code humanAuthorization: true} (ANP-07 1.2), or an
   * ANP-02 {@code authorizationLevel} of {@code user-presence-required} kept among the extensions
   * (spec/anp-v1.2.md Q23).
   */
  public boolean requiresHumanAuthorization() {
    if (humanAuthorization.orElse(false)) {
      return true;
    }
    return extensions
        .get("authorizationLevel")
        .map(level -> level.isTextual() && level.textValue().equals("user-presence-required"))
        .orElse(false);
  }

  /** Whether this is an ANP-06 meta-protocol interface. */
  public boolean isMetaProtocol() {
    return META_PROTOCOL.equals(type);
  }
}
