package org.anp.identity.resolve;

import java.time.Duration;
import org.anp.identity.internal.resolve.JdkDocumentFetcher;
import org.anp.identity.spi.DocumentFetcher;

/**
 * The document fetchers this library ships, on the JDK {@link java.net.http.HttpClient}: GET with
 * {@code Accept: application/json}, no redirects, a connect and a request timeout, and the size
 * limit enforced while the body streams in. Each returned fetcher is thread-safe and owns one client.
 *
 * @see org.anp.identity.spi.DocumentFetcher for the error codes
 */
public final class DocumentFetchers {
  /** The default connect and request timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private DocumentFetchers() {}

  /** Fetches {@code https} URLs only; any other scheme fails with {@code RESOLUTION_FAILED}. */
  public static DocumentFetcher https() {
    return https(DEFAULT_TIMEOUT);
  }

  /** As {@link #https()}, with the given connect and request timeout. */
  public static DocumentFetcher https(Duration timeout) {
    return new JdkDocumentFetcher(timeout, false);
  }

  /**
   * For tests: as {@link #https()}, but also plain {@code http} to the loopback host
   * ({@code 127.0.0.1}, {@code localhost}, {@code [::1]}); http to any other host is still refused.
   */
  public static DocumentFetcher insecureAllowLoopbackHttp() {
    return insecureAllowLoopbackHttp(DEFAULT_TIMEOUT);
  }

  /** As {@link #insecureAllowLoopbackHttp()}, with the given connect and request timeout. */
  public static DocumentFetcher insecureAllowLoopbackHttp(Duration timeout) {
    return new JdkDocumentFetcher(timeout, true);
  }
}
