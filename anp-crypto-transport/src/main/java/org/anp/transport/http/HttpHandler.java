package org.anp.transport.http;

import java.util.concurrent.CompletableFuture;

/**
 * Answers one request. Handlers run on the server's worker executor, never on a Netty event loop,
 * so they may block briefly (file I/O), though returning a future that completes later is better
 * for anything slow; the exception is a request the handler declares {@linkplain #nonBlocking
 * non-blocking}.
 *
 * <p>Implementations are thread-safe: the server calls them concurrently. Throwing, or returning
 * a future that fails, ends the request as described in the package documentation; a future
 * that never completes is cut off by the server's request timeout.
 */
@FunctionalInterface
public interface HttpHandler {

  /** The response to {@code request}; never {@code null}. */
  CompletableFuture<HttpResponse> handle(HttpRequest request);

  /**
   * Whether {@code request} (routed, not yet authenticated) may be answered on the server's I/O
   * thread, saving the hand-off to a worker and back: only for handlers that answer it without
   * blocking and quickly. The server then also authenticates it there, but only when that is
   * quick too (no authentication, or a bearer token); otherwise it hands the request to a worker
   * as usual. Called on the I/O thread; must itself be quick. Default {@code false}.
   */
  default boolean nonBlocking(HttpRequest request) {
    return false;
  }
}
