package org.anp.identity.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didkey.DidKey;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.DocumentFetcher;
import org.anp.identity.spi.ResolutionContext;
import org.junit.jupiter.api.Test;

class DidResolverTest {
  private static final Did ED = Did.parse("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
  private static final Did X = Did.parse("did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW");
  private static final Did K1 = Did.parse("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme");

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A did:key method whose behaviour per call is scripted, counting calls per DID. */
  static final class ScriptedMethod implements DidMethod {
    final Map<Did, AtomicInteger> calls = new ConcurrentHashMap<>();
    final AtomicReference<ResolutionContext> lastContext = new AtomicReference<>();
    volatile Function<Did, CompletableFuture<DidDocument>> behaviour =
        did -> CompletableFuture.completedFuture(DidKey.document(did));

    @Override
    public String methodName() {
      return "key";
    }

    @Override
    public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
      calls.computeIfAbsent(did, d -> new AtomicInteger()).incrementAndGet();
      lastContext.set(context);
      return behaviour.apply(did);
    }

    int calls(Did did) {
      AtomicInteger n = calls.get(did);
      return n == null ? 0 : n.get();
    }
  }

  private static IdentityException failure(CompletableFuture<?> f) {
    Throwable t = f.handle((v, e) -> e).join();
    assertThat(t).as("the future failed with the IdentityException itself").isInstanceOf(IdentityException.class);
    return (IdentityException) t;
  }

  @Test
  void cacheHitAvoidsSecondResolution() {
    ScriptedMethod method = new ScriptedMethod();
    DidResolver resolver = DidResolver.builder().method(method).build();
    DidDocument first = resolver.resolve(ED).join();
    DidDocument second = resolver.resolve(ED.toString()).join();
    assertThat(second).isSameAs(first);
    assertThat(method.calls(ED)).isEqualTo(1);
    assertThat(first.id()).isEqualTo(ED);
  }

  @Test
  void entriesExpireAfterTheTtlOnTheInjectedClock() {
    ManualClock clock = new ManualClock();
    ScriptedMethod method = new ScriptedMethod();
    DidResolver resolver =
        DidResolver.builder().method(method).clock(clock).cacheTtl(Duration.ofMinutes(5)).build();
    resolver.resolve(ED).join();
    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    resolver.resolve(ED).join();
    assertThat(method.calls(ED)).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    resolver.resolve(ED).join();
    assertThat(method.calls(ED)).isEqualTo(2);
  }

