package org.anp.application.discovery;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.identity.IdentityException;
import org.anp.identity.spi.DocumentFetcher;

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

  /**
   * A discovery fetcher over an identity-layer {@link DocumentFetcher}, such as {@code
   * DocumentFetchers.https()} (the JDK HTTP client: GET, status 200 only, size limit enforced
   * while reading, timeouts). Its failures become {@code FETCH_FAILED} naming the URL and the
   * identity error code.
   */
  static DiscoveryFetcher from(DocumentFetcher fetcher) {
    Objects.requireNonNull(fetcher, "fetcher");
    return (url, maxBytes) ->
        fetcher
            .fetch(url, maxBytes)
            .exceptionallyCompose(
                failure -> {
                  Throwable cause =
                      failure instanceof CompletionException && failure.getCause() != null
                          ? failure.getCause()
                          : failure;
                  String why =
                      cause instanceof IdentityException e ? e.code().name() : cause.getClass().getSimpleName();
                  return CompletableFuture.failedFuture(
                      new ApplicationException(
                          ApplicationError.FETCH_FAILED, "fetch " + url + ": " + why, cause));
                });
  }
}
