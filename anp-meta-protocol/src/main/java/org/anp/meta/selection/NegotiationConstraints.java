package org.anp.meta.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.anp.meta.internal.selection.Wire;

/**
 * {@code body.constraints} of {@code anp.negotiate} (ANP-06 §7.6). {@code
 * requiresHumanAuthorization} is a constraint, never evidence that a human approved anything.
 * {@code maxLatencyMs} is an integer of at least 0 (Q15). Unknown members are kept.
 *
 * @param preferredInterfaceTypes {@code preferredInterfaceTypes}, most preferred first
 * @param requiresHumanAuthorization {@code requiresHumanAuthorization}
 * @param maxLatencyMs {@code maxLatencyMs}
 * @param allowNaturalLanguageFallback {@code allowNaturalLanguageFallback}
 * @param requiredSecurityProfile {@code requiredSecurityProfile}
 * @param preferredContentTypes {@code preferredContentTypes}
 * @param extensions the other members
 */
public record NegotiationConstraints(
    Optional<List<String>> preferredInterfaceTypes,
    Optional<Boolean> requiresHumanAuthorization,
    Optional<Long> maxLatencyMs,
    Optional<Boolean> allowNaturalLanguageFallback,
    Optional<String> requiredSecurityProfile,
    Optional<List<String>> preferredContentTypes,
    ObjectNode extensions) {
  private static final Set<String> KNOWN =
      Set.of("preferredInterfaceTypes", "requiresHumanAuthorization", "maxLatencyMs", "allowNaturalLanguageFallback",
          "requiredSecurityProfile", "preferredContentTypes");

  /** Copies the parts; {@code maxLatencyMs} must be at least 0. */
  public NegotiationConstraints {
    preferredInterfaceTypes = preferredInterfaceTypes.map(List::copyOf);
    preferredContentTypes = preferredContentTypes.map(List::copyOf);
    if (maxLatencyMs.isPresent() && maxLatencyMs.get() < 0) {
      throw new IllegalArgumentException("maxLatencyMs < 0");
    }
    extensions = extensions.deepCopy();
  }

  /** No constraints. */
  public static NegotiationConstraints none() {
    return new NegotiationConstraints(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), JsonNodeFactory.instance.objectNode());
  }

  /** These constraints with {@code requiredSecurityProfile}. */
  public NegotiationConstraints withRequiredSecurityProfile(String profile) {
    return new NegotiationConstraints(preferredInterfaceTypes, requiresHumanAuthorization, maxLatencyMs,
        allowNaturalLanguageFallback, Optional.of(profile), preferredContentTypes, extensions);
  }

  /** These constraints with {@code preferredInterfaceTypes}. */
  public NegotiationConstraints withPreferredInterfaceTypes(List<String> types) {
    return new NegotiationConstraints(Optional.of(types), requiresHumanAuthorization, maxLatencyMs,
        allowNaturalLanguageFallback, requiredSecurityProfile, preferredContentTypes, extensions);
  }

  @Override
  public ObjectNode extensions() {
    return extensions.deepCopy();
  }

  /** Reads {@code constraints}; faults are {@code INVALID_PARAMS}. */
  public static NegotiationConstraints parse(JsonNode node, String path) {
    Wire.Reader r = Wire.reader(node, path, KNOWN);
    return new NegotiationConstraints(r.strings("preferredInterfaceTypes"), r.bool("requiresHumanAuthorization"),
        r.nonNegative("maxLatencyMs"), r.bool("allowNaturalLanguageFallback"), r.string("requiredSecurityProfile"),
        r.strings("preferredContentTypes"), r.extensions());
  }

  /** The wire object. */
  public ObjectNode toJson() {
    return Wire.writer()
        .putStrings("preferredInterfaceTypes", preferredInterfaceTypes)
        .putBool("requiresHumanAuthorization", requiresHumanAuthorization)
        .putLong("maxLatencyMs", maxLatencyMs)
        .putBool("allowNaturalLanguageFallback", allowNaturalLanguageFallback)
        .put("requiredSecurityProfile", requiredSecurityProfile)
        .putStrings("preferredContentTypes", preferredContentTypes)
        .extensions(extensions)
        .build();
  }
}
