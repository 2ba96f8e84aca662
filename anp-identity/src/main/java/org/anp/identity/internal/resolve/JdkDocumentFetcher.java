package org.anp.identity.internal.resolve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.RefusalLog;
import org.anp.identity.spi.DocumentFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DocumentFetcher} on the JDK HTTP client. HTTPS only, unless built to allow plain HTTP to
 * the loopback host for tests. Redirects are not followed. Thread-safe.
 *
 * <p>Outbound lookups are bounded (issue 12, attack 6; decision 0044): at most {@code maxPerHost}
 * fetches to one host and {@code maxTotal} in all run at once, up to {@code maxQueued} more wait
 * (no longer than the timeout), and more still are refused at once with {@code
 * RESOLUTION_REFUSED}; a host name is resolved first (on a small daemon pool, never on the
 * caller's thread) and refused if an address is one the {@link AddressPolicy} forbids. The JDK
 * client resolves the name again when it connects, so a name whose DNS answer changes in between
 * (rebinding) is not caught; the check stops names that plainly point inside.
 */
public final class JdkDocumentFetcher implements DocumentFetcher {
  private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
  private static final Logger log = LoggerFactory.getLogger(JdkDocumentFetcher.class);
  private static final Executor DNS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "anp-document-fetcher-dns");
    t.setDaemon(true);
    return t;
  });

  private final HttpClient client;
  private final Duration timeout;
  private final boolean allowLoopbackHttp;
  private final AddressPolicy addresses;
  private final int maxPerHost;
  private final int maxTotal;
  private final int maxQueued;
  private final FetchScheduler scheduler;
  private final RefusalLog busyRefusals;
  private final RefusalLog addressRefusals;

  /**
   * @param addresses which addresses may be reached
   * @param maxPerHost fetches to one host at once, at least 1
   * @param maxTotal fetches at once in all, at least {@code maxPerHost}
   * @param maxQueued fetches waiting for a slot at most (0: none wait)
   * @param metrics where refusals are counted (limits {@code document_fetch_busy} and {@code
   *     document_fetch_address})
   */
  public JdkDocumentFetcher(
      Duration timeout, boolean allowLoopbackHttp, AddressPolicy addresses, int maxPerHost, int maxTotal,
      int maxQueued, MetricsRegistry metrics) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (maxPerHost < 1 || maxTotal < maxPerHost || maxQueued < 0) {
      throw new IllegalArgumentException(
          "maxPerHost must be positive and maxTotal at least maxPerHost: " + maxPerHost + ", " + maxTotal);
    }
    this.timeout = timeout;
    this.allowLoopbackHttp = allowLoopbackHttp;
    this.addresses = Objects.requireNonNull(addresses, "addresses");
    this.maxPerHost = maxPerHost;
    this.maxTotal = maxTotal;
    this.maxQueued = maxQueued;
    this.scheduler = new FetchScheduler(maxPerHost, maxTotal, maxQueued);
    Clock clock = Clock.systemUTC();
    this.busyRefusals = RefusalLog.create(log, "document_fetch_busy", clock, Duration.ofMinutes(1), metrics);
    this.addressRefusals = RefusalLog.create(log, "document_fetch_address", clock, Duration.ofMinutes(1), metrics);
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
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    long queuedAt = System.nanoTime();
    Runnable task = () -> {
      result.whenComplete((body, err) -> scheduler.done(host));
      if (System.nanoTime() - queuedAt > timeout.toNanos()) {
        result.completeExceptionally(new IdentityException(
            IdentityError.RESOLUTION_TIMEOUT, "uri: " + uri + " waited longer than " + timeout + " for a free slot"));
        return;
      }
      CompletableFuture<Void> checked = addresses == AddressPolicy.ANY
          ? CompletableFuture.completedFuture(null)
          : CompletableFuture.runAsync(() -> checkAddresses(uri, host), DNS);
      checked.whenComplete((ok, err) -> {
        if (err != null) {
          result.completeExceptionally(translate(uri, err));
        } else {
          send(uri, request, maxBytes, result);
        }
      });
    };
    if (!scheduler.submit(host, task)) {
      busyRefusals.refused(host, maxQueued + " document fetches already waiting (" + maxPerHost
          + " may run per host, " + maxTotal + " in all)");
      return CompletableFuture.failedFuture(new IdentityException(IdentityError.RESOLUTION_REFUSED,
          "uri: too many document fetches running and waiting; " + host + " not fetched"));
    }
    return result;
  }

  private void send(URI uri, HttpRequest request, int maxBytes, CompletableFuture<byte[]> result) {
    HttpResponse.BodyHandler<byte[]> handler =
        info -> info.statusCode() == 200
            ? new LimitedBodySubscriber(maxBytes, info.headers().firstValueAsLong("content-length").orElse(-1))
            : HttpResponse.BodySubscribers.replacing(new byte[0]);
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
  }

  private void checkAddresses(URI uri, String host) {
    String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(name);
    } catch (UnknownHostException e) {
      throw new IdentityException(IdentityError.RESOLUTION_FAILED, "uri: host " + host + " is not known", e);
    }
    for (InetAddress a : all) {
      if (!addresses.permits(a)) {
        addressRefusals.refused(host, "resolves to " + a.getHostAddress() + ", policy " + addresses);
        throw new IdentityException(IdentityError.RESOLUTION_REFUSED,
            "uri: " + uri + ": host " + host + " resolves to an internal address (" + a.getHostAddress()
                + "); allowPrivateAddresses() or insecureLoopbackHttp() permits it");
      }
    }
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
