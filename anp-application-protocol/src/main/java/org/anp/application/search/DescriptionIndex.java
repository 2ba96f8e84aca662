package org.anp.application.search;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.anp.application.internal.search.FileDescriptionIndex;

/**
 * Where a {@link SearchService} keeps the agents it verified: a seam, so a deployment can put a
 * real search engine behind it. The default ({@link #inDirectory}) is embedded and persistent.
 *
 * <p>Implementations are thread-safe.
 */
public interface DescriptionIndex {
  /** Adds or replaces the agent whose description is at {@code agent.url()}. */
  void put(IndexedAgent agent);

  /** Removes the agent at {@code url}; false if there was none. */
  boolean remove(URI url);

  /**
   * The agents matching {@code query} (see {@link SearchQuery}): best score first, then by name.
   * Words are runs of letters and digits, case-insensitive, looked up in each agent's text.
   */
  List<SearchHit> search(SearchQuery query);

  /** The agents matching the keywords {@code query}; empty for a limit below 1. */
  default List<SearchHit> search(String query, int limit) {
    return limit < 1 ? List.of() : search(SearchQuery.keywords(query, Math.min(limit, SearchQuery.MAX_LIMIT)));
  }

  /** How many agents are indexed. */
  int size();

  /**
   * The embedded index: in memory, saved after each change to one file in {@code directory}
   * (written to a temporary file and moved atomically), read back on open.
   */
  static DescriptionIndex inDirectory(Path directory) {
    return FileDescriptionIndex.open(directory);
  }
}
