package org.anp.application.discovery;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The seam through which a {@link DescriptionCrawler} fetches discovery pages and descriptions:
 * an HTTP client in production, an in-memory map in tests.
 *
 * <p>The future completes with the body, or fails (an {@link
 * org.anp.application.ApplicationException} with {@code FETCH_FAILED}, or any exception, which
 * the crawler records as {@code FETCH_FAILED}). It must not deliver more than {@code maxBytes}
 * bytes: a longer body fails the fetch. Implementations are thread-safe.
 */
@FunctionalInterface
public interface DiscoveryFetcher {
  /** Fetches {@code url}, at most {@code maxBytes} bytes. */
  CompletableFuture<byte[]> fetch(URI url, int maxBytes);
}
