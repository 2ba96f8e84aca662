package org.anp.application.search;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;

/**
 * One thing an agent can be found by besides words, written {@code kind:value} (decision 0076).
 * Kinds:
 *
 * <ul>
 *   <li>{@code method}: a JSON-RPC method or HTTP operation name of one of its interfaces;
 *   <li>{@code interface}: an interface type ({@code structuredinterface},
 *       {@code naturallanguageinterface}, {@code metaprotocolinterface}...);
 *   <li>{@code protocol}: an interface description format ({@code openrpc}, {@code yaml},
 *       {@code mcp}, {@code anp-protocol-package}...);
 *   <li>{@code capability}: an ANP-06 capability id or name ({@code capabilities},
 *       {@code capabilityRefs});
 *   <li>{@code tag}: an ANP-06 capability intent tag;
 *   <li>{@code package}: the name of a registry protocol it supports.
 * </ul>
 *
 * Values compare case-insensitively (both members are kept lower case).
 *
 * @param kind one of the kinds above
 * @param value the value, not empty
 */
public record CapabilityFacet(String kind, String value) {
  /** The kinds a facet may have. */
  public static final Set<String> KINDS = Set.of("method", "interface", "protocol", "capability", "tag", "package");

  /**
   * Checks and lower-cases the members.
   *
   * @throws ApplicationException {@code INVALID_REQUEST} for an unknown kind or an empty or
   *     overlong value
   */
  public CapabilityFacet {
    kind = Objects.requireNonNull(kind, "kind").toLowerCase(Locale.ROOT);
    value = Objects.requireNonNull(value, "value").strip().toLowerCase(Locale.ROOT);
    if (!KINDS.contains(kind)) {
      throw new ApplicationException(ApplicationError.INVALID_REQUEST,
          "capability: unknown kind " + kind + ", expected one of " + new java.util.TreeSet<>(KINDS));
    }
    if (value.isEmpty() || value.length() > 200) {
      throw new ApplicationException(ApplicationError.INVALID_REQUEST, "capability: value of 1..200 characters");
    }
  }

  /** Parses {@code kind:value}. @throws ApplicationException {@code INVALID_REQUEST} */
  public static CapabilityFacet parse(String text) {
    int colon = Objects.requireNonNull(text, "text").indexOf(':');
    if (colon < 0) {
      throw new ApplicationException(ApplicationError.INVALID_REQUEST, "capability: expected kind:value");
    }
    return new CapabilityFacet(text.substring(0, colon), text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return kind + ":" + value;
  }
}
