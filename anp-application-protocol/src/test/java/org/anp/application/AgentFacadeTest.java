package org.anp.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.anp.application.client.RemoteAgent;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.AgentInterface;
import org.anp.application.registry.ConsensusProtocolLoader;
import org.anp.application.registry.ConsensusProtocolLoader.LoadedProtocol;
import org.anp.application.registry.ProtocolReference;
import org.anp.application.registry.RegistryClient;
import org.anp.application.registry.TrustPolicy;
import org.anp.application.registry.NegotiationLog;
import org.anp.application.registry.WeatherRegistryFixture;
import org.anp.application.server.LoopbackAgents;
import org.anp.application.server.WhoAmIAgent;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.did.Did;
import org.anp.identity.json.StrictJson;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.meta.handler.SchemaHandlerGenerator;
import org.anp.meta.negotiator.Proposal.Role;
import org.anp.meta.session.AgreedProtocol;
import org.anp.meta.selection.DeclaredInterfacesProvider;
import org.anp.meta.store.StoredProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents built only through the {@link Agent} facade, over a real relay and a real registry on
 * loopback: discovery and a JSON-RPC call, a negotiation and its application reply, reuse in a
 * later session, a registry protocol loaded while the provider runs, and a clean close.
 */
class AgentFacadeTest {
  /** What the requester asks for in a negotiation. */
  private static final String NEED = "# Requirements\nThe weather in a city, now.\n\n" + WeatherRegistryFixture.FORMATS;
  /** The registry's consensus protocol: the same formats, other text, so another hash. */
  private static final String PUBLISHED = WeatherRegistryFixture.PROTOCOL;

  @TempDir Path dir;
  private final LoopbackAgents agents = new LoopbackAgents();
  private WeatherRegistryFixture registry;
  private URI registryBase;
  private URI relayUri;

  @BeforeEach
  void start() throws Exception {
    registry = WeatherRegistryFixture.start(dir.resolve("registry"), agents);
    registryBase = registry.registryBase();
    relayUri = registry.relayUri();
  }

  @AfterEach
  void stop() throws Exception {
    registry.close();
  }

