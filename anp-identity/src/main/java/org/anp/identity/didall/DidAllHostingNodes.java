package org.anp.identity.didall;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.json.StrictJson;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.ResolutionContext;

/**
 * Resolves did:all DIDs from a configured list of hosting nodes (spec/identity.md 2.4: the node
 * list that the spec leaves to "distributed storage" is configuration here). All nodes are asked
 * at once with {@code GET <node>/v1/did/<DID percent-encoded as one segment>}, through the
 * resolution context's fetcher; the first document that {@link DidAllDocumentVerifier} accepts
 * for the requested DID (address derived from the key, proof valid, same id) wins, so a node
 * that serves a forged or stale document cannot win against one that serves the real one.
 *
 * <p>Failures: when every node failed, the most telling error is reported: a document that did
 * not verify ({@code INVALID_PROOF}, {@code KEY_BINDING_MISMATCH}, {@code INVALID_DOCUMENT}, ...)
 * over {@code DID_NOT_FOUND} over {@code RESOLUTION_TIMEOUT} over {@code RESOLUTION_FAILED}. If
 * no node answered with a valid document within {@link Builder#timeout}, the future fails with
 * {@code RESOLUTION_TIMEOUT}. The future always completes.
 *
 * <p>Register it instead of the default did:all method with {@code
 * DidResolver.builder().method(DidAllHostingNodes.builder().node(...).build())}. Immutable and
 * thread-safe.
 */
public final class DidAllHostingNodes implements DidMethod {
  private final List<URI> nodes;
  private final Duration timeout;

  private DidAllHostingNodes(List<URI> nodes, Duration timeout) {
    this.nodes = nodes;
    this.timeout = timeout;
  }

  /** A builder; at least one node is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The node base URIs, in the order given. */
  public List<URI> nodes() {
    return nodes;
  }

  @Override
  public String methodName() {
    return "all";
  }

  @Override
  public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(context, "context");
    DidAll expected;
    try {
      expected = DidAll.parse(did.toString());
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<DidDocument> result = new CompletableFuture<>();
    AtomicInteger remaining = new AtomicInteger(nodes.size());
    List<IdentityException> failures = new ArrayList<>();
    String segment = URLEncoder.encode(did.toString(), StandardCharsets.UTF_8).replace("+", "%20");
    int limit = context.maxDocumentBytes();
    for (URI node : nodes) {
      CompletableFuture<byte[]> fetch;
      try {
        fetch = context.fetcher().fetch(node.resolve("v1/did/" + segment), limit);
      } catch (RuntimeException e) {
        fetch = CompletableFuture.failedFuture(e);
      }
      fetch
          .thenApply(
              bytes -> {
                DidAllDocumentVerifier.verify(StrictJson.parse(bytes, limit), expected);
                return DidDocument.parse(bytes, limit);
              })
          .whenComplete(
              (document, failure) -> {
                if (document != null) {
                  result.complete(document);
                  return;
                }
                synchronized (failures) {
                  failures.add(asIdentityException(failure, node));
                }
                if (remaining.decrementAndGet() == 0) {
                  synchronized (failures) {
                    result.completeExceptionally(mostSpecific(failures));
                  }
                }
              });
    }
    CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .execute(
            () ->
                result.completeExceptionally(
                    new IdentityException(
                        IdentityError.RESOLUTION_TIMEOUT,
                        "did:all: no hosting node answered with a valid document within " + timeout)));
    return result;
  }

  private static IdentityException asIdentityException(Throwable failure, URI node) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (t instanceof IdentityException e) {
      return e;
    }
    return new IdentityException(
        IdentityError.RESOLUTION_FAILED, "did:all: hosting node " + node + " failed", t);
  }

  /** Document errors first, then not-found, then timeouts, then other failures. */
  private static IdentityException mostSpecific(List<IdentityException> failures) {
    IdentityException best = failures.get(0);
    for (IdentityException e : failures) {
      if (rank(e) < rank(best)) {
        best = e;
      }
    }
    return best;
  }

  private static int rank(IdentityException e) {
    return switch (e.code()) {
      case DID_NOT_FOUND -> 1;
      case RESOLUTION_TIMEOUT -> 2;
      case RESOLUTION_FAILED -> 3;
      default -> 0;
    };
  }

  /** Configures {@link DidAllHostingNodes}. Not thread-safe. */
  public static final class Builder {
    private final List<URI> nodes = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Adds a hosting node by its base URI ({@code https://node.example/}; a path is kept, so a
     * node under {@code https://host/anp/} is asked at {@code https://host/anp/v1/did/...}).
     *
     * @throws IllegalArgumentException for a URI that is not absolute http(s) with a host, or has
     *     a query or fragment
     */
    public Builder node(URI base) {
      Objects.requireNonNull(base, "base");
      String scheme = base.getScheme();
      if (!base.isAbsolute() || base.getHost() == null
          || !("https".equals(scheme) || "http".equals(scheme))
          || base.getRawQuery() != null || base.getRawFragment() != null) {
        throw new IllegalArgumentException("node must be an absolute http(s) URI with a host: " + base);
      }
      String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
      nodes.add(base.resolve(path.endsWith("/") ? path : path + "/"));
      return this;
    }

    /** Longest time to wait for a valid document; default 10 seconds; positive. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the method.
     *
     * @throws IllegalStateException without a node
     */
    public DidAllHostingNodes build() {
      if (nodes.isEmpty()) {
        throw new IllegalStateException("at least one node(...) is required");
      }
      return new DidAllHostingNodes(List.copyOf(nodes), timeout);
    }
  }
}
