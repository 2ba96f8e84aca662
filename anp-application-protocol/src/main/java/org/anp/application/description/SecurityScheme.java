package org.anp.application.description;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code securityDefinitions}: how a caller authenticates (ANP-07 "Security
 * definitions"). {@code didwba} is the only scheme the spec defines; at ANP 1.2 an {@code
 * Authorization} header means the bearer token obtained after RFC 9421 authentication.
 *
 * @param type the optional {@code type} member
 * @param description the optional description
 * @param scheme the scheme, such as {@code didwba}
 * @param in where the credential goes: {@code header}, {@code query}, {@code body}, {@code
 *     cookie}, {@code uri} or {@code auto}
 * @param name the header, parameter or cookie name; absent with {@code auto}
 * @param extensions members not listed above
 */
public record SecurityScheme(
    Optional<String> type,
    Optional<String> description,
    String scheme,
    String in,
    Optional<String> name,
    Extensions extensions) {
  public SecurityScheme {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** The DID-based scheme the spec's examples declare: {@code didwba} in the Authorization header. */
  public static SecurityScheme didWbaHeader() {
    return new SecurityScheme(
        Optional.empty(),
        Optional.empty(),
        "didwba",
        "header",
        Optional.of("Authorization"),
        Extensions.empty());
  }
}
