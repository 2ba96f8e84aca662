package org.anp.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.application.client.AgentClient;
import org.anp.application.client.RemoteAgent;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.DescriptionVerifier;
import org.anp.application.discovery.CollectionItem;
import org.anp.application.discovery.CollectionPage;
import org.anp.application.discovery.CrawlResult;
import org.anp.application.discovery.DescriptionCrawler;
import org.anp.application.discovery.DiscoveryFetcher;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.search.DescriptionIndex;
import org.anp.application.search.SearchClient;
import org.anp.application.search.SearchService;
import org.anp.application.server.AgentEndpoints;
import org.anp.application.server.LoopbackAgents;
import org.anp.application.server.WhoAmIAgent;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against real servers on loopback: a hostile discovery server (pagination loops, an
 * endless {@code next} chain), JSON-RPC and P1 garbage and batches of garbage on an agent's route,
 * garbage queries to the search service; every server keeps serving afterwards.
 */
class LoopbackBadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final LoopbackAgents agents = new LoopbackAgents();
  private final HttpClient http = HttpClient.newHttpClient();
  private AgentIdentity provider;
  private AgentIdentity consumer;
  private AgentEndpoints endpoints;
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    provider = agents.identity("hotel");
    consumer = agents.identity("alice");
    HttpServer[] holder = new HttpServer[1];
    endpoints = AgentEndpoints.builder(provider, AgentDescription.builder("Hotel").description("Rooms").build())
        .addInterface(InterfaceDefinition.fromAnnotated(new WhoAmIAgent()))
        .publicBase(() -> holder[0].uri())
        .build();
    HttpServer.Builder b = endpoints.mount(agents.server());
    // A hostile discovery server: /loop/1 -> /loop/2 -> /loop/1, and /chain?page=n -> n+1 forever.
    b.route("GET", "/loop/{n}", r -> page("/loop/" + r.pathVariable("n"),
        "/loop/" + ("1".equals(r.pathVariable("n")) ? "2" : "1")));
    b.route("GET", "/chain", r -> {
      String q = r.uri().getRawQuery();
      int n = q == null ? 1 : Integer.parseInt(q.substring("page=".length()));
      return page("/chain?page=" + n, "/chain?page=" + (n + 1));
    });
    SearchService search = SearchService.builder(DescriptionIndex.inDirectory(dir))
        .resolver(agents.resolver())
        .fetcher(DiscoveryFetcher.from(DocumentFetchers.insecureAllowLoopbackHttp()))
        .allowInsecureHttp()
        .build();
    search.mount(b);
    server = b.build();
    holder[0] = server;
    base = LoopbackAgents.start(server);
  }

  private CompletableFuture<org.anp.transport.http.HttpResponse> page(String self, String next) {
    CollectionPage p = CollectionPage.of(base.resolve(self),
        List.of(new CollectionItem("Hotel", endpoints.descriptionUrl())), Optional.of(base.resolve(next)));
    return CompletableFuture.completedFuture(org.anp.transport.http.HttpResponse.json(200, p.toJson()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private DescriptionCrawler crawler(int maxPages) {
    return DescriptionCrawler.builder()
        .fetcher(DiscoveryFetcher.from(DocumentFetchers.insecureAllowLoopbackHttp()))
        .verifier(DescriptionVerifier.builder().resolver(agents.resolver()).build())
        .maxPages(maxPages)
        .allowInsecureHttp()
        .build();
  }

  private HttpResponse<String> signedPost(URI target, String body) throws Exception {
    IdentityKey key = consumer.requireKey(KeyRole.AUTHENTICATION);
    HttpSignatureAuthenticator signer = HttpSignatureAuthenticator.builder()
        .did(consumer.did()).signingKey(key.fragment(), key.privateKey()).build();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(target).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    signer.sign("POST", target, bytes).forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private RemoteAgent connect() throws Exception {
    return AgentClient.builder().resolver(agents.resolver()).identity(consumer)
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp()).build()
        .connect(endpoints.descriptionUrl()).get(30, TimeUnit.SECONDS);
  }

  @Test
  void paginationLoopsAndEndlessNextChainsEndTheCrawlAndTheServerKeepsServing() throws Exception {
    CrawlResult loop = crawler(100).crawl(base.resolve("/loop/1")).get(60, TimeUnit.SECONDS);
    assertThat(loop.end()).isEqualTo(CrawlResult.End.LOOP);
    assertThat(loop.pagesFetched()).isEqualTo(2);
    assertThat(loop.descriptions()).singleElement()
        .satisfies(d -> assertThat(d.did()).isEqualTo(provider.did().toString()));

    CrawlResult chain = crawler(25).crawl(base.resolve("/chain")).get(60, TimeUnit.SECONDS);
    assertThat(chain.end()).isEqualTo(CrawlResult.End.PAGE_LIMIT);
    assertThat(chain.pagesFetched()).isEqualTo(25);
    assertThat(chain.descriptions()).as("the same description listed on every page is kept once").hasSize(1);

    CrawlResult own = crawler(5).crawl(base.resolve(CollectionPage.WELL_KNOWN_PATH)).get(60, TimeUnit.SECONDS);
    assertThat(own.end()).isEqualTo(CrawlResult.End.COMPLETE);
    assertThat(connect().call("add", List.of(1, 2), Long.class).get(30, TimeUnit.SECONDS)).isEqualTo(3L);
  }

  @Test
  void jsonRpcAndP1GarbageGetErrorAnswersAndTheAgentKeepsServing() throws Exception {
    Map<String, Integer> single = Map.of(
        "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"anp.get_capabilities\",\"params\":{\"meta\":7}}", 1003,
        "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"anp.", -32700,
        "{\"jsonrpc\":\"1.0\",\"id\":\"a\",\"method\":\"anp.get_capabilities\",\"params\":{}}", -32600,
        "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"anp.get_capabilities\"}", 1000,
        "[" + "[".repeat(200) + "]".repeat(200) + "]", -32700,
        "\"anp.\"", -32600);
    for (Map.Entry<String, Integer> e : single.entrySet()) {
      HttpResponse<String> r = signedPost(endpoints.rpcUrl(), e.getKey());
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).path("error").path("code").asInt()).as(e.getKey()).isEqualTo(e.getValue());
    }

    String garbageBatch = "[1, null, \"anp.x\", {\"method\":\"anp.get_capabilities\"}, {\"jsonrpc\":\"2.0\",\"id\":\"x\","
        + "\"method\":\"anp.get_capabilities\",\"params\":[]}, {\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"add\",\"params\":[4,5]}]";
    JsonNode answers = JSON.readTree(signedPost(endpoints.rpcUrl(), garbageBatch).body());
    assertThat(answers).hasSize(6);
    assertThat(answers.findValues("code")).extracting(JsonNode::asInt)
        .containsExactlyInAnyOrder(-32600, -32600, -32600, 1004, 1004);
    assertThat(answers.findValues("result")).singleElement().extracting(JsonNode::asLong).isEqualTo(9L);

    StringBuilder oversized = new StringBuilder("[");
    for (int i = 0; i < 150; i++) {
      oversized.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":\"p").append(i)
          .append("\",\"method\":\"anp.get_capabilities\",\"params\":{}}");
    }
    JsonNode tooMany = JSON.readTree(signedPost(endpoints.rpcUrl(), oversized.append("]").toString()).body());
    assertThat(tooMany.path("error").path("code").asInt()).as("a batch over the limit").isEqualTo(-32600);

    assertThat(connect().call("add", List.of(20, 22), Long.class).get(30, TimeUnit.SECONDS)).isEqualTo(42L);
  }

  @Test
  void garbageSearchQueriesAreRefusedAndTheServiceKeepsServing() throws Exception {
    SearchClient.of(base, Optional.of(provider), DocumentFetchers.insecureAllowLoopbackHttp())
        .register(endpoints.descriptionUrl()).get(30, TimeUnit.SECONDS);
    String many = "capability=method:add&".repeat(17);
    for (String query : new String[] {"capability=nocolon", "capability=colour:red", "capability=method:",
        "capability=method%3A" + "x".repeat(201), many + "q=x"}) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/search?" + query)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(query).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).as(query).isEqualTo("INVALID_REQUEST");
    }
    HttpResponse<String> register = signedPost(base.resolve("/search/agents"), "{\"url\":[1,2]}");
    assertThat(register.statusCode()).isEqualTo(400);
    assertThat(SearchClient.of(base, Optional.empty(), DocumentFetchers.insecureAllowLoopbackHttp())
        .search("rooms", 5).get(30, TimeUnit.SECONDS)).singleElement()
        .satisfies(r -> assertThat(r.did()).isEqualTo(provider.did().toString()));
  }
}
