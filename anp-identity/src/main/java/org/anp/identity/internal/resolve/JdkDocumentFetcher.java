package org.anp.identity.internal.resolve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.spi.DocumentFetcher;

/**
 * A {@link DocumentFetcher} on the JDK HTTP client. HTTPS only, unless built to allow plain HTTP to
 * the loopback host for tests. Redirects are not followed. Thread-safe.
 */
public final class JdkDocumentFetcher implements DocumentFetcher {
  private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private final HttpClient client;
  private final Duration timeout;
  private final boolean allowLoopbackHttp;

  public JdkDocumentFetcher(Duration timeout, boolean allowLoopbackHttp) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    this.allowLoopbackHttp = allowLoopbackHttp;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public CompletableFuture<byte[]> fetch(URI uri, int maxBytes) {
    Objects.requireNonNull(uri, "uri");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    Optional<String> refusal = refusal(uri);
    if (refusal.isPresent()) {
      return CompletableFuture.failedFuture(
          new IdentityException(IdentityError.RESOLUTION_FAILED, "uri: " + refusal.get()));
    }
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(uri)
              .GET()
              .timeout(timeout)
              .header("Accept", "application/json")
              .build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new IdentityException(IdentityError.RESOLUTION_FAILED, "uri: not a usable HTTP URL", e));
    }
    HttpResponse.BodyHandler<byte[]> handler =
        info -> info.statusCode() == 200
            ? new LimitedBodySubscriber(maxBytes, info.headers().firstValueAsLong("content-length").orElse(-1))
            : HttpResponse.BodySubscribers.replacing(new byte[0]);
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    client
        .sendAsync(request, handler)
        // Covers a body that trickles in after the headers, which the request timeout does not.
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((response, err) -> {
          if (err != null) {
            result.completeExceptionally(translate(uri, err));
          } else if (response.statusCode() == 200) {
            result.complete(response.body());
          } else if (response.statusCode() == 404 || response.statusCode() == 410) {
            result.completeExceptionally(
                new IdentityException(
                    IdentityError.DID_NOT_FOUND, "uri: " + uri + " answered HTTP " + response.statusCode()));
          } else {
            result.completeExceptionally(
                new IdentityException(
                    IdentityError.RESOLUTION_FAILED, "uri: " + uri + " answered HTTP " + response.statusCode()));
          }
        });
    return result;
  }

  // Returns why the URL is refused, or empty when it may be fetched.
  private Optional<String> refusal(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.of("no host in " + uri);
    }
    if (scheme.equals("https")) {
      return Optional.empty();
    }
    if (scheme.equals("http")) {
      if (allowLoopbackHttp && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
        return Optional.empty();
      }
      return Optional.of("only https URLs may be fetched (plain http is refused"
          + (allowLoopbackHttp ? " except to the loopback host)" : ")"));
    }
    return Optional.of("only https URLs may be fetched, not scheme '" + scheme + "'");
  }

  private IdentityException translate(URI uri, Throwable err) {
    Throwable cause = err;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof IdentityException) {
      return (IdentityException) cause;
    }
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      return new IdentityException(
          IdentityError.RESOLUTION_TIMEOUT, "uri: " + uri + " did not answer within " + timeout, cause);
    }
    if (cause instanceof IOException) {
      return new IdentityException(
          IdentityError.RESOLUTION_FAILED, "uri: fetching " + uri + " failed: " + cause.getClass().getSimpleName(), cause);
    }
    return new IdentityException(
        IdentityError.RESOLUTION_FAILED, "uri: fetching " + uri + " failed: " + cause.getClass().getName(), cause);
  }
}
