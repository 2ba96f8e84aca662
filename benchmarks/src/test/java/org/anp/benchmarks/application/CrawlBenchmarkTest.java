package org.anp.benchmarks.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.anp.application.description.VerifiedDescription;
import org.anp.application.discovery.CrawlResult;
import org.junit.jupiter.api.Test;

/**
 * Sets up the 1,000-agent site, runs one crawl and one fetch-only pass, and checks that the crawl
 * verified every description (1,000 distinct signers, 20 pages, nothing rejected) and that the
 * baseline fetched the same descriptions. Does not run JMH.
 */
class CrawlBenchmarkTest {
  @Test
  void oneCrawlVerifiesEveryDescriptionAndTheBaselineFetchesThemAll() throws Exception {
    CrawlBenchmark benchmark = new CrawlBenchmark();
    benchmark.setUp();
    try {
      CrawlResult result = benchmark.crawlAndVerify();
      assertThat(result.end()).isEqualTo(CrawlResult.End.COMPLETE);
      assertThat(result.pagesFetched()).isEqualTo(CrawlBenchmark.AGENTS / CrawlSite.PAGE_SIZE);
      assertThat(result.rejected()).isEmpty();
      assertThat(result.descriptions()).hasSize(CrawlBenchmark.AGENTS);
      assertThat(result.descriptions().stream().map(VerifiedDescription::did).distinct().count())
          .isEqualTo(CrawlBenchmark.AGENTS);

      long bytes = benchmark.fetchOnly();
      assertThat(bytes).isGreaterThan(1000L * CrawlBenchmark.AGENTS);
    } finally {
      benchmark.tearDown();
    }
  }
}
