package org.anp.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.relay.RelayServer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.anp.application.client.RemoteAgent;
import org.anp.application.description.AgentDescription;
import org.anp.application.server.LoopbackAgents;
import org.anp.application.server.WhoAmIAgent;
import org.anp.identity.resolve.DocumentFetchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two {@link Agent}s on loopback: one finds the other by DID and calls it as itself. */
class AgentTest {
  private final LoopbackAgents agents = new LoopbackAgents();
  private Agent hotel;
  private Agent alice;

  private Agent agent(String path, String name) {
    return Agent.builder(agents.identity(path), AgentDescription.builder(name).description(name + " agent").build())
        .serve(new WhoAmIAgent())
        .resolver(agents.resolver())
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp())
        .build();
  }

  @AfterEach
  void stop() {
    if (hotel != null) {
      hotel.close();
    }
    if (alice != null) {
      alice.close();
    }
  }

  @Test
  void oneAgentCallsAnothersMethodByDidAuthenticatedAsItself() throws Exception {
    hotel = agent("hotel", "Hotel");
    alice = agent("alice", "Alice");
    URI hotelBase = hotel.start().get(30, TimeUnit.SECONDS);
    alice.start().get(30, TimeUnit.SECONDS);
    agents.publish(hotel.document());

    assertThat(hotel.descriptionUrl().toString()).startsWith(hotelBase.toString());
    RemoteAgent remote = alice.connect(hotel.did()).get(30, TimeUnit.SECONDS);
    assertThat(remote.did()).isEqualTo(hotel.did());

    WhoAmIAgent.Caller caller = remote.call("whoami", java.util.Map.of(), WhoAmIAgent.Caller.class)
        .get(30, TimeUnit.SECONDS);
    assertThat(caller.did()).isEqualTo(alice.did());
    assertThat(remote.call("add", java.util.Map.of("a", 2, "b", 3), Long.class).get(30, TimeUnit.SECONDS))
        .isEqualTo(5L);
    assertThat(hotel.protocols()).isNotNull();
  }

  @Test
  void agentsMessageThroughTheRelayOnOneAgentsOwnPort() throws Exception {
    java.util.concurrent.CompletableFuture<ReceivedMessage> received = new java.util.concurrent.CompletableFuture<>();
    hotel = Agent.builder(agents.identity("hotel"), AgentDescription.builder("Hotel").build())
        .serve(new WhoAmIAgent())
        .resolver(agents.resolver())
        .relay(RelayServer.builder().resolver(agents.resolver()).build())
        .messagingOnOwnRelay()
        .onMessage(received::complete)
        .build();
    URI hotelBase = hotel.start().get(30, TimeUnit.SECONDS);
    URI relayUrl = hotel.relayUrl().orElseThrow();
    assertThat(relayUrl.getPort()).isEqualTo(hotelBase.getPort());
    alice = Agent.builder(agents.identity("alice"), AgentDescription.builder("Alice").build())
        .serve(new WhoAmIAgent())
        .resolver(agents.resolver())
        .messaging(relayUrl)
        .build();
    alice.start().get(30, TimeUnit.SECONDS);

    alice.messenger().orElseThrow()
        .send(org.anp.identity.did.Did.parse(hotel.did()), "a room for two".getBytes(StandardCharsets.UTF_8))
        .get(30, TimeUnit.SECONDS);
    ReceivedMessage message = received.get(30, TimeUnit.SECONDS);
    assertThat(message.senderDid().toString()).isEqualTo(alice.did());
    assertThat(new String(message.payload(), StandardCharsets.UTF_8)).isEqualTo("a room for two");
  }

  @Test
  void aDidWithoutADescriptionServiceCannotBeCalled() throws Exception {
    hotel = agent("hotel", "Hotel");
    alice = agent("alice", "Alice");
    hotel.start().get(30, TimeUnit.SECONDS);
    // hotel.document() (with the description service) is not published: the DID names no description.
    assertThatThrownBy(() -> alice.connect(hotel.did()).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ApplicationException.class)
        .extracting(e -> ((ApplicationException) e).code()).isEqualTo(ApplicationError.FETCH_FAILED);
  }

  @Test
  void anAgentNeedsAResolverAndAnInterface() {
    AgentDescription d = AgentDescription.builder("X").build();
    assertThatThrownBy(() -> Agent.builder(agents.identity("x"), d).serve(new WhoAmIAgent()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("resolver");
    assertThatThrownBy(() -> Agent.builder(agents.identity("y"), d).resolver(agents.resolver()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("interface");
  }
}
