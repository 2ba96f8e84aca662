package org.anp.meta.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.anp.meta.ProtocolHash;
import org.anp.meta.negotiation.NegotiationEngine.Step;
import org.anp.meta.negotiation.NegotiationEvent.CodeNeeded;
import org.anp.meta.negotiation.NegotiationEvent.Ignored;
import org.anp.meta.negotiation.NegotiationEvent.Ready;
import org.anp.meta.negotiator.Verdict;
import org.anp.meta.testing.NegotiationCorpus;
import org.anp.meta.testing.NegotiationCorpus.WireFrame;
import org.anp.meta.testing.ScriptedNegotiator;
import org.anp.meta.wire.Frame;
import org.anp.meta.wire.MetaMessage;
import org.anp.meta.wire.ProtocolNegotiation;
import org.anp.meta.wire.WireLimits;
import org.junit.jupiter.api.Test;

/**
 * Replays the reference SDK's recorded negotiation ({@code negotiation.json}) through our
 * engines, with negotiators that answer as the SDK's scripted model did: every frame our engine
 * sends must be byte-identical to the one the SDK sent at that point.
 */
class ReferenceTranscriptReplayTest {
  private final List<WireFrame> wire = NegotiationCorpus.wire();
  private final String agreed = NegotiationCorpus.root().get("agreed_protocol_text").textValue();
  private final ProtocolHash agreedHash =
      new ProtocolHash(NegotiationCorpus.root().get("agreed_protocol_sha256_hex").textValue());

  private ProtocolNegotiation recorded(int i) {
    return (ProtocolNegotiation) Frame.decode(wire.get(i).bytes(), 1 << 20).metaMessage(WireLimits.DEFAULT);
  }

  private static byte[] json(WireFrame w) {
    return Frame.decode(w.bytes(), 1 << 20).data();
  }

  private static byte[] only(Step step) {
    assertThat(step.outbound()).hasSize(1);
    MetaMessage m = step.outbound().get(0);
    return Frame.meta(m).encode();
  }

  @Test
  void providerMachineAnswersTheSdkRequesterAsTheSdkProviderDid() {
    ProtocolNegotiation counter = recorded(1);
    ScriptedNegotiator asRecorded =
        new ScriptedNegotiator(
            "", p -> Verdict.counter(counter.candidateProtocols(), counter.modificationSummary().orElseThrow()));
    NegotiationEngine provider = NegotiationEngine.provider(NegotiationConfig.builder(asRecorded).build());

    // wire[0]: the SDK requester's first proposal, sequenceId 1.
    assertThat(only(provider.receive(json(wire.get(0))))).isEqualTo(wire.get(1).bytes());
    assertThat(provider.state()).isEqualTo(NegotiationState.WAIT_PEER);

    // wire[2]: the requester accepts our counter (sequenceId 3). Our engine goes to code generation
    // without the SDK's echoed acceptance (wire[3]): spec §4 has no such message (decision 0029).
    Step accepted = provider.receive(json(wire.get(2)));
    assertThat(accepted.outbound()).isEmpty();
    assertThat(accepted.events()).containsExactly(new CodeNeeded(agreed, agreedHash, false));
    assertThat(provider.agreedHash()).contains(agreedHash);

    // Our codeGeneration is the SDK provider's, byte for byte (wire[5]).
    assertThat(only(provider.codeReady())).isEqualTo(wire.get(5).bytes());
    // wire[4]: the requester's codeGeneration.
    assertThat(provider.receive(json(wire.get(4))).events()).containsExactly(new Ready(agreed, agreedHash));
    assertThat(provider.state()).isEqualTo(NegotiationState.READY);
  }

  @Test
  void requesterMachineSpeaksToTheSdkProviderAsTheSdkRequesterDid() {
    ProtocolNegotiation first = recorded(0);
    ScriptedNegotiator asRecorded = new ScriptedNegotiator(first.candidateProtocols(), p -> Verdict.accept());
    NegotiationEngine requester =
        NegotiationEngine.requester(
            NegotiationConfig.builder(asRecorded).firstSequenceId(1).build(), "weather");

    assertThat(only(requester.start())).isEqualTo(wire.get(0).bytes());
    assertThat(only(requester.receive(json(wire.get(1))))).isEqualTo(wire.get(2).bytes());
    assertThat(requester.state()).isEqualTo(NegotiationState.CODEGEN);
    // wire[3]: the SDK provider echoes the acceptance with its stale sequenceId 2: ignored.
    Step echo = requester.receive(json(wire.get(3)));
    assertThat(echo.outbound()).isEmpty();
    assertThat(echo.events()).singleElement().isInstanceOf(Ignored.class);
    assertThat(only(requester.codeReady())).isEqualTo(wire.get(4).bytes());
    assertThat(requester.receive(json(wire.get(5))).events()).containsExactly(new Ready(agreed, agreedHash));
  }
}
