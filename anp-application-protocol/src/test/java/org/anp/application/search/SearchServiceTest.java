package org.anp.application.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.client.AgentClient;
import org.anp.application.client.RemoteAgent;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.Extensions;
import org.anp.application.discovery.CollectionPage;
import org.anp.application.discovery.CrawlResult;
import org.anp.application.discovery.DiscoveryFetcher;
import org.anp.application.interfaces.HotelAgent;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.server.AgentEndpoints;
import org.anp.application.server.LoopbackAgents;
import org.anp.application.server.WhoAmIAgent;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A search service on loopback: agents register themselves, consumers find and call them. */
class SearchServiceTest {
  @TempDir Path dir;
  private final LoopbackAgents agents = new LoopbackAgents();
  private final List<HttpServer> servers = new ArrayList<>();
  private AgentIdentity hotel;
  private AgentIdentity coffee;
  private AgentIdentity consumer;
  private URI hotelUrl;
  private URI coffeeBase;
  private SearchService service;
  private URI searchBase;

  @BeforeEach
  void start() throws Exception {
    hotel = agents.identity("hotel");
    coffee = agents.identity("coffee");
    consumer = agents.identity("alice");
    hotelUrl = serve(hotel, AgentDescription.builder("Grand Hotel").description("Rooms and bookings in Paris").build())
        .descriptionUrl();
    coffeeBase = serve(coffee, AgentDescription.builder("Coffee Shop").description("Espresso to go").build())
        .descriptionUrl().resolve("/");
    service = SearchService.builder(DescriptionIndex.inDirectory(dir))
        .resolver(agents.resolver())
        .fetcher(DiscoveryFetcher.from(DocumentFetchers.insecureAllowLoopbackHttp()))
        .allowInsecureHttp()
        .build();
    HttpServer search = service.mount(agents.server()).build();
    servers.add(search);
    searchBase = LoopbackAgents.start(search);
  }

  private AgentEndpoints serve(AgentIdentity id, AgentDescription d, Object... more) throws Exception {
    HttpServer[] holder = new HttpServer[1];
    AgentEndpoints.Builder b = AgentEndpoints.builder(id, d)
        .addInterface(InterfaceDefinition.fromAnnotated(new WhoAmIAgent()))
        .publicBase(() -> holder[0].uri());
    for (Object annotated : more) {
      b.addInterface(InterfaceDefinition.fromAnnotated(annotated));
    }
    AgentEndpoints endpoints = b.build();
    holder[0] = endpoints.mount(agents.server()).build();
    servers.add(holder[0]);
    LoopbackAgents.start(holder[0]);
    return endpoints;
  }

  @AfterEach
  void stop() {
    servers.forEach(HttpServer::close);
  }