  @Test
  void failuresAreNotCachedWithoutANegativeTtlAndArriveUnwrapped() throws Exception {
    ScriptedMethod method = new ScriptedMethod();
    method.behaviour =
        did -> CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "gone"));
    DidResolver resolver = DidResolver.builder().method(method).negativeCacheTtl(Duration.ZERO).build();
    assertThat(failure(resolver.resolve(ED)).code()).isEqualTo(IdentityError.DID_NOT_FOUND);
    assertThatThrownBy(() -> resolver.resolve(ED).get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IdentityException.class);
    method.behaviour = did -> CompletableFuture.completedFuture(DidKey.document(did));
    assertThat(resolver.resolve(ED).get().id()).isEqualTo(ED);
    assertThat(method.calls(ED)).isEqualTo(3);
  }

  @Test
  void cacheIsBoundedInSizeLeastRecentlyUsedFirst() {
    ScriptedMethod method = new ScriptedMethod();
    DidResolver resolver = DidResolver.builder().method(method).cacheSize(2).build();
    resolver.resolve(ED).join();
    resolver.resolve(X).join();
    resolver.resolve(ED).join(); // X is now the least recently used
    resolver.resolve(K1).join(); // evicts X
    resolver.resolve(ED).join();
    resolver.resolve(K1).join();
    assertThat(method.calls(ED)).isEqualTo(1);
    assertThat(method.calls(K1)).isEqualTo(1);
    resolver.resolve(X).join();
    assertThat(method.calls(X)).isEqualTo(2);
  }

  @Test
  void cacheSizeZeroDisablesCaching() {
    ScriptedMethod method = new ScriptedMethod();
    DidResolver resolver = DidResolver.builder().method(method).cacheSize(0).build();
    resolver.resolve(ED).join();
    resolver.resolve(ED).join();
    assertThat(method.calls(ED)).isEqualTo(2);
  }

  @Test
  void methodThatNeverCompletesTimesOut() {
    ScriptedMethod method = new ScriptedMethod();
    method.behaviour = did -> new CompletableFuture<>();
    DidResolver resolver = DidResolver.builder().method(method).timeout(Duration.ofMillis(100))
        .negativeCacheTtl(Duration.ZERO).build();
    IdentityException e = failure(resolver.resolve(ED));
    assertThat(e.code()).isEqualTo(IdentityError.RESOLUTION_TIMEOUT);
    assertThat(e.getMessage()).contains(ED.toString());
    // The timed-out resolution is not left in flight: the next call asks the method again.
    method.behaviour = did -> CompletableFuture.completedFuture(DidKey.document(did));
    assertThat(resolver.resolve(ED).join().id()).isEqualTo(ED);
    assertThat(method.calls(ED)).isEqualTo(2);
  }

  @Test
  void unknownMethodAndMalformedDid() {
    DidResolver resolver = DidResolver.builder().method(new ScriptedMethod()).build();
    assertThat(failure(resolver.resolve(Did.parse("did:web:example.com"))).code())
        .isEqualTo(IdentityError.METHOD_NOT_SUPPORTED);
    assertThat(failure(resolver.resolve("did:web")).code()).isEqualTo(IdentityError.INVALID_DID);
  }

  @Test
  void methodFailuresOfOtherKindsAreTranslated() {
    ScriptedMethod method = new ScriptedMethod();
    DidResolver resolver = DidResolver.builder().method(method).build();
    method.behaviour = did -> { throw new IllegalStateException("bug in method"); };
    assertThat(failure(resolver.resolve(ED)).code()).isEqualTo(IdentityError.RESOLUTION_FAILED);
    method.behaviour = did -> CompletableFuture.failedFuture(new java.io.IOException("reset"));
    assertThat(failure(resolver.resolve(ED)).code()).isEqualTo(IdentityError.RESOLUTION_FAILED);
    method.behaviour = did -> null;
    assertThat(failure(resolver.resolve(ED)).code()).isEqualTo(IdentityError.RESOLUTION_FAILED);
    method.behaviour = did -> CompletableFuture.completedFuture(null);
    assertThat(failure(resolver.resolve(ED)).code()).isEqualTo(IdentityError.RESOLUTION_FAILED);
  }

  @Test
  void documentForAnotherDidIsRejected() {
    ScriptedMethod method = new ScriptedMethod();
    method.behaviour = did -> CompletableFuture.completedFuture(DidKey.document(X));
    DidResolver resolver = DidResolver.builder().method(method).build();
    IdentityException e = failure(resolver.resolve(ED));
    assertThat(e.code()).isEqualTo(IdentityError.INVALID_DOCUMENT);
    assertThat(e.getMessage()).contains("does not match");
  }

  @Test
  void concurrentResolutionsOfOneDidShareOneCall() throws Exception {
    ScriptedMethod method = new ScriptedMethod();
    CompletableFuture<DidDocument> pending = new CompletableFuture<>();
    method.behaviour = did -> pending;
    DidResolver resolver = DidResolver.builder().method(method).build();
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CompletableFuture<DidDocument>>> calls = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        calls.add(pool.submit(() -> {
          start.await();
          return resolver.resolve(ED);
        }));
      }
      start.countDown();
      List<CompletableFuture<DidDocument>> futures = new ArrayList<>();
      for (Future<CompletableFuture<DidDocument>> c : calls) {
        futures.add(c.get(5, TimeUnit.SECONDS));
      }
      assertThat(futures).noneMatch(CompletableFuture::isDone);
      // One caller giving up does not disturb the others.
      futures.get(0).cancel(true);
      DidDocument doc = DidKey.document(ED);
      pending.complete(doc);
      for (CompletableFuture<DidDocument> f : futures.subList(1, futures.size())) {
        assertThat(f.get(5, TimeUnit.SECONDS)).isSameAs(doc);
      }
      assertThat(method.calls(ED)).isEqualTo(1);
      assertThat(resolver.resolve(ED).join()).isSameAs(doc);
      assertThat(method.calls(ED)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void methodsSeeTheConfiguredContext() {
    ManualClock clock = new ManualClock();
    ScriptedMethod method = new ScriptedMethod();
    DocumentFetcher fetcher = (uri, max) -> CompletableFuture.completedFuture(new byte[0]);
    DidResolver.builder().method(method).clock(clock).fetcher(fetcher).maxDocumentBytes(1234).build().resolve(ED).join();
    ResolutionContext context = method.lastContext.get();
    assertThat(context.fetcher()).isSameAs(fetcher);
    assertThat(context.clock()).isSameAs(clock);
    assertThat(context.maxDocumentBytes()).isEqualTo(1234);
  }

  @Test
  void serviceLoaderFindsDidKey() {
    DidResolver resolver = DidResolver.builder().methodsFromServiceLoader().build();
    DidDocument doc = resolver.resolve(ED.toString()).join();
    assertThat(doc.id()).isEqualTo(ED);
    assertThat(doc.verificationMethods().get(0).publicKey()).isEqualTo(DidKey.publicKey(ED));
  }

  @Test
  void explicitMethodWinsOverDiscoveredOne() {
    ScriptedMethod method = new ScriptedMethod();
    DidResolver resolver = DidResolver.builder().methodsFromServiceLoader().method(method).build();
    resolver.resolve(ED).join();
    assertThat(method.calls(ED)).isEqualTo(1);
  }

  @Test
  void builderRejectsProgrammingErrors() {
    assertThatThrownBy(() -> DidResolver.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DidResolver.builder().method(new ScriptedMethod()).method(new ScriptedMethod()).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidResolver.builder().timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidResolver.builder().cacheTtl(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidResolver.builder().cacheSize(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidResolver.builder().maxDocumentBytes(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidResolver.builder().method(null)).isInstanceOf(NullPointerException.class);
  }
}
