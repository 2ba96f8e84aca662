package org.anp.application.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.DescriptionSigner;
import org.anp.application.description.DescriptionVerifier;
import org.anp.application.description.SecurityScheme;
import org.anp.application.description.VerifiedDescription;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DescriptionCrawlerTest {
  private static final String HOST = "hotel.test";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AgentIdentity ROOMS = identity("rooms");
  private static final AgentIdentity SPA = identity("spa");
  private static final AgentIdentity EVIL = identity("evil");
  private static final Map<String, DidDocument> DOCUMENTS =
      Map.of(
          ROOMS.did().toString(), ROOMS.document(),
          SPA.did().toString(), SPA.document(),
          EVIL.did().toString(), EVIL.document());
  private static final DidResolver RESOLVER =
      did -> {
        DidDocument doc = DOCUMENTS.get(did.toString());
        return doc != null
            ? CompletableFuture.completedFuture(doc)
            : CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "unknown " + did));
      };
  private static final DescriptionVerifier VERIFIER =
      DescriptionVerifier.builder().resolver(RESOLVER).clock(CLOCK).build();
  private static final ExecutorService POOL = Executors.newFixedThreadPool(4);

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  private static AgentIdentity identity(String path) {
    return AgentIdentity.from(
        DidWbaIdentity.builder().host(HOST).path(path).keyType(KeyType.SECP256R1).clock(CLOCK).random(RANDOM).build());
  }

  private static byte[] signed(AgentIdentity id, String name) {
    AgentDescription d =
        AgentDescription.builder(name)
            .securityDefinition("didwba_sc", SecurityScheme.didWbaHeader())
            .security(List.of("didwba_sc"))
            .build();
    return bytes(DescriptionSigner.builder(id).domain(HOST).clock(CLOCK).random(RANDOM).build().sign(d).receivedJson());
  }

  private static byte[] bytes(ObjectNode json) {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static URI url(String path) {
    return URI.create("https://" + HOST + path);
  }

  private static byte[] page(String path, Optional<String> next, String... itemPaths) {
    List<CollectionItem> items = new ArrayList<>();
    for (String p : itemPaths) {
      items.add(new CollectionItem(p, p.startsWith("https://") ? URI.create(p) : url(p)));
    }
    return bytes(CollectionPage.of(url(path), items, next.map(n -> n.startsWith("https://") ? URI.create(n) : url(n))).toJson());
  }

  /** Serves a map of documents, counting every fetch; unknown URLs fail like a 404. */
  static final class MemoryFetcher implements DiscoveryFetcher {
    final Map<URI, byte[]> documents = new ConcurrentHashMap<>();
    final Map<URI, AtomicInteger> fetches = new ConcurrentHashMap<>();
    Function<URI, byte[]> fallback = u -> null;
    boolean async;

    @Override
    public CompletableFuture<byte[]> fetch(URI url, int maxBytes) {
      fetches.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
      byte[] body = documents.get(url);
      if (body == null) {
        body = fallback.apply(url);
      }
      if (body == null) {
        return CompletableFuture.failedFuture(new ApplicationException(ApplicationError.FETCH_FAILED, "404 " + url));
      }
      byte[] result = body;
      return async ? CompletableFuture.supplyAsync(() -> result, POOL) : CompletableFuture.completedFuture(result);
    }

    int fetchesOf(String path) {
      AtomicInteger n = fetches.get(url(path));
      return n == null ? 0 : n.get();
    }
  }

  private final MemoryFetcher fetcher = new MemoryFetcher();

  private DescriptionCrawler.Builder crawler() {
    return DescriptionCrawler.builder().fetcher(fetcher).verifier(VERIFIER);
  }

  private static CrawlResult await(CompletableFuture<CrawlResult> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private static final String FIRST = CollectionPage.WELL_KNOWN_PATH;
  private static final String SECOND = CollectionPage.WELL_KNOWN_PATH + "?page=2";

  @Test
  void followsNextAndKeepsOnlyVerifiedDescriptions() throws Exception {
    fetcher.documents.put(url(FIRST), page(FIRST, Optional.of(SECOND), "/rooms/ad.json", "/impostor/ad.json", "/tampered/ad.json"));
    fetcher.documents.put(url(SECOND), page(SECOND, Optional.empty(), "/spa/ad.json", "/rooms/ad.json", "/missing/ad.json", "/garbage/ad.json"));
    fetcher.documents.put(url("/rooms/ad.json"), signed(ROOMS, "Rooms"));
    fetcher.documents.put(url("/spa/ad.json"), signed(SPA, "Spa"));
    // Signed by EVIL, then claiming to be ROOMS.
    ObjectNode impostor = AgentDescription.parse(signed(EVIL, "Rooms")).receivedJson();
    impostor.put("did", ROOMS.did().toString());
    fetcher.documents.put(url("/impostor/ad.json"), bytes(impostor));
    ObjectNode tampered = AgentDescription.parse(signed(SPA, "Spa")).receivedJson();
    tampered.put("name", "Cheap Spa");
    fetcher.documents.put(url("/tampered/ad.json"), bytes(tampered));
    fetcher.documents.put(url("/garbage/ad.json"), "{not json".getBytes(StandardCharsets.UTF_8));

    CrawlResult r = await(crawler().build().crawl(HOST));

    assertThat(r.end()).isEqualTo(CrawlResult.End.COMPLETE);
    assertThat(r.pagesFetched()).isEqualTo(2);
    assertThat(r.descriptions()).extracting(VerifiedDescription::did)
        .containsExactly(ROOMS.did().toString(), SPA.did().toString());
    assertThat(r.rejected()).extracting(CrawlResult.Rejection::code)
        .containsExactlyInAnyOrder(
            ApplicationError.SIGNER_MISMATCH,
            ApplicationError.INVALID_PROOF,
            ApplicationError.FETCH_FAILED,
            ApplicationError.INVALID_DESCRIPTION);
    // Listed on both pages, fetched once.
    assertThat(fetcher.fetchesOf("/rooms/ad.json")).isEqualTo(1);
  }

  @Test
  void paginationLoopEndsTheCrawl() throws Exception {
    fetcher.documents.put(url(FIRST), page(FIRST, Optional.of(SECOND), "/rooms/ad.json"));
    fetcher.documents.put(url(SECOND), page(SECOND, Optional.of(FIRST), "/spa/ad.json"));
    fetcher.documents.put(url("/rooms/ad.json"), signed(ROOMS, "Rooms"));
    fetcher.documents.put(url("/spa/ad.json"), signed(SPA, "Spa"));

    CrawlResult r = await(crawler().build().crawl(HOST));

    assertThat(r.end()).isEqualTo(CrawlResult.End.LOOP);
    assertThat(r.pagesFetched()).isEqualTo(2);
    assertThat(r.descriptions()).hasSize(2);
    assertThat(fetcher.fetchesOf(FIRST)).isEqualTo(1);
  }

  @Test
  void pageThatIsItsOwnNextIsReadOnce() throws Exception {
    fetcher.documents.put(url(FIRST), page(FIRST, Optional.of(FIRST), "/rooms/ad.json"));
    fetcher.documents.put(url("/rooms/ad.json"), signed(ROOMS, "Rooms"));

    CrawlResult r = await(crawler().build().crawl(HOST));

    assertThat(r.end()).isEqualTo(CrawlResult.End.LOOP);
    assertThat(r.pagesFetched()).isEqualTo(1);
  }

  private void endlessChain() {
    fetcher.fallback =
        u -> {
          String q = u.getQuery();
          int n = q == null ? 1 : Integer.parseInt(q.substring("page=".length()));
          return page(FIRST + (n == 1 ? "" : "?page=" + n), Optional.of(FIRST + "?page=" + (n + 1)), "/rooms/ad.json");
        };
    fetcher.documents.put(url("/rooms/ad.json"), signed(ROOMS, "Rooms"));
  }

  @Test
  void endlessNextChainStopsAtThePageLimit() throws Exception {
    endlessChain();

    CrawlResult r = await(crawler().maxPages(50).build().crawl(HOST));

    assertThat(r.end()).isEqualTo(CrawlResult.End.PAGE_LIMIT);
    assertThat(r.pagesFetched()).isEqualTo(50);
    assertThat(fetcher.fetches).hasSize(51);
    assertThat(r.descriptions()).hasSize(1);
  }

  @Test
  void endlessChainServedAsynchronouslyStopsAtThePageLimitToo() throws Exception {
    endlessChain();
    fetcher.async = true;

    CrawlResult r = await(crawler().maxPages(500).build().crawl(HOST));

    assertThat(r.end()).isEqualTo(CrawlResult.End.PAGE_LIMIT);
    assertThat(r.pagesFetched()).isEqualTo(500);
  }

  @Test
  void longSynchronousChainDoesNotGrowTheStack() throws Exception {
    endlessChain();

    CrawlResult r = await(crawler().maxPages(20_000).build().crawl(HOST));

    assertThat(r.end()).isEqualTo(CrawlResult.End.PAGE_LIMIT);
    assertThat(r.pagesFetched()).isEqualTo(20_000);
  }

  @Test
  void descriptionLimitStopsFetching() throws Exception {
    String[] items = new String[10];
    for (int i = 0; i < items.length; i++) {
      items[i] = "/a" + i + "/ad.json";
      fetcher.documents.put(url(items[i]), signed(ROOMS, "Rooms " + i));
    }
    fetcher.documents.put(url(FIRST), page(FIRST, Optional.of(SECOND), items));

    CrawlResult r = await(crawler().maxDescriptions(3).build().crawl(HOST));

    assertThat(r.end()).isEqualTo(CrawlResult.End.DESCRIPTION_LIMIT);
    assertThat(r.descriptions()).hasSize(3);
    assertThat(fetcher.fetches).hasSize(4);
    assertThat(fetcher.fetchesOf(SECOND)).isZero();
  }

  @Test
  void otherHostsAreNotFollowed() throws Exception {
    fetcher.documents.put(url(FIRST),
        page(FIRST, Optional.of("https://elsewhere.test/next"), "https://elsewhere.test/ad.json", "http://hotel.test/ad.json", "/rooms/ad.json"));
    fetcher.documents.put(url("/rooms/ad.json"), signed(ROOMS, "Rooms"));

    CrawlResult r = await(crawler().build().crawl(HOST));

    assertThat(r.end()).isEqualTo(CrawlResult.End.PAGE_FAILED);
    assertThat(r.descriptions()).hasSize(1);
    assertThat(r.rejected()).extracting(CrawlResult.Rejection::code).containsOnly(ApplicationError.INVALID_COLLECTION);
    assertThat(r.rejected()).hasSize(3);
    assertThat(fetcher.fetches.keySet()).noneMatch(u -> u.getHost().equals("elsewhere.test"));
  }

  @Test
  void oversizedMalformedAndMissingPagesEndTheCrawlWithTheirReason() throws Exception {
    fetcher.documents.put(url(FIRST), page(FIRST, Optional.empty(), "/rooms/ad.json"));
    fetcher.documents.put(url("/rooms/ad.json"), signed(ROOMS, "Rooms"));
    CrawlResult tooBig = await(crawler().maxPageBytes(50).build().crawl(HOST));
    assertThat(tooBig.end()).isEqualTo(CrawlResult.End.PAGE_FAILED);
    assertThat(tooBig.rejected().get(0).code()).isEqualTo(ApplicationError.INVALID_COLLECTION);

    CrawlResult descriptionTooBig = await(crawler().maxDescriptionBytes(100).build().crawl(HOST));
    assertThat(descriptionTooBig.end()).isEqualTo(CrawlResult.End.COMPLETE);
    assertThat(descriptionTooBig.descriptions()).isEmpty();
    assertThat(descriptionTooBig.rejected().get(0).code()).isEqualTo(ApplicationError.DESCRIPTION_TOO_LARGE);

    fetcher.documents.put(url(FIRST), "{\"@type\":\"CollectionPage\"}".getBytes(StandardCharsets.UTF_8));
    CrawlResult malformed = await(crawler().build().crawl(HOST));
    assertThat(malformed.end()).isEqualTo(CrawlResult.End.PAGE_FAILED);
    assertThat(malformed.rejected().get(0).code()).isEqualTo(ApplicationError.INVALID_COLLECTION);

    fetcher.documents.clear();
    CrawlResult missing = await(crawler().build().crawl(HOST));
    assertThat(missing.end()).isEqualTo(CrawlResult.End.PAGE_FAILED);
    assertThat(missing.pagesFetched()).isEqualTo(1);
    assertThat(missing.rejected().get(0).code()).isEqualTo(ApplicationError.FETCH_FAILED);
  }

  @Test
  void descriptionsOfAPageAreFetchedAtMostAWindowAtATime() throws Exception {
    String[] items = new String[7];
    Map<URI, byte[]> bodies = new ConcurrentHashMap<>();
    for (int i = 0; i < items.length; i++) {
      items[i] = "/w" + i + "/ad.json";
      bodies.put(url(items[i]), signed(ROOMS, "Rooms " + i));
    }
    byte[] first = page(FIRST, Optional.empty(), items);
    List<Map.Entry<URI, CompletableFuture<byte[]>>> pending = new java.util.concurrent.CopyOnWriteArrayList<>();
    DiscoveryFetcher held =
        (u, max) -> {
          if (u.equals(url(FIRST))) {
            return CompletableFuture.completedFuture(first);
          }
          CompletableFuture<byte[]> f = new CompletableFuture<>();
          pending.add(Map.entry(u, f));
          return f;
        };

    CompletableFuture<CrawlResult> crawl =
        DescriptionCrawler.builder().fetcher(held).verifier(VERIFIER).maxConcurrentFetches(3).build().crawl(HOST);

    for (int expected : new int[] {3, 3, 1}) {
      assertThat(pending).hasSize(expected);
      List<Map.Entry<URI, CompletableFuture<byte[]>>> window = List.copyOf(pending);
      pending.clear();
      window.forEach(e -> e.getValue().complete(bodies.get(e.getKey())));
    }
    CrawlResult r = await(crawl);
    assertThat(pending).isEmpty();
    assertThat(r.descriptions()).hasSize(7);
    assertThat(r.end()).isEqualTo(CrawlResult.End.COMPLETE);
  }

  @Test
  void fetcherThatThrowsIsRecordedNotPropagated() throws Exception {
    DescriptionCrawler crawler =
        DescriptionCrawler.builder()
            .fetcher((u, max) -> {
              throw new IllegalStateException("boom");
            })
            .verifier(VERIFIER)
            .build();
    CrawlResult r = await(crawler.crawl(HOST));
    assertThat(r.end()).isEqualTo(CrawlResult.End.PAGE_FAILED);
    assertThat(r.rejected().get(0).code()).isEqualTo(ApplicationError.FETCH_FAILED);
  }
}
