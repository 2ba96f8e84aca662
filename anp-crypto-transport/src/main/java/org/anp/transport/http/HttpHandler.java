package org.anp.transport.http;

import java.util.concurrent.CompletableFuture;

/**
 * Answers one request. Handlers run on the server's worker executor, never on a Netty event loop,
 * so they may block briefly (file I/O), though returning a future that completes later is better
 * for anything slow.
 *
 * <p>Implementations are thread-safe: the server calls them concurrently. Throwing, or returning
 * a future that fails, ends the request as described in the package documentation; a future
 * that never completes is cut off by the server's request timeout.
 */
@FunctionalInterface
public interface HttpHandler {

  /** The response to {@code request}; never {@code null}. */
  CompletableFuture<HttpResponse> handle(HttpRequest request);
}
