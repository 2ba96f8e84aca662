package org.anp.meta.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.anp.meta.internal.selection.Wire;

/**
 * {@code body.callerCapabilities} of {@code anp.negotiate} (ANP-06 §7.5): what the caller can use.
 * An absent list means "not said", not "nothing". Unknown members are kept.
 *
 * @param supportedProfiles {@code supportedProfiles}
 * @param supportedSecurityProfiles {@code supportedSecurityProfiles}
 * @param supportedContentTypes {@code supportedContentTypes}
 * @param supportedExecutionModes {@code supportedExecutionModes}
 * @param limits {@code limits}
 * @param extensions the other members
 */
public record CallerCapabilities(
    Optional<List<String>> supportedProfiles,
    Optional<List<String>> supportedSecurityProfiles,
    Optional<List<String>> supportedContentTypes,
    Optional<List<String>> supportedExecutionModes,
    Optional<ObjectNode> limits,
    ObjectNode extensions) {
  private static final Set<String> KNOWN =
      Set.of("supportedProfiles", "supportedSecurityProfiles", "supportedContentTypes", "supportedExecutionModes", "limits");

  /** Copies the parts. */
  public CallerCapabilities {
    supportedProfiles = supportedProfiles.map(List::copyOf);
    supportedSecurityProfiles = supportedSecurityProfiles.map(List::copyOf);
    supportedContentTypes = supportedContentTypes.map(List::copyOf);
    supportedExecutionModes = supportedExecutionModes.map(List::copyOf);
    limits = limits.map(ObjectNode::deepCopy);
    extensions = extensions.deepCopy();
  }

  /** Profiles, security profiles and content types, nothing else. */
  public static CallerCapabilities of(List<String> profiles, List<String> securityProfiles, List<String> contentTypes) {
    return new CallerCapabilities(Optional.of(profiles), Optional.of(securityProfiles), Optional.of(contentTypes),
        Optional.empty(), Optional.empty(), JsonNodeFactory.instance.objectNode());
  }

  @Override
  public Optional<ObjectNode> limits() {
    return limits.map(ObjectNode::deepCopy);
  }

  @Override
  public ObjectNode extensions() {
    return extensions.deepCopy();
  }

  /** Reads {@code callerCapabilities}; faults are {@code INVALID_PARAMS}. */
  public static CallerCapabilities parse(JsonNode node, String path) {
    Wire.Reader r = Wire.reader(node, path, KNOWN);
    return new CallerCapabilities(r.strings("supportedProfiles"), r.strings("supportedSecurityProfiles"),
        r.strings("supportedContentTypes"), r.strings("supportedExecutionModes"), r.object("limits"), r.extensions());
  }

  /** The wire object. */
  public ObjectNode toJson() {
    return Wire.writer()
        .putStrings("supportedProfiles", supportedProfiles)
        .putStrings("supportedSecurityProfiles", supportedSecurityProfiles)
        .putStrings("supportedContentTypes", supportedContentTypes)
        .putStrings("supportedExecutionModes", supportedExecutionModes)
        .putJson("limits", limits)
        .extensions(extensions)
        .build();
  }
}
