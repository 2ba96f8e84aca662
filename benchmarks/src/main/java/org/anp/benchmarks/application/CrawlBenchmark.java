package org.anp.benchmarks.application;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.application.description.AgentDescription;
import org.anp.application.discovery.CollectionItem;
import org.anp.application.discovery.CollectionPage;
import org.anp.application.discovery.CrawlResult;
import org.anp.application.discovery.DescriptionCrawler;
import org.anp.application.discovery.DiscoveryFetcher;
import org.anp.identity.resolve.DocumentFetchers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Layer 3, discovery (issue 15): one op reads a collection of {@value #AGENTS} agents from a
 * loopback server ({@link CrawlSite}: {@value CrawlSite#PAGE_SIZE} a page, so 20 pages) through
 * the same fetcher (the JDK HTTP client of {@code DocumentFetchers.insecureAllowLoopbackHttp()}),
 * pages one after the other, at most 8 descriptions of a page in flight:
 *
 * <ul>
 *   <li>{@link #crawlAndVerify}: {@link DescriptionCrawler} (its defaults: 8 concurrent fetches),
 *       which parses every page and every description, validates it against the shipped JSON
 *       Schemas and verifies its proof (signer documents cached: a map resolver);
 *   <li>{@link #fetchOnly} (baseline): the same pages parsed, the same descriptions fetched with
 *       the same window of 8, nothing done with their bytes.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CrawlBenchmark {
  static final int AGENTS = 1000;
  private static final int WINDOW = 8;

  private CrawlSite site;
  private DiscoveryFetcher fetcher;
  private DescriptionCrawler crawler;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    site = new CrawlSite(AGENTS);
    fetcher = DiscoveryFetcher.from(DocumentFetchers.insecureAllowLoopbackHttp());
    crawler = DescriptionCrawler.builder()
        .fetcher(fetcher)
        .verifier(site.verifier())
        .allowInsecureHttp()
        .maxDescriptions(AGENTS)
        .maxConcurrentFetches(WINDOW)
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    site.close();
  }

  @Benchmark
  public CrawlResult crawlAndVerify() {
    CrawlResult result = crawler.crawl(site.firstPage()).join();
    if (result.descriptions().size() != AGENTS) {
      throw new IllegalStateException("crawl kept " + result.descriptions().size() + ": " + result.rejected());
    }
    return result;
  }

  @Benchmark
  public long fetchOnly() {
    long bytes = 0;
    Optional<URI> next = Optional.of(site.firstPage());
    while (next.isPresent()) {
      CollectionPage page = CollectionPage.parse(fetcher.fetch(next.get(), CollectionPage.DEFAULT_MAX_BYTES).join(),
          CollectionPage.DEFAULT_MAX_BYTES);
      List<CollectionItem> items = page.items();
      for (int from = 0; from < items.size(); from += WINDOW) {
        List<CompletableFuture<byte[]>> window = new ArrayList<>(WINDOW);
        for (int i = from; i < Math.min(items.size(), from + WINDOW); i++) {
          window.add(fetcher.fetch(items.get(i).url(), AgentDescription.DEFAULT_MAX_BYTES));
        }
        for (CompletableFuture<byte[]> f : window) {
          bytes += f.join().length;
        }
      }
      next = page.next();
    }
    return bytes;
  }

  /** The site. */
  CrawlSite site() {
    return site;
  }
}
