package org.anp.application.search;

import java.util.Objects;

/**
 * A search result: the agent and how many of the query's words it matched.
 *
 * @param agent the indexed agent
 * @param score the number of distinct query words found in its text (at least 1)
 */
public record SearchHit(IndexedAgent agent, int score) {
  /** Checks the members. */
  public SearchHit {
    Objects.requireNonNull(agent, "agent");
    if (score < 1) {
      throw new IllegalArgumentException("score: " + score);
    }
  }
}
