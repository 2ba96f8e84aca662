package org.anp.transport.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.anp.identity.did.Did;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.e2e.Role;
import org.anp.transport.e2e.SessionEstablished;
import org.anp.transport.spi.HelloExtensions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two agents on a real loopback relay negotiate a {@code metaProtocol} block in their hellos. */
class HelloExtensionsMessengerTest {
  private final LoopbackRelay world = new LoopbackRelay();

  @AfterEach
  void close() {
    world.close();
  }

  private static ObjectNode capabilities(String... names) {
    ObjectNode block = JsonNodeFactory.instance.objectNode();
    block.put("version", "1.0");
    var list = block.putArray("supportedCapabilities");
    for (String n : names) {
      list.add(n);
    }
    return block;
  }

  /** Offers its capabilities and a candidate protocol; answers with the capabilities both have. */
  private static final class Negotiating implements HelloExtensions {
    private final List<String> mine;
    final List<Did> offeredTo = new CopyOnWriteArrayList<>();
    final List<JsonNode> offersSeen = new CopyOnWriteArrayList<>();

    Negotiating(String... mine) {
      this.mine = List.of(mine);
    }

    @Override
    public Optional<ObjectNode> offer(Did peerDid) {
      offeredTo.add(peerDid);
      ObjectNode block = capabilities(mine.toArray(String[]::new));
      block.putArray("candidateProtocols").add("https://example.test/protocol/" + peerDid.methodSpecificId());
      return Optional.of(block);
    }

    @Override
    public Optional<ObjectNode> answer(Did peerDid, Optional<JsonNode> offered) {
      offered.ifPresent(offersSeen::add);
      List<String> common = offered.map(o -> o.path("supportedCapabilities")).stream()
          .flatMap(a -> java.util.stream.StreamSupport.stream(a.spliterator(), false))
          .map(JsonNode::asText).filter(mine::contains).toList();
      ObjectNode block = capabilities(common.toArray(String[]::new));
      offered.map(o -> o.path("candidateProtocols").path(0).asText()).ifPresent(p -> block.put("selectedProtocol", p));
      return Optional.of(block);
    }
  }

  @Test
  void eachAgentSeesThePeersBlockWhenTheSessionIsEstablished() throws Exception {
    LocalIdentity aliceId = world.known();
    LocalIdentity bobId = world.known();
    Negotiating aliceHook = new Negotiating("naturalLanguageNegotiation", "testCasesNegotiation");
    Negotiating bobHook = new Negotiating("testCasesNegotiation", "fixErrorNegotiation");
    AgentMessenger alice = world.build(world.messenger(aliceId).helloExtensions(aliceHook));
    AgentMessenger bob = world.build(world.messenger(bobId).helloExtensions(bobHook));
    BlockingQueue<SessionEstablished> aliceSessions = new LinkedBlockingQueue<>();
    BlockingQueue<SessionEstablished> bobSessions = new LinkedBlockingQueue<>();
    BlockingQueue<ReceivedMessage> bobInbox = new LinkedBlockingQueue<>();
    // Events in callback order: the session event comes before the payload it carried.
    List<String> bobEvents = new CopyOnWriteArrayList<>();
    alice.onSessionEstablished(aliceSessions::add);
    bob.onSessionEstablished(s -> {
      bobEvents.add("session");
      bobSessions.add(s);
    });
    bob.onMessage(m -> {
      bobEvents.add("message");
      bobInbox.add(m);
    });
    bob.start().get(30, TimeUnit.SECONDS);

    // A meta-protocol frame: header byte first (PT=01, a protocol negotiation frame), then data.
    byte[] frame = {0x40, '{', '}', (byte) 0xff, 0x00};
    SendResult sent = alice.send(bobId.did(), frame).get(30, TimeUnit.SECONDS);

    SessionEstablished atAlice = aliceSessions.poll(30, TimeUnit.SECONDS);
    SessionEstablished atBob = bobSessions.poll(30, TimeUnit.SECONDS);
    ReceivedMessage got = bobInbox.poll(30, TimeUnit.SECONDS);
    assertThat(sent.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(got).isNotNull();
    assertThat(got.payload()).containsExactly(frame);
    assertThat(bobEvents).containsExactly("session", "message");

    assertThat(atAlice).isNotNull();
    assertThat(atBob).isNotNull();
    assertThat(atAlice.sessionId()).isEqualTo(atBob.sessionId());
    assertThat(atAlice.secretKeyId()).isEqualTo(atBob.secretKeyId());
    assertThat(atAlice.role()).isEqualTo(Role.INITIATOR);
    assertThat(atBob.role()).isEqualTo(Role.RESPONDER);
    assertThat(atAlice.peerDid()).isEqualTo(bobId.did());
    assertThat(atBob.peerDid()).isEqualTo(aliceId.did());
    // Bob sees Alice's offer, made for him; Alice sees Bob's answer to it.
    JsonNode offer = atBob.peerMetaProtocol().orElseThrow();
    assertThat(offer.path("supportedCapabilities").toString())
        .isEqualTo("[\"naturalLanguageNegotiation\",\"testCasesNegotiation\"]");
    String candidate = "https://example.test/protocol/" + bobId.did().methodSpecificId();
    assertThat(offer.path("candidateProtocols").path(0).asText()).isEqualTo(candidate);
    JsonNode answer = atAlice.peerMetaProtocol().orElseThrow();
    assertThat(answer.path("supportedCapabilities").toString()).isEqualTo("[\"testCasesNegotiation\"]");
    assertThat(answer.path("selectedProtocol").asText()).isEqualTo(candidate);
    assertThat(atAlice.localMetaProtocol()).contains(offer);
    assertThat(atBob.localMetaProtocol()).contains(answer);
    assertThat(aliceHook.offeredTo).containsExactly(bobId.did());
    assertThat(bobHook.offersSeen).containsExactly(offer);
    assertThat(bobHook.offeredTo).isEmpty();
  }
}
