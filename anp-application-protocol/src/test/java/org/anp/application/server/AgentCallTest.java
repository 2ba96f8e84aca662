package org.anp.application.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.client.AgentClient;
import org.anp.application.client.RemoteAgent;
import org.anp.application.client.RemoteMethod;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.DescriptionSigner;
import org.anp.application.description.DescriptionVerifier;
import org.anp.application.description.VerifiedDescription;
import org.anp.application.discovery.CollectionPage;
import org.anp.application.discovery.CrawlResult;
import org.anp.application.discovery.DescriptionCrawler;
import org.anp.application.discovery.DiscoveryFetcher;
import org.anp.application.interfaces.HotelAgent;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.identity.wba.DidWba;
import org.anp.transport.http.HttpResponse;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A provider made from annotated classes on a real loopback server, called by an AgentClient. */
class AgentCallTest {
  private final LoopbackAgents agents = new LoopbackAgents();
  private AgentIdentity provider;
  private AgentIdentity consumer;
  private AgentIdentity impostor;
  private HttpServer server;
  private URI base;
  private AgentEndpoints endpoints;
  private volatile byte[] impostorBytes = new byte[0];

  @BeforeEach
  void start() throws Exception {
    provider = agents.identity("hotel");
    consumer = agents.identity("alice");
    impostor = agents.identity("mallory");
    HttpServer[] holder = new HttpServer[1];
    endpoints = AgentEndpoints.builder(provider, AgentDescription.builder("Hotel").description("Rooms").build())
        .addInterface(InterfaceDefinition.fromAnnotated(new HotelAgent()))
        .addInterface(InterfaceDefinition.fromAnnotated(new WhoAmIAgent()))
        .basePath("/agents/hotel")
        .publicBase(() -> holder[0].uri())
        .listAgent("impostor", URI.create("http://127.0.0.1:1/unused"))
        .pageSize(1)
        .build();
    HttpServer.Builder b = agents.server();
    endpoints.mount(b);
    b.route("GET", "/impostor/ad.json",
        r -> CompletableFuture.completedFuture(HttpResponse.of(200, "application/json", impostorBytes)));
    server = b.build();
    holder[0] = server;
    base = LoopbackAgents.start(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private AgentClient client(Optional<AgentIdentity> as) {
    AgentClient.Builder b = AgentClient.builder()
        .resolver(agents.resolver())
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp());
    as.ifPresent(b::identity);
    return b.build();
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  private static ApplicationException failure(CompletableFuture<?> f) {
    try {
      f.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationException.class);
      return (ApplicationException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void consumerVerifiesTheDescriptionAndCallsTwoMethodsWithDidAuthentication() throws Exception {
    RemoteAgent hotel = await(client(Optional.of(consumer)).connect(endpoints.descriptionUrl()));

    assertThat(hotel.did()).isEqualTo(provider.did().toString());
    assertThat(hotel.description().domain()).contains("127.0.0.1");
    assertThat(hotel.interfaces()).hasSize(2);
    assertThat(hotel.methods()).extracting(RemoteMethod::name)
        .contains("search", "book", "whoami", "add");

    List<HotelAgent.Room> rooms = await(hotel.call("search",
        Map.of("type", "DOUBLE", "maxResults", 1), new TypeReference<List<HotelAgent.Room>>() {}));
    assertThat(rooms).singleElement().extracting(HotelAgent.Room::type).isEqualTo(HotelAgent.RoomType.DOUBLE);

    HotelAgent.Booking booking = await(hotel.call("book",
        new BookParams(HotelAgent.RoomType.SUITE, 3, new HotelAgent.Guest("Ann", Optional.empty())),
        HotelAgent.Booking.class));
    assertThat(booking.bookedBy()).isEqualTo(consumer.did().toString());
    assertThat(booking.nights()).isEqualTo(3);
  }

  record BookParams(HotelAgent.RoomType type, int nights, HotelAgent.Guest guest) {}

  @Test
  void firstCallIsSignedAndLaterCallsUseTheBearerToken() throws Exception {
    RemoteAgent agent = await(client(Optional.of(consumer)).connect(endpoints.descriptionUrl()));
    WhoAmIAgent.Caller first = await(agent.call("whoami", Map.of(), WhoAmIAgent.Caller.class));
    WhoAmIAgent.Caller second = await(agent.call("whoami", Map.of(), WhoAmIAgent.Caller.class));
    assertThat(first).isEqualTo(new WhoAmIAgent.Caller(consumer.did().toString(), "HTTP_SIGNATURE"));
    assertThat(second).isEqualTo(new WhoAmIAgent.Caller(consumer.did().toString(), "BEARER_TOKEN"));
    assertThat(await(agent.call("add", List.of(40, 2), Long.class))).isEqualTo(42L);
  }

  @Test
  void badParametersComeBackAsJsonRpcErrors() throws Exception {
    RemoteAgent agent = await(client(Optional.of(consumer)).connect(endpoints.descriptionUrl()));
    ApplicationException wrongType = failure(agent.call("add", Map.of("a", "one", "b", 2), Long.class));
    assertThat(wrongType.code()).isEqualTo(ApplicationError.INVALID_PARAMS);
    assertThat(wrongType.code().jsonRpcCode()).isEqualTo(-32602);
    ApplicationException refused = failure(agent.call("add", Map.of("a", -1, "b", 2), Long.class));
    assertThat(refused.code()).isEqualTo(ApplicationError.INVALID_PARAMS);
    assertThat(refused.getMessage()).contains("must not be negative");
    assertThat(failure(agent.call("nope", Map.of(), Long.class)).code()).isEqualTo(ApplicationError.METHOD_NOT_FOUND);
  }

  @Test
  void garbageAndBatchesOfGarbageGetJsonRpcErrorsAndTheServerKeepsServing() throws Exception {
    IdentityKey key = consumer.requireKey(KeyRole.AUTHENTICATION);
    HttpSignatureAuthenticator signer = HttpSignatureAuthenticator.builder()
        .did(consumer.did()).signingKey(key.fragment(), key.privateKey()).build();
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    Map<String, Integer> expected = Map.of(
        "{not json", -32700,
        "[]", -32600,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":7}", -32600,
        "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"add\"}", -32600);
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      byte[] body = e.getKey().getBytes(StandardCharsets.UTF_8);
      HttpRequest.Builder request = HttpRequest.newBuilder(endpoints.rpcUrl())
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      signer.sign("POST", endpoints.rpcUrl(), body).forEach(request::header);
      java.net.http.HttpResponse<String> r = http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(json.readTree(r.body()).path("error").path("code").asInt()).as(e.getKey()).isEqualTo(e.getValue());
    }
    byte[] batch = "[1, \"x\", {\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"add\",\"params\":[1,2]}]"
        .getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoints.rpcUrl()).POST(HttpRequest.BodyPublishers.ofByteArray(batch));
    signer.sign("POST", endpoints.rpcUrl(), batch).forEach(request::header);
    JsonNode answers = json.readTree(http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    assertThat(answers).hasSize(3);
    assertThat(answers.get(0).path("error").path("code").asInt()).isEqualTo(-32600);
    assertThat(answers.get(2).path("result").asLong()).isEqualTo(3L);

    RemoteAgent agent = await(client(Optional.of(consumer)).connect(endpoints.descriptionUrl()));
    assertThat(await(agent.call("add", List.of(1, 1), Long.class))).isEqualTo(2L);
  }

  @Test
  void callsWithoutAuthenticationAreRefusedWith401() throws Exception {
    RemoteAgent agent = await(client(Optional.empty()).connect(endpoints.descriptionUrl()));
    ApplicationException e = failure(agent.call("add", List.of(1, 2), Long.class));
    assertThat(e.code()).isEqualTo(ApplicationError.UNAUTHENTICATED);
    assertThat(e.getMessage()).contains("401");
  }

  @Test
  void connectsByDidThroughTheDescriptionService() throws Exception {
    agents.publish(provider.toBuilder()
        .service("ad", AgentClient.DESCRIPTION_SERVICE_TYPE, endpoints.descriptionUrl().toString())
        .build().document());
    RemoteAgent agent = await(client(Optional.of(consumer)).connect(provider.did().toString()));
    assertThat(agent.did()).isEqualTo(provider.did().toString());
  }

  @Test
  void descriptionSignedByAnotherDidIsRefused() throws Exception {
    // Mallory signs a description, then claims it is the hotel's.
    AgentDescription signed = DescriptionSigner.builder(impostor).domain("127.0.0.1").build()
        .sign(AgentDescription.builder("Hotel").build());
    ObjectNode json = signed.receivedJson();
    json.put("did", provider.did().toString());
    impostorBytes = json.toString().getBytes(StandardCharsets.UTF_8);
    ApplicationException claimed = failure(client(Optional.of(consumer)).connect(base.resolve("/impostor/ad.json")));
    assertThat(claimed.code()).isEqualTo(ApplicationError.SIGNER_MISMATCH);

    // Mallory's own valid description, reached through the hotel's DID, is not the hotel's.
    impostorBytes = signed.receivedJson().toString().getBytes(StandardCharsets.UTF_8);
    agents.publish(provider.toBuilder()
        .service("ad", AgentClient.DESCRIPTION_SERVICE_TYPE, base.resolve("/impostor/ad.json").toString())
        .build().document());
    ApplicationException viaDid = failure(client(Optional.of(consumer)).connect(provider.did().toString()));
    assertThat(viaDid.code()).isEqualTo(ApplicationError.SIGNER_MISMATCH);
  }

  @Test
  void servesDidDocumentAndPaginatedWellKnownCollection() throws Exception {
    byte[] did = await(DocumentFetchers.insecureAllowLoopbackHttp()
        .fetch(base.resolve(DidWba.parse(provider.did()).documentUrl().getPath()), 65536));
    assertThat(new String(did, StandardCharsets.UTF_8)).contains(provider.did().toString());

    DescriptionCrawler crawler = DescriptionCrawler.builder()
        .fetcher(DiscoveryFetcher.from(DocumentFetchers.insecureAllowLoopbackHttp()))
        .verifier(DescriptionVerifier.builder().resolver(agents.resolver()).build())
        .allowInsecureHttp()
        .build();
    CrawlResult r = await(crawler.crawl(base.resolve(CollectionPage.WELL_KNOWN_PATH)));
    assertThat(r.pagesFetched()).isEqualTo(2);
    assertThat(r.descriptions()).extracting(VerifiedDescription::did).containsExactly(provider.did().toString());
    assertThat(r.rejected()).hasSize(1);
  }
}
