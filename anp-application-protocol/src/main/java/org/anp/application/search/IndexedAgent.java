package org.anp.application.search;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One agent in a {@link DescriptionIndex}: where its verified description is, who signed it, and
 * the text it is found by.
 *
 * @param url the description's URL
 * @param did the verified signer
 * @param name the agent's name
 * @param description the agent's description (may be empty)
 * @param text everything searchable: name, description, informations and interface descriptions
 * @param capabilities what it can be found by besides words (decision 0076)
 */
public record IndexedAgent(
    URI url, String did, String name, String description, String text, List<CapabilityFacet> capabilities) {
  /** Checks that no member is null and copies the facets. */
  public IndexedAgent {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(text, "text");
    capabilities = List.copyOf(capabilities);
  }
}
