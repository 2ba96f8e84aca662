package org.anp.cli.application;

import java.net.URI;
import java.util.concurrent.Callable;
import org.anp.application.description.DescriptionVerifier;
import org.anp.application.discovery.CollectionPage;
import org.anp.application.discovery.CrawlResult;
import org.anp.application.discovery.DescriptionCrawler;
import org.anp.application.discovery.DiscoveryFetcher;
import org.anp.cli.internal.CommandOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code anp discover}: crawls a domain's {@code /.well-known/agent-descriptions} collection
 * (ANP-08), verifying every description, and prints one line per verified agent, one per
 * rejected item and a last line saying why the crawl ended. Exit code 1 if a page failed.
 */
@Command(
    name = "discover",
    mixinStandardHelpOptions = true,
    description = {
      "Crawls a domain's well-known agent collection and prints the agents whose descriptions verify.",
      "Lines: 'agent DID NAME', 'rejected URL CODE REASON', then 'end REASON PAGES'."
    })
public final class DiscoverCommand implements Callable<Integer> {
  @Mixin private CommandOutput io;
  @Mixin private ApplicationOptions options;

  @Option(names = "--max-pages", defaultValue = "100", paramLabel = "N",
      description = "Stop after N pages (default: ${DEFAULT-VALUE}).")
  private int maxPages;

  @Option(names = "--max-descriptions", defaultValue = "1000", paramLabel = "N",
      description = "Stop after N descriptions (default: ${DEFAULT-VALUE}).")
  private int maxDescriptions;

  @Parameters(paramLabel = "DOMAIN|URL",
      description = "A domain (its https well-known collection is read) or the URL of a collection's first page.")
  private String where;

  @Override
  public Integer call() {
    if (maxPages < 1 || maxDescriptions < 1) {
      throw io.usage("--max-pages and --max-descriptions must be at least 1");
    }
    URI first = where.contains("://") ? options.url(where, "URL") : CollectionPage.wellKnownUrl(where);
    DescriptionCrawler.Builder b = DescriptionCrawler.builder()
        .fetcher(DiscoveryFetcher.from(options.fetcher()))
        .verifier(DescriptionVerifier.builder().resolver(options.resolver()).build())
        .maxPages(maxPages)
        .maxDescriptions(maxDescriptions);
    if (options.loopbackHttp()) {
      b.allowInsecureHttp();
    }
    CrawlResult result;
    try {
      result = options.await(b.build().crawl(first));
    } catch (IllegalArgumentException e) {
      throw io.usage(e.getMessage());
    }
    result.descriptions().forEach(d -> io.println("agent " + d.did() + " " + d.description().name()));
    result.rejected().forEach(r -> io.println("rejected " + r.url() + " " + r.code() + " " + r.reason()));
    io.println("end " + result.end() + " " + result.pagesFetched());
    return result.end() == CrawlResult.End.PAGE_FAILED ? 1 : 0;
  }
}
