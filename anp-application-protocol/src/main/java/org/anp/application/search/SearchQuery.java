package org.anp.application.search;

import java.util.List;
import java.util.Objects;

/**
 * A query to a {@link DescriptionIndex}: keywords, capability facets, or both. An agent matches
 * when it has every facet and, if there are keywords, at least one of them; its score is the number
 * of facets plus the number of distinct keywords found.
 *
 * @param keywords words (letters and digits, case-insensitive); may be empty
 * @param capabilities facets that must all match; may be empty
 * @param limit the most hits returned, 1..100
 */
public record SearchQuery(String keywords, List<CapabilityFacet> capabilities, int limit) {
  /** The largest {@code limit}. */
  public static final int MAX_LIMIT = 100;

  /** Checks the members. @throws IllegalArgumentException for a limit outside 1..100 */
  public SearchQuery {
    Objects.requireNonNull(keywords, "keywords");
    capabilities = List.copyOf(capabilities);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: 1.." + MAX_LIMIT + ": " + limit);
    }
  }

  /** A keyword query. */
  public static SearchQuery keywords(String keywords, int limit) {
    return new SearchQuery(keywords, List.of(), limit);
  }

  /** Whether the query asks for nothing (no keyword and no facet). */
  public boolean isEmpty() {
    return keywords.isBlank() && capabilities.isEmpty();
  }
}
