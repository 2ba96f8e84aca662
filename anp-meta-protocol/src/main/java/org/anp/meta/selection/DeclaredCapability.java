package org.anp.meta.selection;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A capability the agent declares (the ANP-06 §14.1 extension: a top-level {@code capabilities}
 * entry of the agent description), as the default provider matches intents against it.
 *
 * @param id the capability id, e.g. {@code cap.hotel.booking}
 * @param name a short name an intent's {@code name} may equal
 * @param intentTags the intent tags it serves
 * @param requiresHumanAuthorization whether business calls need human approval
 * @param requiresAuthentication whether a caller must be authenticated to have it selected (1607)
 */
public record DeclaredCapability(
    String id, Optional<String> name, List<String> intentTags, boolean requiresHumanAuthorization, boolean requiresAuthentication) {

  /** Copies the parts. */
  public DeclaredCapability {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    intentTags = List.copyOf(intentTags);
  }

  /** A public capability with a name and tags. */
  public static DeclaredCapability of(String id, String name, List<String> intentTags) {
    return new DeclaredCapability(id, Optional.of(name), intentTags, false, false);
  }

  /** This capability, only for authenticated callers. */
  public DeclaredCapability authenticatedOnly() {
    return new DeclaredCapability(id, name, intentTags, requiresHumanAuthorization, true);
  }
}
