package org.anp.application.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.DescriptionSchemas;
import org.anp.application.description.DescriptionVerifier;
import org.anp.application.description.VerifiedDescription;

/**
 * Crawls a domain's agent-description collection (ANP-08 active discovery): reads {@code
 * /.well-known/agent-descriptions}, follows {@code next} until it is absent, and fetches, parses,
 * schema-validates and verifies every description listed; only verified ones are kept (decision
 * 0039). All I/O goes through the {@link DiscoveryFetcher} seam.
 *
 * <p>Guards: a visited set of pages (a {@code next} seen before ends the crawl as {@code LOOP}), a
 * page limit and a description limit (the crawl ends as {@code PAGE_LIMIT} / {@code
 * DESCRIPTION_LIMIT}), size limits per page and per description, duplicate items fetched once,
 * and only URLs on the crawled host (scheme, host and port) over HTTPS ({@link
 * Builder#allowInsecureHttp()} for loopback tests) are followed. Pages are read one after
 * another; the descriptions of one page are fetched and verified concurrently, at most {@link
 * Builder#maxConcurrentFetches(int)} at a time.
 *
 * <p>Thread-safe once built; each crawl has its own state.
 */
public final class DescriptionCrawler {
  private final DiscoveryFetcher fetcher;
  private final DescriptionVerifier verifier;
  private final int maxPages;
  private final int maxDescriptions;
  private final int maxPageBytes;
  private final int maxDescriptionBytes;
  private final int maxConcurrentFetches;
  private final boolean allowHttp;

  private DescriptionCrawler(Builder b) {
    this.fetcher = b.fetcher;
    this.verifier = b.verifier;
    this.maxPages = b.maxPages;
    this.maxDescriptions = b.maxDescriptions;
    this.maxPageBytes = b.maxPageBytes;
    this.maxDescriptionBytes = b.maxDescriptionBytes;
    this.maxConcurrentFetches = b.maxConcurrentFetches;
    this.allowHttp = b.allowHttp;
  }

  /** A builder; the fetcher and the verifier are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Crawls {@code https://{domain}/.well-known/agent-descriptions}. */
  public CompletableFuture<CrawlResult> crawl(String domain) {
    return crawl(CollectionPage.wellKnownUrl(domain));
  }

  /**
   * Crawls the collection starting at {@code firstPage}.
   *
   * @return a future that always completes with a result (failures are in the result)
   * @throws IllegalArgumentException for a first page that is not an HTTPS (or allowed HTTP) URL
   */
  public CompletableFuture<CrawlResult> crawl(URI firstPage) {
    Objects.requireNonNull(firstPage, "firstPage");
    if (!schemeAllowed(firstPage) || firstPage.getHost() == null) {
      throw new IllegalArgumentException("firstPage: not an https URL with a host: " + firstPage);
    }
    return new Crawl(firstPage).start();
  }

  private boolean schemeAllowed(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("https") || (allowHttp && scheme.equals("http"));
  }

  private static String origin(URI uri) {
    return (uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()).toLowerCase(Locale.ROOT);
  }

  private static ApplicationException cause(Throwable t) {
    Throwable c = t;
    while (c instanceof CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof ApplicationException e) {
      return e;
    }
    return new ApplicationException(ApplicationError.FETCH_FAILED, "fetch failed: " + c.getClass().getSimpleName(), c);
  }

  /** The state of one crawl. Pages are handled one at a time; items of a page concurrently. */
  private final class Crawl {
    private final String origin;
    private final CompletableFuture<CrawlResult> done = new CompletableFuture<>();
    private final Set<URI> visitedPages = new HashSet<>();
    private final Set<URI> seenItems = new HashSet<>();
    private final List<VerifiedDescription> kept = new ArrayList<>();
    private final List<CrawlResult.Rejection> rejected = new ArrayList<>();
    private URI nextPage;
    private int pages;
    private int scheduled;
    private CrawlResult.End end;

    Crawl(URI first) {
      this.origin = origin(first);
      this.nextPage = first;
    }

    CompletableFuture<CrawlResult> start() {
      pump();
      return done;
    }

    /** Reads pages until one is still in flight (then it calls back) or the crawl is over. */
    private void pump() {
      while (true) {
        if (end != null) {
          finish();
          return;
        }
        if (nextPage == null) {
          end = CrawlResult.End.COMPLETE;
          continue;
        }
        if (pages >= maxPages) {
          end = CrawlResult.End.PAGE_LIMIT;
          continue;
        }
        URI page = nextPage;
        nextPage = null;
        visitedPages.add(page);
        pages++;
        CompletableFuture<Void> work = readPage(page);
        if (!work.isDone()) {
          work.whenComplete((v, e) -> pump());
          return;
        }
      }
    }

    private void finish() {
      CrawlResult result;
      synchronized (this) {
        result = new CrawlResult(kept, rejected, pages, end);
      }
      done.complete(result);
    }

    private CompletableFuture<Void> readPage(URI page) {
      CompletableFuture<byte[]> body;
      try {
        body = fetcher.fetch(page, maxPageBytes);
      } catch (RuntimeException e) {
        body = CompletableFuture.failedFuture(e);
      }
      return body.handle(
              (bytes, failure) -> {
                if (failure != null) {
                  pageFailed(page, cause(failure));
                  return CompletableFuture.<Void>completedFuture(null);
                }
                CollectionPage parsed;
                try {
                  parsed = CollectionPage.parse(bytes, maxPageBytes);
                } catch (ApplicationException e) {
                  pageFailed(page, e);
                  return CompletableFuture.<Void>completedFuture(null);
                }
                return readItems(parsed);
              })
          .thenCompose(f -> f);
    }

