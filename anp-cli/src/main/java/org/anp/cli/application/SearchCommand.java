package org.anp.cli.application;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.anp.application.search.SearchClient;
import org.anp.cli.internal.CommandOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code anp search}: asks a search service for agents matching keywords and prints one line per
 * hit, best first: score, DID, description URL and name.
 */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Asks an agent search service for agents matching the query.",
      "Lines: 'SCORE DID URL NAME', best first; the descriptions were verified by the service."
    })
public final class SearchCommand implements Callable<Integer> {
  @Mixin private CommandOutput io;
  @Mixin private ApplicationOptions options;

  @Option(names = "--limit", defaultValue = "10", paramLabel = "N",
      description = "At most N results (default: ${DEFAULT-VALUE}).")
  private int limit;

  @Parameters(index = "0", paramLabel = "URL", description = "The search service's base URL.")
  private String service;

  @Parameters(index = "1", arity = "1..*", paramLabel = "QUERY", description = "Keywords (joined with spaces).")
  private List<String> query;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw io.usage("--limit must be at least 1");
    }
    SearchClient client = SearchClient.of(options.url(service, "URL"), Optional.empty(), options.fetcher());
    List<SearchClient.Result> results = options.await(client.search(String.join(" ", query), limit));
    results.forEach(r -> io.println(r.score() + " " + r.did() + " " + r.url() + " " + r.name()));
    return 0;
  }
}