  /** A provider serving getWeather by negotiation and whoami/add over JSON-RPC. */
  private Agent.Builder hotel(AgentIdentity id, NegotiationLog log) {
    return Agent.builder(id, AgentDescription.builder("Hotel").description("Weather and rooms").build())
        .serve(new WhoAmIAgent())
        .resolver(agents.resolver())
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp())
        .messaging(relayUri)
        .negotiation(WeatherRegistryFixture.capabilities(), registry.functions())
        .negotiationSettings(b -> b.listener(log))
        .interfaceSelection(DeclaredInterfacesProvider.builder().build());
  }

  /** A requester: negotiates, serves nothing by negotiation. */
  private Agent.Builder traveller(AgentIdentity id, NegotiationLog log) {
    return Agent.builder(id, AgentDescription.builder("Traveller").build())
        .serve(new WhoAmIAgent())
        .resolver(agents.resolver())
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp())
        .messaging(relayUri)
        .negotiation(List.of(), Map.of())
        .negotiationSettings(b -> b.listener(log));
  }

  private static JsonNode weatherRequest(String id) {
    return StrictJson.parse(("{\"messageId\":\"" + id + "\",\"city\":\"Lyon\"}").getBytes(StandardCharsets.UTF_8), 1024);
  }

  @Test
  void discoverCallNegotiateThenReuseInALaterSessionAndCloseCleanly() throws Exception {
    AgentIdentity hotelId = agents.identity("hotel");
    AgentIdentity aliceId = agents.identity("alice");
    NegotiationLog hotelLog = new NegotiationLog();
    Agent hotel = hotel(hotelId, hotelLog).protocolsIn(dir.resolve("hotel-protocols")).build();
    registry.closeLater(hotel);
    URI hotelBase = hotel.start().get(30, TimeUnit.SECONDS);
    agents.publish(hotel.document());
    NegotiationLog aliceLog = new NegotiationLog();
    Agent alice = traveller(aliceId, aliceLog).protocolsIn(dir.resolve("alice-protocols")).build();
    registry.closeLater(alice);
    alice.start().get(30, TimeUnit.SECONDS);

    // Discovery: the description is fetched and its proof verified against the hotel's DID.
    RemoteAgent remote = alice.connect(hotel.did()).get(30, TimeUnit.SECONDS);
    assertThat(remote.did()).isEqualTo(hotel.did());
    assertThat(remote.interfaces()).extracting(AgentInterface::type).contains(AgentInterface.META_PROTOCOL);
    WhoAmIAgent.Caller caller = remote.call("whoami", Map.of(), WhoAmIAgent.Caller.class).get(30, TimeUnit.SECONDS);
    assertThat(caller.did()).isEqualTo(alice.did());

    // Negotiation through the facade, then an application request under the agreed protocol.
    Did hotelDid = Did.parse(hotel.did());
    AgreedProtocol agreed = alice.negotiation().orElseThrow().negotiate(hotelDid, NEED).get(60, TimeUnit.SECONDS);
    assertThat(agreed.reused()).isFalse();
    assertThat(aliceLog.negotiation()).isNotEmpty();
    JsonNode reply = alice.negotiation().orElseThrow().request(hotelDid, weatherRequest("m-1")).get(30, TimeUnit.SECONDS);
    assertThat(reply.path("messageId").asText()).isEqualTo("m-1");
    assertThat(reply.path("tempC").asDouble()).isEqualTo(18.5);
    assertThat(registry.served()).extracting(r -> r.path("messageId").asText() + "@" + r.path("city").asText()).contains("m-1@Lyon");

    // Alice restarts (same identity, same protocol directory): the next session starts at READY.
    alice.close();
    NegotiationLog againLog = new NegotiationLog();
    Agent again = traveller(aliceId, againLog).protocolsIn(dir.resolve("alice-protocols")).build();
    registry.closeLater(again);
    again.start().get(30, TimeUnit.SECONDS);
    againLog.countFramesOf(again.messenger().orElseThrow());
    int hotelNegotiationBefore = hotelLog.negotiation().size();
    AgreedProtocol reused = again.negotiation().orElseThrow().negotiate(hotelDid, NEED).get(60, TimeUnit.SECONDS);
    assertThat(reused.reused()).isTrue();
    assertThat(reused.hash()).isEqualTo(agreed.hash());
    JsonNode second = again.negotiation().orElseThrow().request(hotelDid, weatherRequest("m-2")).get(30, TimeUnit.SECONDS);
    assertThat(second.path("messageId").asText()).isEqualTo("m-2");
    assertThat(againLog.negotiation()).isEmpty();
    assertThat(againLog.metaFrames()).isZero();
    assertThat(hotelLog.negotiation()).hasSize(hotelNegotiationBefore);

    // close() stops the agent's threads and frees its port.
    again.close();
    hotel.close();
    assertPortFree(hotelBase.getPort());
    assertNoThreadsOf(hotel.did());
    assertNoThreadsOf(alice.did());
  }

  @Test
  void aRegistryProtocolLoadedWhileTheProviderRunsIsUsedByTheNextSession() throws Exception {
    ProtocolReference reference = registry.publish();
    AgentIdentity hotelId = agents.identity("hotel");
    NegotiationLog hotelLog = new NegotiationLog();
    // The hotel lists the protocol but holds it only once it runs (no registry client: loaded by hand below).
    Agent hotel = hotel(hotelId, hotelLog).supportsProtocol(reference).build();
    registry.closeLater(hotel);
    hotel.start().get(30, TimeUnit.SECONDS);
    agents.publish(hotel.document());
    LoadedProtocol held = ConsensusProtocolLoader.builder(registry.registryClient(), hotel.protocols(),
            SchemaHandlerGenerator.forProvider(WeatherRegistryFixture.capabilities(), registry.functions()), Role.PROVIDER)
        .build()
        .load(reference, hotelId.did())
        .get(30, TimeUnit.SECONDS);

    NegotiationLog bobLog = new NegotiationLog();
    Agent bob = traveller(agents.identity("bob"), bobLog).registry(registry.registryClient()).build();
    registry.closeLater(bob);
    bob.start().get(30, TimeUnit.SECONDS);
    bobLog.countFramesOf(bob.messenger().orElseThrow());
    RemoteAgent remote = bob.connect(hotel.did()).get(30, TimeUnit.SECONDS);
    Optional<LoadedProtocol> loaded = bob.loadProtocolOf(remote).get(30, TimeUnit.SECONDS);
    assertThat(loaded).isPresent();
    assertThat(loaded.get().protocolHash()).isEqualTo(held.protocolHash());

    Did hotelDid = Did.parse(hotel.did());
    AgreedProtocol agreed = bob.negotiation().orElseThrow().negotiate(hotelDid, loaded.get().document())
        .get(60, TimeUnit.SECONDS);
    assertThat(agreed.reused()).isTrue();
    assertThat(agreed.hash()).isEqualTo(held.protocolHash());
    JsonNode reply = bob.negotiation().orElseThrow().request(hotelDid, weatherRequest("r-1")).get(30, TimeUnit.SECONDS);
    assertThat(reply.path("tempC").asDouble()).isEqualTo(18.5);
    assertThat(bobLog.negotiation()).isEmpty();
    assertThat(hotelLog.negotiation()).isEmpty();
    assertThat(bobLog.metaFrames()).isZero();
  }

  @Test
  void aProviderWithARegistryHoldsTheProtocolsItSupportsOnStart() throws Exception {
    ProtocolReference reference = registry.publish();
    NegotiationLog hotelLog = new NegotiationLog();
    Agent hotel = hotel(agents.identity("hotel"), hotelLog).supportsProtocol(reference).registry(registry.registryClient())
        .build();
    registry.closeLater(hotel);
    hotel.start().get(30, TimeUnit.SECONDS);
    assertThat(hotel.protocols().list()).extracting(StoredProtocol::protocol).containsExactly(PUBLISHED);
  }

  @Test
  void startFailsWhenASupportedProtocolsPublisherIsNotTrusted() throws Exception {
    ProtocolReference reference = registry.publish();
    RegistryClient distrustful = RegistryClient.builder(registryBase)
        .resolver(agents.resolver())
        .trust(TrustPolicy.publishers(Set.of("did:wba:agents.test:someone-else")))
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp())
        .build();
    Agent hotel = hotel(agents.identity("hotel"), new NegotiationLog()).supportsProtocol(reference).registry(distrustful).build();
    registry.closeLater(hotel);
    assertThatThrownBy(() -> hotel.start().get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ApplicationException.class)
        .extracting(e -> ((ApplicationException) e).code()).isEqualTo(ApplicationError.UNTRUSTED_SIGNER);
    assertThat(hotel.protocols().list()).isEmpty();
  }

  @Test
  void theDescriptionListsMetaProtocolInterfaceOnlyWhereAnpNegotiateIsServed() throws Exception {
    Agent hotel = hotel(agents.identity("hotel"), new NegotiationLog()).build();
    registry.closeLater(hotel);
    URI hotelBase = hotel.start().get(30, TimeUnit.SECONDS);
    agents.publish(hotel.document());
    Agent bob = traveller(agents.identity("bob"), new NegotiationLog()).build();
    registry.closeLater(bob);
    bob.start().get(30, TimeUnit.SECONDS);
    agents.publish(bob.document());

    AgentInterface meta = bob.connect(hotel.did()).get(30, TimeUnit.SECONDS).interfaces().stream()
        .filter(AgentInterface::isMetaProtocol).findFirst().orElseThrow();
    assertThat(meta.url()).contains(hotelBase.resolve("/rpc").toString());
    assertThat(hotel.connect(bob.did()).get(30, TimeUnit.SECONDS).interfaces()).noneMatch(AgentInterface::isMetaProtocol);
  }

  @Test
  void negotiationNeedsMessaging() {
    assertThatThrownBy(() -> Agent.builder(agents.identity("x"), AgentDescription.builder("X").build())
            .serve(new WhoAmIAgent())
            .resolver(agents.resolver())
            .negotiation(List.of(), Map.of())
            .build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("messaging");
    assertThatThrownBy(() -> Agent.builder(agents.identity("y"), AgentDescription.builder("Y").build())
            .negotiation(WeatherRegistryFixture.capabilities(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("getWeather");
  }

  private static void assertPortFree(int port) throws Exception {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }

  /** Waits (bounded) for every thread named after {@code did} to end. */
  private static void assertNoThreadsOf(String did) throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains(did)) {
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(t.isAlive()).as(t.getName()).isFalse();
      }
    }
  }
}
