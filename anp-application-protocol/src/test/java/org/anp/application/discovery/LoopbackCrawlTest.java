package org.anp.application.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.anp.application.ApplicationError;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.DescriptionSigner;
import org.anp.application.description.DescriptionVerifier;
import org.anp.application.description.SecurityScheme;
import org.anp.application.description.VerifiedDescription;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.keys.KeyType;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The crawler over the JDK HTTP client against a real HTTP server on loopback. */
class LoopbackCrawlTest {
  private static final String HOST = "127.0.0.1";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, byte[]> served = new ConcurrentHashMap<>();
  private ExecutorService pool;
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws IOException {
    pool = Executors.newFixedThreadPool(4);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String key = exchange.getRequestURI().toString();
          byte[] body = served.get(key);
          try (OutputStream out = exchange.getResponseBody()) {
            if (body == null) {
              exchange.sendResponseHeaders(404, -1);
            } else {
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, body.length);
              out.write(body);
            }
          }
        });
    server.setExecutor(pool);
    server.start();
    base = "http://" + HOST + ":" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    pool.shutdownNow();
  }

  private static AgentIdentity identity(String path) {
    return AgentIdentity.from(
        DidWbaIdentity.builder().host("agents.test").path(path).keyType(KeyType.ED25519).random(RANDOM).build());
  }

  private void serveDescription(String path, AgentIdentity id, String domain) {
    AgentDescription d =
        AgentDescription.builder(path)
            .securityDefinition("didwba_sc", SecurityScheme.didWbaHeader())
            .security(List.of("didwba_sc"))
            .build();
    AgentDescription signed = DescriptionSigner.builder(id).domain(domain).random(RANDOM).build().sign(d);
    served.put(path, signed.receivedJson().toString().getBytes(StandardCharsets.UTF_8));
  }

  private void servePage(String path, Optional<String> next, String... items) {
    List<CollectionItem> list =
        java.util.Arrays.stream(items).map(i -> new CollectionItem(i, URI.create(base + i))).toList();
    CollectionPage page = CollectionPage.of(URI.create(base + path), list, next.map(n -> URI.create(base + n)));
    served.put(path, page.toJson().toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void crawlsPagesAndVerifiesDescriptionsOverHttp() throws Exception {
    AgentIdentity a = identity("a");
    AgentIdentity b = identity("b");
    AgentIdentity c = identity("c");
    Map<String, AgentIdentity> known = Map.of(a.did().toString(), a, b.did().toString(), b, c.did().toString(), c);
    serveDescription("/agents/a/ad.json", a, HOST);
    serveDescription("/agents/b/ad.json", b, HOST);
    serveDescription("/agents/c/ad.json", c, "elsewhere.test");
    String first = CollectionPage.WELL_KNOWN_PATH;
    String second = first + "?page=2";
    servePage(first, Optional.of(second), "/agents/a/ad.json", "/agents/c/ad.json");
    servePage(second, Optional.empty(), "/agents/b/ad.json", "/agents/missing/ad.json");

    DescriptionCrawler crawler =
        DescriptionCrawler.builder()
            .fetcher(DiscoveryFetcher.from(DocumentFetchers.insecureAllowLoopbackHttp()))
            .verifier(
                DescriptionVerifier.builder()
                    .resolver(did -> CompletableFuture.completedFuture(known.get(did.toString()).document()))
                    .build())
            .allowInsecureHttp()
            .build();
    CrawlResult r = crawler.crawl(URI.create(base + first)).get(60, TimeUnit.SECONDS);

    assertThat(r.end()).isEqualTo(CrawlResult.End.COMPLETE);
    assertThat(r.pagesFetched()).isEqualTo(2);
    assertThat(r.descriptions()).extracting(VerifiedDescription::did)
        .containsExactly(a.did().toString(), b.did().toString());
    assertThat(r.rejected()).extracting(CrawlResult.Rejection::code)
        .containsExactlyInAnyOrder(ApplicationError.DOMAIN_MISMATCH, ApplicationError.FETCH_FAILED);
  }

  @Test
  void oversizedBodyFromTheServerIsRefusedWhileReading() throws Exception {
    served.put(CollectionPage.WELL_KNOWN_PATH, new byte[64 * 1024]);
    DescriptionCrawler crawler =
        DescriptionCrawler.builder()
            .fetcher(DiscoveryFetcher.from(DocumentFetchers.insecureAllowLoopbackHttp()))
            .verifier(DescriptionVerifier.builder().resolver(did -> new CompletableFuture<>()).build())
            .maxPageBytes(1024)
            .allowInsecureHttp()
            .build();
    CrawlResult r = crawler.crawl(URI.create(base + CollectionPage.WELL_KNOWN_PATH)).get(60, TimeUnit.SECONDS);

    assertThat(r.end()).isEqualTo(CrawlResult.End.PAGE_FAILED);
    assertThat(r.rejected().get(0).code()).isEqualTo(ApplicationError.FETCH_FAILED);
    assertThat(r.rejected().get(0).reason()).contains("INPUT_TOO_LARGE");
  }
}
