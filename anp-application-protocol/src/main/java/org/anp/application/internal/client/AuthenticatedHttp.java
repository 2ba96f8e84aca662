package org.anp.application.internal.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.identity.auth.HttpSignatureAuthenticator;

/**
 * Sends JSON requests with DID authentication (ANP-02 1.2): the bearer token the host handed out before,
 * else an RFC 9421 signature; the response's {@code Authentication-Info} token and {@code
 * WWW-Authenticate} nonce are kept. A 401 to a bearer request, or a 401 challenge with a nonce,
 * is retried once with a fresh signature. Responses are read up to a size limit, without blocking
 * a thread; the reply is handed on through the given executor.
 */
public final class AuthenticatedHttp {
  /** A response: status and body. */
  public record Reply(int status, byte[] body) {}

  private final HttpClient http;
  private final Optional<HttpSignatureAuthenticator> authenticator;
  private final Duration timeout;
  private final int maxResponseBytes;
  private final Executor executor;

  /** A poster over {@code http}; without an authenticator requests go anonymously. */
  public AuthenticatedHttp(HttpClient http, Optional<HttpSignatureAuthenticator> authenticator,
      Duration timeout, int maxResponseBytes, Executor executor) {
    this.http = http;
    this.authenticator = authenticator;
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
    this.executor = executor;
  }

  /** POSTs {@code body} as JSON to {@code target}. Fails with {@code FETCH_FAILED}. */
  public CompletableFuture<Reply> post(URI target, byte[] body) {
    return send("POST", target, Optional.of(body));
  }

  /**
   * Sends {@code method} to {@code target}, with {@code body} as JSON if present, authenticated
   * as for {@link #post}. Fails with {@code FETCH_FAILED}.
   */
  public CompletableFuture<Reply> send(String method, URI target, Optional<byte[]> body) {
    Optional<String> bearer = authenticator.flatMap(a -> a.bearerHeader(target));
    return send(method, target, body, bearer).thenCompose(reply -> {
      if (reply.response().statusCode() == 401 && authenticator.isPresent()) {
        return send(method, target, body, Optional.empty()).thenApply(SentReply::reply);
      }
      return CompletableFuture.completedFuture(reply.reply());
    });
  }

  private record SentReply(HttpResponse<byte[]> response, Reply reply) {}

  private CompletableFuture<SentReply> send(String method, URI target, Optional<byte[]> body, Optional<String> bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(target)
        .header("Accept", "application/json")
        .method(method, body.map(HttpRequest.BodyPublishers::ofByteArray).orElseGet(HttpRequest.BodyPublishers::noBody));
    if (body.isPresent()) {
      request.header("Content-Type", "application/json");
    }
    if (bearer.isPresent()) {
      request.header("Authorization", bearer.get());
    } else {
      byte[] signed = body.orElse(new byte[0]);
      authenticator.ifPresent(a -> a.sign(method, target, signed).forEach(request::header));
    }
    return withTimeout(http.sendAsync(request.build(), LimitedBody.handler(maxResponseBytes)))
        .thenApplyAsync(response -> {
          authenticator.ifPresent(a -> a.acceptResponse(target, response.headers().map()));
          return new SentReply(response, new Reply(response.statusCode(), response.body()));
        }, executor)
        .exceptionallyCompose(t -> CompletableFuture.failedFuture(failure(target, t)));
  }

  /**
   * The response, or an {@link HttpTimeoutException} after the timeout, when the exchange is
   * cancelled. Not {@code HttpRequest.timeout}: the JDK client registers that timer with its
   * selector thread and wakes it up for every request, one more thread switch per call.
   */
  private <T> CompletableFuture<T> withTimeout(CompletableFuture<T> sent) {
    CompletableFuture<T> bounded = new CompletableFuture<>();
    sent.whenComplete((r, t) -> {
      if (t != null) {
        bounded.completeExceptionally(t);
      } else {
        bounded.complete(r);
      }
    });
    bounded.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((r, t) -> {
      if (t instanceof TimeoutException) {
        sent.cancel(true); // aborts the exchange (JDK 16+)
      }
    });
    return bounded.exceptionallyCompose(t -> t instanceof TimeoutException
        ? CompletableFuture.failedFuture(new HttpTimeoutException("request timed out"))
        : CompletableFuture.failedFuture(t));
  }

  private static Throwable failure(URI target, Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof ApplicationException) {
      return cause;
    }
    return new ApplicationException(
        ApplicationError.FETCH_FAILED, "request to " + target + ": " + cause.getClass().getSimpleName(), cause);
  }
}
