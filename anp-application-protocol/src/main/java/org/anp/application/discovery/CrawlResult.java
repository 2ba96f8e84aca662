package org.anp.application.discovery;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.anp.application.ApplicationError;
import org.anp.application.description.VerifiedDescription;

/**
 * What a crawl of one domain found: the descriptions it verified (the only ones it keeps), the
 * ones it refused and why, how many pages it read and why it stopped.
 *
 * @param descriptions the verified descriptions, in page order
 * @param rejected the items refused (fetch, parse, schema or proof failures, or a refused URL)
 * @param pagesFetched the number of pages read
 * @param end why the crawl stopped
 */
public record CrawlResult(
    List<VerifiedDescription> descriptions, List<Rejection> rejected, int pagesFetched, End end) {
  public CrawlResult {
    descriptions = List.copyOf(descriptions);
    rejected = List.copyOf(rejected);
    Objects.requireNonNull(end, "end");
  }

  /** Why a crawl stopped. */
  public enum End {
    /** The last page had no {@code next}. */
    COMPLETE,
    /** A {@code next} link pointed to a page already read. */
    LOOP,
    /** The page limit was reached while pages remained. */
    PAGE_LIMIT,
    /** The description limit was reached while items remained. */
    DESCRIPTION_LIMIT,
    /** A page could not be fetched or parsed, or its {@code next} was refused. */
    PAGE_FAILED
  }

  /**
   * An item (or page) the crawler refused.
   *
   * @param url the description's (or page's) URL
   * @param code why, as an error code
   * @param reason the message, naming the failed check
   */
  public record Rejection(URI url, ApplicationError code, String reason) {
    public Rejection {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
