package org.anp.application.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.anp.application.Agent;
import org.anp.application.client.AgentClient;
import org.anp.application.client.RemoteAgent;
import org.anp.application.description.AgentDescription;
import org.anp.application.server.LoopbackAgents;
import org.anp.application.server.WhoAmIAgent;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.json.StrictJson;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.meta.handler.SchemaHandlerGenerator;
import org.anp.meta.negotiator.Proposal.Role;
import org.anp.meta.session.AgreedProtocol;
import org.anp.meta.session.MetaProtocolAgent;
import org.anp.meta.store.ProtocolStore;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consensus protocol published to a registry, listed in a provider's description and loaded by
 * two agents, which then go straight to READY over a real relay without a negotiation message.
 */
class ConsensusProtocolTest {
  @TempDir Path dir;
  private final LoopbackAgents agents = new LoopbackAgents();
  private WeatherRegistryFixture registry;
  private AgentIdentity publisher;

  @BeforeEach
  void start() throws Exception {
    registry = WeatherRegistryFixture.start(dir, agents);
    publisher = registry.publisher();
  }

  @AfterEach
  void stop() throws Exception {
    registry.close();
  }

  /**
   * A provider listing {@code reference} in its description (configured further by {@code
   * options}), started, its document published; closed after the test.
   */
  private Agent startedProvider(AgentIdentity id, ProtocolReference reference, Consumer<Agent.Builder> options)
      throws Exception {
    Agent.Builder builder = Agent.builder(id, AgentDescription.builder("Hotel").build())
        .serve(new WhoAmIAgent())
        .supportsProtocol(reference)
        .resolver(agents.resolver())
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp());
    options.accept(builder);
    Agent hotel = registry.closeLater(builder.build());
    hotel.start().get(30, TimeUnit.SECONDS);
    agents.publish(hotel.document());
    return hotel;
  }

  private MetaProtocolAgent metaAgent(MetaProtocolAgent.Builder builder, NegotiationLog log) {
    MetaProtocolAgent agent = builder.listener(log).build();
    log.countFramesOf(agent.messenger());
    registry.closeLater(agent);
    agent.start().join();
    return agent;
  }

  private AgentMessenger.Builder messenger(AgentIdentity identity) {
    return AgentMessenger.builder().identity(LocalIdentity.from(identity)).relay(registry.relayUri()).resolver(agents.resolver());
  }

  @Test
  void aConsensusProtocolLoadedByTwoAgentsLetsThemSkipNegotiation() throws Exception {
    ProtocolReference reference = registry.publish();
    Set<String> trusted = Set.of(publisher.did().toString());

    // The provider loads the protocol it supports, lists it in its description, and serves it.
    AgentIdentity hotelId = agents.identity("hotel");
    ProtocolStore hotelStore = ProtocolStore.inMemory();
    ConsensusProtocolLoader.LoadedProtocol held = ConsensusProtocolLoader.builder(registry.registryClient(trusted), hotelStore,
            SchemaHandlerGenerator.forProvider(WeatherRegistryFixture.capabilities(), registry.functions()), Role.PROVIDER).build()
        .load(reference, hotelId.did()).get(30, TimeUnit.SECONDS);
    Agent hotel = startedProvider(hotelId, reference, b -> b.protocols(hotelStore));
    NegotiationLog hotelLog = new NegotiationLog();
    MetaProtocolAgent hotelMeta = metaAgent(
        MetaProtocolAgent.builder(messenger(hotelId)).serve(WeatherRegistryFixture.capabilities(), registry.functions()).store(hotelStore), hotelLog);

    // The requester finds the protocol in the verified description and loads it.
    AgentIdentity aliceId = agents.identity("alice");
    RemoteAgent remote = AgentClient.builder().resolver(agents.resolver())
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp()).identity(aliceId).build()
        .connect(hotel.did()).get(30, TimeUnit.SECONDS);
    assertThat(ProtocolReference.listedIn(remote.description().description())).containsExactly(reference);
    ProtocolStore aliceStore = ProtocolStore.inMemory();
    Optional<ConsensusProtocolLoader.LoadedProtocol> loaded = ConsensusProtocolLoader.builder(
            registry.registryClient(trusted), aliceStore, SchemaHandlerGenerator.forRequester(), Role.REQUESTER).build()
        .loadFirst(remote.description()).get(30, TimeUnit.SECONDS);
    assertThat(loaded).isPresent();
    assertThat(loaded.get().protocolHash()).isEqualTo(held.protocolHash())
        .isEqualTo(ConsensusProtocolLoader.protocolHash(loaded.get().pkg()));
    NegotiationLog aliceLog = new NegotiationLog();
    MetaProtocolAgent alice = metaAgent(MetaProtocolAgent.builder(messenger(aliceId)).store(aliceStore), aliceLog);

    AgreedProtocol agreed = alice.negotiate(hotelMeta.localDid(), loaded.get().document()).get(60, TimeUnit.SECONDS);
    assertThat(agreed.reused()).isTrue();
    assertThat(agreed.hash()).isEqualTo(held.protocolHash());

    JsonNode reply = alice.request(hotelMeta.localDid(),
        StrictJson.parse("{\"messageId\":\"m-1\",\"city\":\"Lyon\"}".getBytes(StandardCharsets.UTF_8), 1024))
        .get(30, TimeUnit.SECONDS);
    assertThat(reply.path("messageId").asText()).isEqualTo("m-1");
    assertThat(reply.path("tempC").asDouble()).isEqualTo(18.5);
    assertThat(registry.served()).hasSize(1);
    assertThat(registry.served().get(0).path("city").asText()).isEqualTo("Lyon");
    assertThat(hotelLog.requestsServed()).isEqualTo(1);

    // Not one negotiation message either way.
    assertThat(aliceLog.negotiation()).isEmpty();
    assertThat(hotelLog.negotiation()).isEmpty();
    assertThat(aliceLog.metaFrames()).isZero();
    assertThat(hotelLog.metaFrames()).isZero();
  }

  @Test
  void aRequesterThatDoesNotTrustThePublisherLoadsNothing() throws Exception {
    ProtocolReference reference = registry.publish();
    AgentIdentity hotelId = agents.identity("hotel");
    Agent hotel = startedProvider(hotelId, reference, b -> {});
    RemoteAgent remote = AgentClient.builder().resolver(agents.resolver())
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp()).build()
        .connect(hotel.did()).get(30, TimeUnit.SECONDS);

    ProtocolStore store = ProtocolStore.inMemory();
    Optional<ConsensusProtocolLoader.LoadedProtocol> loaded = ConsensusProtocolLoader.builder(
            registry.registryClient(Set.of("did:wba:agents.test:someone-else")), store,
            SchemaHandlerGenerator.forRequester(), Role.REQUESTER).build()
        .loadFirst(remote.description()).get(30, TimeUnit.SECONDS);
    assertThat(loaded).isEmpty();
    assertThat(store.list()).isEmpty();
  }
}
