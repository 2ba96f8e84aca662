package org.anp.identity.resolve;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.internal.resolve.CompositeDidResolver;
import org.anp.identity.internal.didall.DidAllMethod;
import org.anp.identity.internal.wba.DidWbaMethod;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.DocumentFetcher;
import org.anp.identity.spi.ResolutionContext;

/**
 * Resolves DIDs to documents. Implementations are thread-safe and meant to be shared.
 *
 * <p>The future never completes with {@code null} and always completes: it fails with an
 * {@link IdentityException} (never a {@code CompletionException} wrapper) coded
 * {@code METHOD_NOT_SUPPORTED}, {@code INVALID_DID}, {@code DID_NOT_FOUND},
 * {@code RESOLUTION_TIMEOUT}, {@code RESOLUTION_FAILED}, {@code INPUT_TOO_LARGE} or a document
 * error such as {@code INVALID_DOCUMENT}. The resolved document's id equals the requested DID.
 */
public interface DidResolver {

  /** Resolves {@code did}. */
  CompletableFuture<DidDocument> resolve(Did did);

  /** Parses and resolves {@code did}; a malformed DID fails the future with {@code INVALID_DID}. */
  default CompletableFuture<DidDocument> resolve(String did) {
    Objects.requireNonNull(did, "did");
    Did parsed;
    try {
      parsed = Did.parse(did);
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
    return resolve(parsed);
  }

  /** A builder of the default composite resolver. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Builds the composite resolver: dispatch by method name, a bounded TTL cache of resolutions
   * (failures too, for a shorter time, so a peer naming a dead host does not cause a lookup per
   * request), one in-flight resolution per DID shared by all concurrent callers, and a per-call
   * timeout. The default fetcher refuses hosts that resolve to internal addresses and bounds the
   * lookups per host (see {@link DocumentFetchers}; issue 12, decision 0044). Not thread-safe; the
   * built resolver is.
   */
  final class Builder {
    private final List<DidMethod> methods = new ArrayList<>();
    private boolean serviceLoader;
    private DocumentFetcher fetcher;
    private int cacheSize = 1000;
    private Duration cacheTtl = Duration.ofMinutes(5);
    private Duration timeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private int maxDocumentBytes = DidDocument.DEFAULT_MAX_BYTES;
    private Duration negativeCacheTtl = Duration.ofSeconds(30);
    private boolean loopbackHttp;
    private boolean privateAddresses;
    private int maxConcurrentLookupsPerHost = 4;
    private int maxQueuedLookups = 256;
    private MetricsRegistry metrics = MetricsRegistry.create();

    private Builder() {}

    /** Adds a method; two methods with the same name are a programming error at {@link #build()}. */
    public Builder method(DidMethod method) {
      methods.add(Objects.requireNonNull(method, "method"));
      return this;
    }

    /**
     * Also uses every {@link DidMethod} that {@link ServiceLoader} finds on the class path; a
     * method added with {@link #method} wins over a discovered one of the same name.
     */
    public Builder methodsFromServiceLoader() {
      serviceLoader = true;
      return this;
    }

    /**
     * How methods fetch documents; default a {@link DocumentFetchers#builder()} fetcher with this
     * builder's address and concurrency options (which do not apply to a fetcher set here).
     */
    public Builder fetcher(DocumentFetcher fetcher) {
      this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
      return this;
    }

    /**
     * For tests and local setups: did:wba and did:all documents of {@code localhost} are fetched
     * over plain HTTP, and the fetcher allows plain HTTP to loopback addresses only. Every other
     * check (document id, key binding, proof, size) stays as in production. Replaces any fetcher
     * set before; methods added explicitly for {@code wba} or {@code all} are an error at {@link
     * #build()}.
     */
    public Builder insecureLoopbackHttp() {
      methods.add(DidWbaMethod.insecureHttpForLoopback());
      methods.add(DidAllMethod.insecureHttpForLoopback());
      fetcher = null;
      loopbackHttp = true;
      return this;
    }

    /**
     * Documents may be fetched from hosts that resolve to loopback, private, link-local or
     * unique-local addresses (a resolver inside a private network). Off by default, since the
     * peers that name DIDs choose the hosts. Applies to the default fetcher only.
     */
    public Builder allowPrivateAddresses() {
      privateAddresses = true;
      return this;
    }

    /**
     * Lookups of the default fetcher running at once to one host; default 4 (64 in all). More
     * wait, see {@link #maxQueuedLookups}.
     */
    public Builder maxConcurrentLookupsPerHost(int lookups) {
      if (lookups < 1) {
        throw new IllegalArgumentException("maxConcurrentLookupsPerHost must be positive: " + lookups);
      }
      this.maxConcurrentLookupsPerHost = lookups;
      return this;
    }

    /**
     * Lookups of the default fetcher that may wait for a slot (each at most the fetch timeout);
     * default 256. Past it, lookups are refused at once ({@code RESOLUTION_REFUSED}), and such a
     * refusal is not cached.
     */
    public Builder maxQueuedLookups(int lookups) {
      if (lookups < 0) {
        throw new IllegalArgumentException("maxQueuedLookups must not be negative: " + lookups);
      }
      this.maxQueuedLookups = lookups;
      return this;
    }

    /**
     * How long a failed resolution is answered from the cache without a new lookup; default 30
     * seconds; zero disables. Refusals of this resolver's own limits ({@code RESOLUTION_REFUSED})
     * are never cached. Shares the cache's size bound.
     */
    public Builder negativeCacheTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("negativeCacheTtl must not be negative: " + ttl);
      }
      this.negativeCacheTtl = ttl;
      return this;
    }

