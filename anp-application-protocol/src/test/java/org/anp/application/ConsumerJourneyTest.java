package org.anp.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.anp.application.client.AgentClient;
import org.anp.application.client.RemoteAgent;
import org.anp.application.description.AgentDescription;
import org.anp.application.discovery.DiscoveryFetcher;
import org.anp.application.search.DescriptionIndex;
import org.anp.application.search.SearchClient;
import org.anp.application.search.SearchService;
import org.anp.application.server.LoopbackAgents;
import org.anp.application.server.WhoAmIAgent;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer's whole journey as issue 15 words it, on real loopback servers: a provider built
 * from an annotated class registers with a search service; a consumer finds it there, verifies
 * its description, calls two methods with DID authentication, gets a JSON-RPC error for bad
 * params, and is refused without authentication and when the provider's DID leads to a
 * description signed by another DID.
 */
class ConsumerJourneyTest {
  private final LoopbackAgents agents = new LoopbackAgents();
  private final List<AutoCloseable> open = new ArrayList<>();

  @TempDir Path index;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private Agent agent(AgentIdentity identity, String name, String description) throws Exception {
    Agent agent = Agent.builder(identity, AgentDescription.builder(name).description(description).build())
        .serve(new WhoAmIAgent())
        .resolver(agents.resolver())
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp())
        .build();
    open.add(agent);
    agent.start().get(30, TimeUnit.SECONDS);
    return agent;
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

  private static ApplicationError failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationException.class);
      return ((ApplicationException) e.getCause()).code();
    }
    throw new AssertionError("succeeded");
  }

  @Test
  void consumerFindsVerifiesCallsAndIsRefusedWhereItMustBe() throws Exception {
    AgentIdentity provider = agents.identity("calculator");
    AgentIdentity consumer = agents.identity("alice");
    Agent calculator = agent(provider, "Calculator", "Adds numbers for callers it can name");
    agents.publish(calculator.document());

    SearchService service = SearchService.builder(DescriptionIndex.inDirectory(index))
        .resolver(agents.resolver())
        .fetcher(DiscoveryFetcher.from(DocumentFetchers.insecureAllowLoopbackHttp()))
        .allowInsecureHttp()
        .build();
    HttpServer search = service.mount(agents.server()).build();
    open.add(search);
    var searchBase = LoopbackAgents.start(search);
    await(SearchClient.of(searchBase, Optional.of(provider), DocumentFetchers.insecureAllowLoopbackHttp())
        .register(calculator.descriptionUrl()));

    // Discover through the search service, then verify (connect refuses anything unverified).
    List<SearchClient.Result> hits = await(SearchClient.of(searchBase, Optional.empty(),
        DocumentFetchers.insecureAllowLoopbackHttp()).search("adds numbers", 5));
    assertThat(hits).singleElement().satisfies(h -> assertThat(h.did()).isEqualTo(calculator.did()));
    RemoteAgent found = await(client(Optional.of(consumer)).connect(hits.get(0).url()));
    assertThat(found.did()).isEqualTo(calculator.did());
    assertThat(found.description().domain()).contains("127.0.0.1");

    // Two methods, with DID authentication: the provider sees the consumer's DID.
    assertThat(await(found.call("add", Map.of("a", 40, "b", 2), Long.class))).isEqualTo(42L);
    WhoAmIAgent.Caller caller = await(found.call("whoami", Map.of(), WhoAmIAgent.Caller.class));
    assertThat(caller.did()).isEqualTo(consumer.did().toString());

    // Bad params: a JSON-RPC error with the standard code.
    assertThat(failure(found.call("add", Map.of("a", "forty", "b", 2), Long.class)))
        .isEqualTo(ApplicationError.INVALID_PARAMS);

    // Without authentication: refused.
    RemoteAgent anonymous = await(client(Optional.empty()).connect(hits.get(0).url()));
    assertThat(failure(anonymous.call("add", Map.of("a", 1, "b", 2), Long.class)))
        .isEqualTo(ApplicationError.UNAUTHENTICATED);

    // The provider's DID now leads to a valid description signed by another DID: refused.
    Agent mallory = agent(agents.identity("mallory"), "Calculator", "Adds numbers for callers it can name");
    agents.publish(provider.toBuilder()
        .service("ad", AgentClient.DESCRIPTION_SERVICE_TYPE, mallory.descriptionUrl().toString())
        .build().document());
    assertThat(failure(client(Optional.of(consumer)).connect(calculator.did())))
        .isEqualTo(ApplicationError.SIGNER_MISMATCH);
  }
}
