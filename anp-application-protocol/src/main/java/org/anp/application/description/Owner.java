package org.anp.application.description;

import java.util.Objects;
import java.util.Optional;

/**
 * The owner of an agent: a schema.org {@code Organization} or {@code Person}. JSON-LD writes
 * {@code @type} and {@code @id}; ANP-07 1.2 writes {@code type} and {@code url}.
 *
 * @param type the schema.org type, such as {@code Organization}
 * @param name the owner's name
 * @param url the owner's web address or identifier
 * @param extensions members not listed above
 */
public record Owner(
    Optional<String> type, Optional<String> name, Optional<String> url, Extensions extensions) {
  public Owner {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(extensions, "extensions");
  }
}
