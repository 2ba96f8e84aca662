package org.anp.identity.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.PrometheusText;
import org.anp.identity.spi.DocumentFetcher;
import org.anp.identity.wba.DidWba;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, attack 6 (resolver side): a peer that names DIDs chooses the hosts this resolver
 * contacts. A real HTTP server on loopback counts the requests it receives.
 */
class OutboundLookupLimitsTest {
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger slowArrived = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final CountDownLatch twoSlowArrived = new CountDownLatch(2);
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T12:00:00Z"));
  private final Clock clock = new Clock() {
    @Override public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override public Instant instant() {
      return now.get();
    }
  };
  private HttpServer server;
  private ExecutorService pool;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    pool = Executors.newFixedThreadPool(16);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String path = ex.getRequestURI().getPath();
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    if (path.startsWith("/slow/")) {
      slowArrived.incrementAndGet();
      twoSlowArrived.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] body = documents.get(path);
    inFlight.decrementAndGet();
    if (body == null) {
      ex.sendResponseHeaders(404, -1);
    } else {
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  private Did did(String path) {
    return DidWbaIdentity.builder().host("localhost").port(server.getAddress().getPort()).path(path).build().did();
  }

  @Test
  void failedLookupsAreCachedForTheNegativeTtl() {
    DidResolver resolver = DidResolver.builder().insecureLoopbackHttp().clock(clock).build();
    DidWbaIdentity late = DidWbaIdentity.builder().host("localhost").port(server.getAddress().getPort())
        .path("u/missing").build();
    Did missing = late.did();
    for (int i = 0; i < 50; i++) {
      assertThat(code(resolver.resolve(missing))).isEqualTo(IdentityError.DID_NOT_FOUND);
    }
    assertThat(requests.get()).as("one lookup for 50 resolutions").isEqualTo(1);
    now.set(now.get().plusSeconds(29));
    assertThat(code(resolver.resolve(missing))).isEqualTo(IdentityError.DID_NOT_FOUND);
    assertThat(requests.get()).isEqualTo(1);
    now.set(now.get().plusSeconds(1));
    documents.put(DidWba.parse(missing).documentUrl().getPath(), late.document().toBytes());
    assertThat(resolver.resolve(missing).join().id()).isEqualTo(missing);
    assertThat(requests.get()).isEqualTo(2);
  }

  @Test
  void negativeCachingCanBeTurnedOff() {
    DidResolver resolver = DidResolver.builder().insecureLoopbackHttp().negativeCacheTtl(Duration.ZERO).build();
    Did missing = did("u/missing");
    for (int i = 0; i < 3; i++) {
      assertThat(code(resolver.resolve(missing))).isEqualTo(IdentityError.DID_NOT_FOUND);
    }
    assertThat(requests.get()).isEqualTo(3);
  }

  @Test
  void concurrentLookupsToOneHostAreBounded() throws Exception {
    MetricsRegistry metrics = MetricsRegistry.create();
    DidResolver resolver = DidResolver.builder().insecureLoopbackHttp().maxConcurrentLookupsPerHost(2)
        .maxQueuedLookups(8).metrics(metrics).build();
    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      calls.add(resolver.resolve(did("slow/d" + i)));
    }
    assertThat(twoSlowArrived.await(30, TimeUnit.SECONDS)).isTrue();
    int refused = 0;
    for (CompletableFuture<?> c : calls) {
      if (c.isDone()) {
        assertThat(code(c)).isEqualTo(IdentityError.RESOLUTION_REFUSED);
        refused++;
      }
    }
    assertThat(refused).as("2 running, 8 waiting, the rest refused at once").isEqualTo(30);
    release.countDown();
    for (CompletableFuture<?> c : calls) {
      c.handle((v, e) -> null).get(30, TimeUnit.SECONDS);
    }
    assertThat(slowArrived.get()).isEqualTo(10);
    assertThat(requests.get()).as("requests the host received").isEqualTo(10);
    assertThat(maxInFlight.get()).as("requests in flight at the host at once").isEqualTo(2);
    assertThat(PrometheusText.render(metrics)).contains("anp_limit_refusals_total{limit=\"document_fetch_busy\"} 30");
    // refusals are not cached: once the host is free, the same DID is looked up again
    assertThat(code(resolver.resolve(did("slow/d39")))).isEqualTo(IdentityError.DID_NOT_FOUND);
    assertThat(requests.get()).isEqualTo(11);
  }

  @Test
  void hostsResolvingToInternalAddressesAreRefusedUnlessAllowed() {
    DocumentFetcher publicOnly = DocumentFetchers.https();
    for (String host : List.of("localhost", "127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "[::1]", "[fd00::1]", "[fe80::1]")) {
      IdentityException e = failure(publicOnly.fetch(URI.create("https://" + host + "/did.json"), 1024));
      assertThat(e.code()).as(host).isEqualTo(IdentityError.RESOLUTION_REFUSED);
      assertThat(e.getMessage()).contains("internal address");
    }
    // the loopback option reaches loopback addresses only
    DocumentFetcher loopback = DocumentFetchers.insecureAllowLoopbackHttp();
    assertThat(failure(loopback.fetch(URI.create("https://10.1.2.3/did.json"), 1024)).code())
        .isEqualTo(IdentityError.RESOLUTION_REFUSED);
    documents.put("/doc", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    int port = server.getAddress().getPort();
    assertThat(loopback.fetch(URI.create("http://localhost:" + port + "/doc"), 1024).join()).hasSize(2);
    // allowPrivateAddresses lets the lookup through to the loopback server (which speaks no TLS)
    DocumentFetcher inside = DocumentFetchers.builder().allowPrivateAddresses().timeout(Duration.ofSeconds(5)).build();
    assertThat(failure(inside.fetch(URI.create("https://localhost:" + port + "/doc"), 1024)).code())
        .isNotEqualTo(IdentityError.RESOLUTION_REFUSED);
    // a resolver without the loopback option never contacts a localhost DID's host
    int before = requests.get();
    assertThat(code(DidResolver.builder().methodsFromServiceLoader().build().resolve(did("u/a")))).isEqualTo(IdentityError.RESOLUTION_REFUSED);
    assertThat(requests.get()).isEqualTo(before);
  }

  private static IdentityException failure(CompletableFuture<?> f) {
    Throwable t = f.handle((v, e) -> e).orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(t).isInstanceOf(IdentityException.class);
    return (IdentityException) t;
  }

  private static IdentityError code(CompletableFuture<?> f) {
    return failure(f).code();
  }
}