    /** Where the default fetcher counts its refusals; default a private registry. */
    public Builder metrics(MetricsRegistry metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Most documents kept; default 1000; 0 disables the cache. */
    public Builder cacheSize(int cacheSize) {
      if (cacheSize < 0) {
        throw new IllegalArgumentException("cacheSize must not be negative: " + cacheSize);
      }
      this.cacheSize = cacheSize;
      return this;
    }

    /** How long a resolved document is served from the cache; default 5 minutes; positive. */
    public Builder cacheTtl(Duration cacheTtl) {
      this.cacheTtl = positive(cacheTtl, "cacheTtl");
      return this;
    }

    /** Longest time one resolution may take; default 10 seconds; positive. */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /** The clock of the cache and of the methods; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Largest document a method may fetch; default {@link DidDocument#DEFAULT_MAX_BYTES}. */
    public Builder maxDocumentBytes(int maxDocumentBytes) {
      if (maxDocumentBytes < 1) {
        throw new IllegalArgumentException("maxDocumentBytes must be positive: " + maxDocumentBytes);
      }
      this.maxDocumentBytes = maxDocumentBytes;
      return this;
    }

    /**
     * Builds the resolver.
     *
     * @throws IllegalStateException if no method was added or discovered
     * @throws IllegalArgumentException if two added methods share a name
     */
    public DidResolver build() {
      Map<String, DidMethod> byName = new LinkedHashMap<>();
      for (DidMethod m : methods) {
        if (byName.putIfAbsent(m.methodName(), m) != null) {
          throw new IllegalArgumentException("two methods named '" + m.methodName() + "'");
        }
      }
      if (serviceLoader) {
        for (DidMethod m : ServiceLoader.load(DidMethod.class, DidResolver.class.getClassLoader())) {
          byName.putIfAbsent(m.methodName(), m);
        }
      }
      if (byName.isEmpty()) {
        throw new IllegalStateException("no DID method added or discovered");
      }
      DocumentFetcher f = fetcher != null ? fetcher : defaultFetcher();
      return new CompositeDidResolver(
          byName, new ResolutionContext(f, clock, maxDocumentBytes), cacheSize, cacheTtl, negativeCacheTtl,
          timeout, clock);
    }

    private DocumentFetcher defaultFetcher() {
      DocumentFetchers.Builder b = DocumentFetchers.builder()
          .maxConcurrentPerHost(maxConcurrentLookupsPerHost)
          .maxConcurrent(Math.max(64, maxConcurrentLookupsPerHost))
          .maxQueued(maxQueuedLookups)
          .metrics(metrics);
      if (loopbackHttp) {
        b.insecureAllowLoopbackHttp();
      }
      if (privateAddresses) {
        b.allowPrivateAddresses();
      }
      return b.build();
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
