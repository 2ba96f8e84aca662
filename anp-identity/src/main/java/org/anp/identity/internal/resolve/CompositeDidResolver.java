package org.anp.identity.internal.resolve;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.ResolutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default resolver: dispatch by method name, an LRU cache bounded in size and age (failures
 * kept for the shorter negative TTL, except this resolver's own refusals), one shared in-flight
 * resolution per DID, and a timeout per resolution. Thread-safe.
 */
public final class CompositeDidResolver implements DidResolver {
  private static final Logger log = LoggerFactory.getLogger(CompositeDidResolver.class);

  private final Map<String, DidMethod> methods;
  private final ResolutionContext context;
  private final int cacheSize;
  private final Duration cacheTtl;
  private final Duration negativeTtl;
  private final Duration timeout;
  private final Clock clock;
  private final LinkedHashMap<Did, CacheEntry> cache;
  private final ConcurrentHashMap<Did, CompletableFuture<DidDocument>> inFlight = new ConcurrentHashMap<>();

  // Exactly one of document and failure is set.
  private record CacheEntry(DidDocument document, IdentityException failure, Instant expiresAt) {}

  public CompositeDidResolver(
      Map<String, DidMethod> methods,
      ResolutionContext context,
      int cacheSize,
      Duration cacheTtl,
      Duration negativeTtl,
      Duration timeout,
      Clock clock) {
    this.methods = Map.copyOf(methods);
    this.context = context;
    this.cacheSize = cacheSize;
    this.cacheTtl = cacheTtl;
    this.negativeTtl = negativeTtl;
    this.timeout = timeout;
    this.clock = clock;
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Did, CacheEntry> eldest) {
            return size() > CompositeDidResolver.this.cacheSize;
          }
        };
  }

  @Override
  public CompletableFuture<DidDocument> resolve(Did did) {
    Objects.requireNonNull(did, "did");
    DidMethod method = methods.get(did.method());
    if (method == null) {
      return CompletableFuture.failedFuture(
          new IdentityException(
              IdentityError.METHOD_NOT_SUPPORTED, "did: no DID method registered for '" + did.method() + "'"));
    }
    Optional<CacheEntry> cached = cached(did);
    if (cached.isPresent()) {
      IdentityException failure = cached.get().failure();
      return failure == null
          ? CompletableFuture.completedFuture(cached.get().document())
          : CompletableFuture.failedFuture(new IdentityException(
              failure.code(), failure.getMessage() + " (a cached failure)"));
    }
    CompletableFuture<DidDocument> shared = new CompletableFuture<>();
    CompletableFuture<DidDocument> running = inFlight.putIfAbsent(did, shared);
    if (running != null) {
      return view(running);
    }
    start(method, did, shared);
    return view(shared);
  }

  private void start(DidMethod method, Did did, CompletableFuture<DidDocument> shared) {
    CompletableFuture<DidDocument> call;
    try {
      call = method.resolve(did, context);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    if (call == null) {
      call = CompletableFuture.failedFuture(
          new IdentityException(IdentityError.RESOLUTION_FAILED, "did:" + did.method() + " method returned no future"));
    }
    // The timeout goes on a dependent future, so the method's own future is left alone.
    CompletableFuture<DidDocument> timed = new CompletableFuture<>();
    call.whenComplete((doc, err) -> {
      if (err != null) {
        timed.completeExceptionally(err);
      } else {
        timed.complete(doc);
      }
    });
    timed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    timed.whenComplete((doc, err) -> {
      try {
        finish(did, shared, doc, err);
      } catch (RuntimeException | Error e) {
        // Whatever goes wrong here, the callers' futures must still complete.
        inFlight.remove(did, shared);
        shared.completeExceptionally(e);
      }
    });
  }

  private void finish(Did did, CompletableFuture<DidDocument> shared, DidDocument doc, Throwable err) {
    if (err == null && doc == null) {
      err = new IdentityException(IdentityError.RESOLUTION_FAILED, "did:" + did.method() + " method returned null");
    } else if (err == null && !doc.id().equals(did)) {
      err = new IdentityException(
          IdentityError.INVALID_DOCUMENT,
          "id: document id '" + doc.id() + "' does not match the requested DID '" + did + "'");
    }
    if (err == null) {
      store(did, doc);
      inFlight.remove(did, shared);
      shared.complete(doc);
    } else {
      inFlight.remove(did, shared);
      IdentityException failure = translate(did, err);
      log.debug("resolution of {} failed: {}", did, failure.code());
      if (failure.code() != IdentityError.RESOLUTION_REFUSED && !negativeTtl.isZero()) {
        put(did, new CacheEntry(null, failure, clock.instant().plus(negativeTtl)));
      }
      shared.completeExceptionally(failure);
    }
  }

  private IdentityException translate(Did did, Throwable err) {
    Throwable cause = err;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof IdentityException) {
      return (IdentityException) cause;
    }
    if (cause instanceof TimeoutException) {
      return new IdentityException(
          IdentityError.RESOLUTION_TIMEOUT, "did: resolving " + did + " took longer than " + timeout);
    }
    return new IdentityException(
        IdentityError.RESOLUTION_FAILED, "did: resolving " + did + " failed: " + cause.getClass().getName(), cause);
  }

  // Each caller gets its own future: cancelling or completing it does not touch the shared one.
  private static CompletableFuture<DidDocument> view(CompletableFuture<DidDocument> shared) {
    CompletableFuture<DidDocument> mine = new CompletableFuture<>();
    shared.whenComplete((doc, err) -> {
      if (err != null) {
        mine.completeExceptionally(err);
      } else {
        mine.complete(doc);
      }
    });
    return mine;
  }

  private Optional<CacheEntry> cached(Did did) {
    synchronized (cache) {
      CacheEntry entry = cache.get(did);
      if (entry == null) {
        return Optional.empty();
      }
      if (!clock.instant().isBefore(entry.expiresAt())) {
        cache.remove(did);
        return Optional.empty();
      }
      return Optional.of(entry);
    }
  }

  private void store(Did did, DidDocument doc) {
    put(did, new CacheEntry(doc, null, clock.instant().plus(cacheTtl)));
  }

  private void put(Did did, CacheEntry entry) {
    if (cacheSize == 0) {
      return;
    }
    synchronized (cache) {
      cache.put(did, entry);
    }
  }
}