    private CompletableFuture<Void> readItems(CollectionPage page) {
      List<URI> toFetch = new ArrayList<>();
      for (CollectionItem item : page.items()) {
        URI url = item.url().normalize();
        if (!seenItems.add(url)) {
          continue;
        }
        if (!schemeAllowed(url) || !origin(url).equals(origin)) {
          reject(url, ApplicationError.INVALID_COLLECTION, "item: not on the crawled host " + origin);
          continue;
        }
        if (scheduled >= maxDescriptions) {
          end = CrawlResult.End.DESCRIPTION_LIMIT;
          break;
        }
        scheduled++;
        toFetch.add(url);
      }
      if (end == null) {
        page.next().ifPresent(this::follow);
      }
      return readWindow(toFetch, 0);
    }

    /** Fetches and verifies at most {@code maxConcurrentFetches} descriptions at a time. */
    private CompletableFuture<Void> readWindow(List<URI> urls, int from) {
      if (from >= urls.size()) {
        return CompletableFuture.completedFuture(null);
      }
      int to = Math.min(urls.size(), from + maxConcurrentFetches);
      List<CompletableFuture<Optional<VerifiedDescription>>> window = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        window.add(readDescription(urls.get(i)));
      }
      return CompletableFuture.allOf(window.toArray(CompletableFuture[]::new))
          .thenCompose(
              v -> {
                synchronized (this) {
                  for (CompletableFuture<Optional<VerifiedDescription>> f : window) {
                    f.join().ifPresent(kept::add);
                  }
                }
                return readWindow(urls, to);
              });
    }

    private void follow(URI next) {
      URI n = next.normalize();
      if (visitedPages.contains(n)) {
        end = CrawlResult.End.LOOP;
      } else if (!schemeAllowed(n) || !origin(n).equals(origin)) {
        reject(n, ApplicationError.INVALID_COLLECTION, "next: not on the crawled host " + origin);
        end = CrawlResult.End.PAGE_FAILED;
      } else {
        nextPage = n;
      }
    }

    /** Completes with the verified description, or empty after recording the rejection. */
    private CompletableFuture<Optional<VerifiedDescription>> readDescription(URI url) {
      CompletableFuture<byte[]> body;
      try {
        body = fetcher.fetch(url, maxDescriptionBytes);
      } catch (RuntimeException e) {
        body = CompletableFuture.failedFuture(e);
      }
      return body.thenCompose(
              bytes -> {
                AgentDescription d = AgentDescription.parse(bytes, maxDescriptionBytes);
                DescriptionSchemas.standard().validate(d);
                return verifier.verify(d, Optional.of(url.getHost()));
              })
          .handle(
              (verified, failure) -> {
                if (failure != null) {
                  ApplicationException e = cause(failure);
                  reject(url, e.code(), e.getMessage());
                  return Optional.empty();
                }
                return Optional.of(verified);
              });
    }

    private void pageFailed(URI page, ApplicationException e) {
      reject(page, e.code(), e.getMessage());
      end = CrawlResult.End.PAGE_FAILED;
    }

    private synchronized void reject(URI url, ApplicationError code, String reason) {
      rejected.add(new CrawlResult.Rejection(url, code, reason));
    }
  }

  /** Builds a {@link DescriptionCrawler}. Not thread-safe. */
  public static final class Builder {
    private DiscoveryFetcher fetcher;
    private DescriptionVerifier verifier;
    private int maxPages = 100;
    private int maxDescriptions = 1000;
    private int maxPageBytes = CollectionPage.DEFAULT_MAX_BYTES;
    private int maxDescriptionBytes = AgentDescription.DEFAULT_MAX_BYTES;
    private int maxConcurrentFetches = 8;
    private boolean allowHttp;

    private Builder() {}

    /** How pages and descriptions are fetched (required). */
    public Builder fetcher(DiscoveryFetcher fetcher) {
      this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
      return this;
    }

    /** How descriptions are verified (required). */
    public Builder verifier(DescriptionVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /** The most pages one crawl reads; default 100. */
    public Builder maxPages(int maxPages) {
      this.maxPages = positive(maxPages, "maxPages");
      return this;
    }

    /** The most descriptions one crawl fetches; default 1000. */
    public Builder maxDescriptions(int maxDescriptions) {
      this.maxDescriptions = positive(maxDescriptions, "maxDescriptions");
      return this;
    }

    /** The size limit of one page; default 1 MiB. */
    public Builder maxPageBytes(int maxPageBytes) {
      this.maxPageBytes = positive(maxPageBytes, "maxPageBytes");
      return this;
    }

    /** The size limit of one description; default 256 KiB. */
    public Builder maxDescriptionBytes(int maxDescriptionBytes) {
      this.maxDescriptionBytes = positive(maxDescriptionBytes, "maxDescriptionBytes");
      return this;
    }

    /** How many descriptions of one page are fetched and verified at the same time; default 8. */
    public Builder maxConcurrentFetches(int maxConcurrentFetches) {
      this.maxConcurrentFetches = positive(maxConcurrentFetches, "maxConcurrentFetches");
      return this;
    }

    /** Also follows plain {@code http} URLs on the crawled host; for loopback tests only. */
    public Builder allowInsecureHttp() {
      this.allowHttp = true;
      return this;
    }

    /** Builds the crawler. */
    public DescriptionCrawler build() {
      if (fetcher == null || verifier == null) {
        throw new IllegalStateException("fetcher and verifier are required");
      }
      return new DescriptionCrawler(this);
    }

    private static int positive(int value, String name) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + ": " + value);
      }
      return value;
    }
  }
}
