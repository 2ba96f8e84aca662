package org.anp.identity.spi;

import java.time.Clock;
import java.util.Objects;

/**
 * What a {@link DidMethod} may use while resolving: how to fetch documents, the time, and the
 * largest document it may accept. Immutable and thread-safe.
 *
 * @param fetcher fetches documents over the network
 * @param clock the clock for time-dependent checks (proof times, deactivation)
 * @param maxDocumentBytes the largest document, in bytes, a method may fetch and parse (positive)
 */
public record ResolutionContext(DocumentFetcher fetcher, Clock clock, int maxDocumentBytes) {
  public ResolutionContext {
    Objects.requireNonNull(fetcher, "fetcher");
    Objects.requireNonNull(clock, "clock");
    if (maxDocumentBytes < 1) {
      throw new IllegalArgumentException("maxDocumentBytes must be positive: " + maxDocumentBytes);
    }
  }
}
