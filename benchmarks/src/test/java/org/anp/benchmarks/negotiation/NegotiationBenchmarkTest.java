package org.anp.benchmarks.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.anp.meta.ProtocolHash;
import org.anp.meta.negotiator.ProtocolDocument;
import org.anp.meta.session.AgreedProtocol;
import org.anp.meta.wire.Frame;
import org.anp.transport.e2e.SessionEstablished;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs each body of {@link NegotiationBenchmark} once, as JMH would, and checks its work. */
class NegotiationBenchmarkTest {
  private final NegotiationBenchmark benchmark = new NegotiationBenchmark();
  private final NegotiationBenchmark.World world = new NegotiationBenchmark.World();

  @BeforeEach
  void setUp() {
    world.setUp();
  }

  @AfterEach
  void tearDown() {
    world.tearDown();
  }

  @Test
  void theHandshakeEstablishesOneSessionOnBothSides() throws Exception {
    NegotiationBenchmark.NewMessengers s = new NegotiationBenchmark.NewMessengers();
    s.setUp(world);
    try {
      SessionEstablished alice = benchmark.e2eHandshake(s);
      SessionEstablished bob = s.bobSession.getNow(null);
      assertThat(alice.peerDid()).isEqualTo(s.bob.localDid());
      assertThat(bob.peerDid()).isEqualTo(s.alice.localDid());
      assertThat(alice.sessionId()).isEqualTo(bob.sessionId());
      assertThat(alice.secretKeyId()).isEqualTo(bob.secretKeyId());
    } finally {
      s.tearDown(); // also waits for the payload that started the handshake
    }
    assertThat(s.atBob.getNow(null)).containsExactly(1);
  }

  @Test
  void theNegotiationTakesTwoRoundsAndReachesReadyWithTestsOnBothSides() throws Exception {
    NegotiationBenchmark.SessionAgents s = new NegotiationBenchmark.SessionAgents();
    s.setUp(world);
    try {
      assertThat(s.agents.providerReady).isNotDone();
      AgreedProtocol agreed = benchmark.negotiation(s);
      assertThat(agreed.reused()).isFalse();
      assertThat(agreed.hash()).isEqualTo(ProtocolHash.of(agreed.protocol()));
      assertThat(s.agents.providerReady.getNow(null).hash()).isEqualTo(agreed.hash());
      // the provider's counter-proposal (its field name "city") is what was agreed
      assertThat(ProtocolDocument.parse(agreed.protocol()).requestSchema().orElseThrow().path("properties").has("city"))
          .isTrue();
      assertThat(agreed.tests()).hasValueSatisfying(t -> {
        assertThat(t.cases()).isEqualTo(3);
        assertThat(t.passed()).isTrue();
      });
    } finally {
      s.tearDown();
    }
  }

  @Test
  void thePlainRequestGetsBobsReply() throws Exception {
    NegotiationBenchmark.SessionMessengers s = new NegotiationBenchmark.SessionMessengers();
    s.setUp(world);
    try {
      byte[] reply = benchmark.plainRequestReply(s);
      assertThat(reply).isEqualTo(
          Frame.application(NegotiationBenchmark.REPLY.getBytes(StandardCharsets.UTF_8)).encode());
    } finally {
      s.tearDown();
    }
  }

  @Test
  void thePlainJsonRequestGetsTheCapabilitysAnswer() throws Exception {
    NegotiationBenchmark.JsonSessionMessengers s = new NegotiationBenchmark.JsonSessionMessengers();
    s.setUp(world);
    try {
      JsonNode reply = benchmark.plainJsonRequestReply(s);
      assertThat(reply).isEqualTo(NegotiationBenchmark.json(NegotiationBenchmark.REPLY));
    } finally {
      s.tearDown();
    }
  }

  @Test
  void theFirstRequestOnAReusedProtocolIsServed() throws Exception {
    NegotiationBenchmark.ReusingAgents s = new NegotiationBenchmark.ReusingAgents();
    s.agree(world);
    assertThat(s.agreed.reused()).isFalse();
    for (int i = 0; i < 2; i++) { // two invocations: each restart reuses the stored protocol
      s.setUp(world);
      try {
        assertThat(s.agents.providerReady.getNow(null).hash()).isEqualTo(s.agreed.hash());
        int requesterBefore = s.agents.atRequester.get();
        int providerBefore = s.agents.atProvider.get();
        assertThat(providerBefore).as("only the frame that opened the session").isEqualTo(1);
        assertThat(requesterBefore).as("only the provider's settling line (0090)").isEqualTo(1);
        JsonNode reply = benchmark.firstRequestOnReusedProtocol(s);
        // one round trip: the request and its reply (the counting listeners run after the
        // agents' own, so wait for them), and nothing else
        assertThat(s.agents.atProvider.awaitAtLeast(providerBefore + 1, 30)).as("the request at the provider").isTrue();
        assertThat(s.agents.atRequester.awaitAtLeast(requesterBefore + 1, 30)).as("the reply at the requester").isTrue();
        assertThat(s.agents.atProvider.get()).isEqualTo(providerBefore + 1);
        assertThat(s.agents.atRequester.get()).isEqualTo(requesterBefore + 1);
        assertThat(reply.path("messageId").asText()).isEqualTo("m-1");
        assertThat(reply.path("tempC").asDouble()).isEqualTo(21.5);
      } finally {
        s.tearDown();
      }
    }
  }
}
