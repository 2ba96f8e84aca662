package org.anp.application.description;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the ANP-07 1.2 {@code Infomations} list (spelled as the spec spells it): a
 * resource the agent publishes, such as a product document, an information page or a video.
 *
 * @param type the kind of resource, such as {@code Product}, {@code Information}, {@code VideoObject}
 * @param description what the resource holds
 * @param url where it is
 * @param extensions members not listed above
 */
public record Information(
    String type, Optional<String> description, Optional<String> url, Extensions extensions) {
  public Information {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(extensions, "extensions");
  }
}
