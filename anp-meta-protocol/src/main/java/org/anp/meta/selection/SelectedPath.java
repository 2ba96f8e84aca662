package org.anp.meta.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.anp.meta.internal.selection.Wire;

/**
 * {@code result.selected} of {@code anp.negotiate} (ANP-06 §8): the capability, interface (an id
 * from the target's agent description), protocol, profile, security profile, content type, URL
 * and optional protocol artifact to use for the business call. Every member is a string; an empty
 * selection parses (Q13) but is not {@link #usable()}. Unknown members are kept.
 *
 * @param capability {@code capability}
 * @param interfaceId {@code interface}
 * @param protocol {@code protocol}
 * @param profile {@code profile}
 * @param securityProfile {@code securityProfile}
 * @param contentType {@code contentType}
 * @param url {@code url}
 * @param protocolArtifact {@code protocolArtifact} (a URI or digest string)
 * @param extensions the other members
 */
public record SelectedPath(
    Optional<String> capability,
    Optional<String> interfaceId,
    Optional<String> protocol,
    Optional<String> profile,
    Optional<String> securityProfile,
    Optional<String> contentType,
    Optional<String> url,
    Optional<String> protocolArtifact,
    ObjectNode extensions) {
  private static final Set<String> KNOWN =
      Set.of("capability", "interface", "protocol", "profile", "securityProfile", "contentType", "url", "protocolArtifact");

  /** Copies the extensions. */
  public SelectedPath {
    extensions = extensions.deepCopy();
  }

  /** A selection of one interface with this security profile. */
  public static SelectedPath of(String interfaceId, String securityProfile) {
    return new SelectedPath(Optional.empty(), Optional.of(interfaceId), Optional.empty(), Optional.empty(),
        Optional.of(securityProfile), Optional.empty(), Optional.empty(), Optional.empty(),
        JsonNodeFactory.instance.objectNode());
  }

  /** Whether the selection names an interface or a URL (Q13: otherwise renegotiate or fall back). */
  public boolean usable() {
    return interfaceId.isPresent() || url.isPresent();
  }

  @Override
  public ObjectNode extensions() {
    return extensions.deepCopy();
  }

  /** Reads {@code selected}; faults are {@code INVALID_PARAMS}. */
  public static SelectedPath parse(JsonNode node, String path) {
    Wire.Reader r = Wire.reader(node, path, KNOWN);
    return new SelectedPath(r.string("capability"), r.string("interface"), r.string("protocol"), r.string("profile"),
        r.string("securityProfile"), r.string("contentType"), r.string("url"), r.string("protocolArtifact"),
        r.extensions());
  }

  /** The wire object. */
  public ObjectNode toJson() {
    return Wire.writer()
        .put("capability", capability)
        .put("interface", interfaceId)
        .put("protocol", protocol)
        .put("profile", profile)
        .put("securityProfile", securityProfile)
        .put("contentType", contentType)
        .put("url", url)
        .put("protocolArtifact", protocolArtifact)
        .extensions(extensions)
        .build();
  }
}