  private SearchClient client(Optional<AgentIdentity> as) {
    return SearchClient.of(searchBase, as, DocumentFetchers.insecureAllowLoopbackHttp());
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  private static ApplicationError failure(CompletableFuture<?> f) {
    try {
      f.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationException.class);
      return ((ApplicationException) e.getCause()).code();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("succeeded");
  }

  @Test
  void consumerDiscoversAnAgentThroughSearchVerifiesAndCallsIt() throws Exception {
    await(client(Optional.of(hotel)).register(hotelUrl));

    List<SearchClient.Result> results = await(client(Optional.empty()).search("rooms paris", 10));
    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.did()).isEqualTo(hotel.did().toString());
      assertThat(r.score()).isEqualTo(2);
    });
    assertThat(await(client(Optional.empty()).search("espresso", 10))).isEmpty();

    RemoteAgent found = await(AgentClient.builder()
        .resolver(agents.resolver())
        .identity(consumer)
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp())
        .build()
        .connect(results.get(0).url()));
    assertThat(found.did()).isEqualTo(hotel.did().toString());
    assertThat(await(found.call("add", List.of(20, 22), Long.class))).isEqualTo(42L);
  }

  @Test
  void onlyTheSignerMayRegisterADescriptionAndOnlyWithAuthentication() throws Exception {
    assertThat(failure(client(Optional.of(consumer)).register(hotelUrl))).isEqualTo(ApplicationError.SIGNER_MISMATCH);
    assertThat(failure(client(Optional.of(hotel)).register(hotelUrl.resolve("/missing/ad.json"))))
        .isEqualTo(ApplicationError.FETCH_FAILED);
    HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(searchBase.resolve("/search/agents"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + hotelUrl + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(service.index().size()).isZero();
  }

  @Test
  void crawledDomainsAreIndexedAndTheIndexSurvivesARestart() throws Exception {
    CrawlResult crawled = await(service.crawl(coffeeBase.resolve(CollectionPage.WELL_KNOWN_PATH)));
    assertThat(crawled.descriptions()).hasSize(1);
    await(client(Optional.of(hotel)).register(hotelUrl));
    assertThat(await(client(Optional.empty()).search("espresso", 10)))
        .extracting(SearchClient.Result::did).containsExactly(coffee.did().toString());

    DescriptionIndex reopened = DescriptionIndex.inDirectory(dir);
    assertThat(reopened.size()).isEqualTo(2);
    assertThat(reopened.search("HOTEL", 5)).extracting(h -> h.agent().did()).containsExactly(hotel.did().toString());
    assertThat(reopened.search("", 5)).isEmpty();
  }

  @Test
  void agentsAreFoundByCapabilityNotOnlyByKeyword() throws Exception {
    AgentIdentity inn = agents.identity("inn");
    ObjectNode ext = (ObjectNode) new ObjectMapper().readTree(
        "{\"capabilities\":[{\"id\":\"cap.hotel.booking\",\"name\":\"Room booking\",\"intentTags\":[\"booking\",\"hotel\"]}]}");
    URI innUrl = serve(inn, AgentDescription.builder("Inn").description("Rooms by the sea")
        .extensions(Extensions.of(ext)).build(), new HotelAgent()).descriptionUrl();
    await(client(Optional.of(inn)).register(innUrl));
    await(client(Optional.of(hotel)).register(hotelUrl));
    await(service.crawl(coffeeBase.resolve(CollectionPage.WELL_KNOWN_PATH)));

    assertThat(find("", "method:book")).containsExactly(inn.did().toString());
    assertThat(find("", "method:ADD")).as("case-insensitive").hasSize(3);
    assertThat(find("", "tag:booking")).containsExactly(inn.did().toString());
    assertThat(find("", "capability:cap.hotel.booking")).containsExactly(inn.did().toString());
    assertThat(find("", "protocol:openrpc", "interface:StructuredInterface")).hasSize(3);
    assertThat(find("", "method:book", "method:nope")).as("every facet must match").isEmpty();
    List<SearchClient.Result> rooms = await(client(Optional.empty())
        .search(new SearchQuery("rooms", List.of(CapabilityFacet.parse("method:add")), 10)));
    assertThat(rooms).extracting(SearchClient.Result::did)
        .containsExactlyInAnyOrder(hotel.did().toString(), inn.did().toString());
    assertThat(rooms).allSatisfy(r -> assertThat(r.score()).isEqualTo(2));

    HttpResponse<String> refused = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(searchBase.resolve("/search?capability=colour:red")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("INVALID_REQUEST");
    assertThat(DescriptionIndex.inDirectory(dir).search(
        new SearchQuery("", List.of(CapabilityFacet.parse("method:book")), 5)))
        .as("facets survive a restart").extracting(h -> h.agent().did()).containsExactly(inn.did().toString());
  }

  private List<String> find(String words, String... facets) throws Exception {
    List<CapabilityFacet> parsed = new ArrayList<>();
    for (String f : facets) {
      parsed.add(CapabilityFacet.parse(f));
    }
    return await(client(Optional.empty()).search(new SearchQuery(words, parsed, 10))).stream()
        .map(SearchClient.Result::did).toList();
  }
}
