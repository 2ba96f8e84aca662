package org.anp.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.anp.application.client.RemoteAgent;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.AgentInterface;
import org.anp.application.server.LoopbackAgents;
import org.anp.application.server.WhoAmIAgent;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.meta.selection.Intent;
import org.anp.meta.selection.MetaSelectionClient;
import org.anp.meta.selection.MetaSelectionService;
import org.anp.meta.selection.NegotiateRequestBody;
import org.anp.meta.selection.NegotiationResult;
import org.anp.meta.selection.NegotiationStatus;
import org.anp.meta.selection.SelectedPath;
import org.anp.transport.p1.P1Client;
import org.anp.transport.p1.RpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An agent built with {@link Agent.Builder#interfaceSelection()} answers ANP-06 {@code
 * anp.negotiate} from its own interfaces, on loopback, with no provider written: a caller that
 * names a method as its intent gets that method's interface with the OpenRPC URL the description
 * lists; an intent the agent has no interface for is 1601. Decision record 0084.
 */
class OwnInterfacesSelectionTest {
  private final LoopbackAgents agents = new LoopbackAgents();
  private Agent hotel;
  private Agent alice;

  @AfterEach
  void stop() {
    if (hotel != null) {
      hotel.close();
    }
    if (alice != null) {
      alice.close();
    }
  }

  private Agent.Builder agent(String path) {
    return Agent.builder(agents.identity(path), AgentDescription.builder(path).build())
        .serve(new WhoAmIAgent())
        .resolver(agents.resolver())
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp());
  }

  private MetaSelectionClient signedBy(AgentIdentity caller) {
    IdentityKey key = caller.requireKey(KeyRole.AUTHENTICATION);
    P1Client p1 = P1Client.builder()
        .timeout(Duration.ofSeconds(60))
        .authenticateAs(caller.did(), key.fragment(), key.privateKey())
        .build();
    return MetaSelectionClient.builder(p1).callerDid(caller.did().toString()).build();
  }

  @Test
  void anAgentAnswersNegotiateFromItsOwnInterfaces() throws Exception {
    hotel = agent("hotel").interfaceSelection().build();
    alice = agent("alice").build();
    hotel.start().get(30, TimeUnit.SECONDS);
    alice.start().get(30, TimeUnit.SECONDS);
    agents.publish(hotel.document()); // now naming its description

    RemoteAgent remote = alice.connect(hotel.did()).get(30, TimeUnit.SECONDS);
    AgentInterface meta = remote.interfaces().stream().filter(AgentInterface::isMetaProtocol).findFirst().orElseThrow();
    URI rpc = URI.create(meta.url().orElseThrow());
    String openRpc = remote.interfaces().stream()
        .filter(i -> AgentInterface.STRUCTURED.equals(i.type()))
        .map(i -> i.url().orElseThrow()).findFirst().orElseThrow();
    MetaSelectionClient caller = signedBy(alice.identity());

    NegotiationResult byMethod = caller.negotiate(rpc, hotel.did(),
        NegotiateRequestBody.builder(Intent.of("sum", List.of("add"))).build()).get(30, TimeUnit.SECONDS);
    assertThat(byMethod.status()).isEqualTo(NegotiationStatus.ACCEPTED);
    SelectedPath selected = byMethod.selected().orElseThrow();
    assertThat(selected.capability()).hasValue("whoami");
    assertThat(selected.interfaceId()).hasValue("whoami");
    assertThat(selected.protocol()).hasValue("openrpc");
    assertThat(selected.url()).hasValue(openRpc);
    assertThat(byMethod.negotiationDigest()).isPresent();

    // The interface's name as the intent's name selects it too.
    NegotiationResult byName = caller.negotiate(rpc, hotel.did(),
        NegotiateRequestBody.builder(Intent.of("whoami", List.of())).build()).get(30, TimeUnit.SECONDS);
    assertThat(byName.selected().orElseThrow().interfaceId()).hasValue("whoami");

    // And the selected interface is the one that answers.
    assertThat(remote.call("add", java.util.Map.of("a", 2, "b", 3), Long.class).get(30, TimeUnit.SECONDS)).isEqualTo(5L);

    assertThatThrownBy(() -> caller.negotiate(rpc, hotel.did(),
            NegotiateRequestBody.builder(Intent.of("book a flight", List.of("flights"))).build()).join())
        .isInstanceOf(CompletionException.class)
        .satisfies(t -> assertThat(((RpcException) t.getCause()).error().code()).isEqualTo(1601));
  }

  @Test
  void anAgentWithoutItDoesNotAnswerNegotiate() throws Exception {
    hotel = agent("hotel").build();
    alice = agent("alice").build();
    URI hotelBase = hotel.start().get(30, TimeUnit.SECONDS);
    alice.start().get(30, TimeUnit.SECONDS);
    agents.publish(hotel.document());

    assertThat(alice.connect(hotel.did()).get(30, TimeUnit.SECONDS).interfaces()).noneMatch(AgentInterface::isMetaProtocol);
    assertThatThrownBy(() -> signedBy(alice.identity()).negotiate(hotelBase.resolve("/rpc"), hotel.did(),
            NegotiateRequestBody.builder(Intent.of("sum", List.of("add"))).build()).join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(RpcException.class);
  }

  @Test
  void oneNegotiateMethodPerAgent() {
    AgentIdentity id = agents.identity("twice");
    Agent.Builder twice = Agent.builder(id, AgentDescription.builder("twice").build())
        .serve(new WhoAmIAgent())
        .resolver(agents.resolver())
        .interfaceSelection()
        .p1Method(MetaSelectionService.builder(id.did().toString(), r -> {
          throw new IllegalStateException("not called");
        }).build().method());
    assertThatThrownBy(twice::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("anp.negotiate");
  }
}
