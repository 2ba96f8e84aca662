package org.anp.cli.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.anp.application.ApplicationException;
import org.anp.application.search.CapabilityFacet;
import org.anp.application.search.SearchClient;
import org.anp.application.search.SearchQuery;
import org.anp.cli.internal.CommandOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code anp search}: asks a search service for agents matching keywords and capability facets
 * ({@code --capability kind:value}) and prints one line per hit, best first: score, DID,
 * description URL and name.
 */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Asks an agent search service for agents matching keywords and/or capabilities.",
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

  @Parameters(index = "1", arity = "0..*", paramLabel = "QUERY", description = "Keywords (joined with spaces).")
  private List<String> query = new ArrayList<>();

  @Option(names = "--capability", paramLabel = "KIND:VALUE",
      description = {"Only agents with this capability (repeatable, all must match). Kinds: method, interface,",
          "protocol, capability, tag, package; e.g. method:book, protocol:openrpc, tag:booking."})
  private List<String> capabilities = new ArrayList<>();

  @Override
  public Integer call() {
    if (limit < 1 || limit > SearchQuery.MAX_LIMIT) {
      throw io.usage("--limit must be 1.." + SearchQuery.MAX_LIMIT);
    }
    if (query.isEmpty() && capabilities.isEmpty()) {
      throw io.usage("give QUERY keywords, --capability, or both");
    }
    List<CapabilityFacet> facets = new ArrayList<>();
    for (String c : capabilities) {
      try {
        facets.add(CapabilityFacet.parse(c));
      } catch (ApplicationException e) {
        throw io.usage("--capability " + c + ": " + e.getMessage());
      }
    }
    SearchClient client = SearchClient.of(options.url(service, "URL"), Optional.empty(), options.fetcher());
    List<SearchClient.Result> results =
        options.await(client.search(new SearchQuery(String.join(" ", query), facets, limit)));
    results.forEach(r -> io.println(r.score() + " " + r.did() + " " + r.url() + " " + r.name()));
    return 0;
  }
}
