package org.anp.meta.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.anp.identity.did.Did;
import org.anp.meta.ProtocolHash;
import org.anp.meta.negotiator.FixVerdict;
import org.anp.meta.negotiator.Proposal.Role;
import org.anp.meta.store.ProtocolStore;
import org.anp.meta.store.StoredProtocol;
import org.anp.meta.testing.EnginePair;
import org.anp.meta.testing.ScriptedNegotiator;
import org.anp.meta.wire.FixErrorNegotiation;
import org.anp.meta.wire.NegotiationStatus;
import org.junit.jupiter.api.Test;

class ZeroRttTest {
  private static final String P = "# Requirements\nWeather.\n";
  private static final ProtocolHash H = ProtocolHash.of(P);
  private static final Set<MetaCapability> CAPS = EnumSet.of(MetaCapability.FIX_ERROR_NEGOTIATION);

  @Test
  void aHeldHashIsEchoedAndBothSidesReuseIt() {
    ProtocolStore responderStore = ProtocolStore.inMemory();
    responderStore.put(StoredProtocol.agreed(P, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
        Did.parse("did:wba:example.com:alice"), java.time.Instant.EPOCH));
    MetaProtocolBlock source = MetaProtocolBlock.of(CAPS).withUsedProtocolHash(H);
    MetaProtocolBlock destination = ZeroRtt.answer(source, CAPS, h -> responderStore.find(h).isPresent());
    assertThat(destination.usedProtocolHash()).contains(H);
    assertThat(ZeroRtt.agreed(source, destination)).contains(H);
  }

  @Test
  void anUnknownHashIsNotEchoedAndTheyNegotiate() {
    MetaProtocolBlock source = MetaProtocolBlock.of(CAPS).withUsedProtocolHash(H);
    MetaProtocolBlock destination = ZeroRtt.answer(source, CAPS, h -> false);
    assertThat(destination.usedProtocolHash()).isEmpty();
    assertThat(ZeroRtt.agreed(source, destination)).isEmpty();
    assertThat(ZeroRtt.agreed(MetaProtocolBlock.of(CAPS), destination)).isEmpty();
    MetaProtocolBlock other = MetaProtocolBlock.of(CAPS).withUsedProtocolHash(ProtocolHash.of("# Other\n"));
    assertThat(ZeroRtt.agreed(source, other)).isEmpty();
  }

  @Test
  void reusedEnginesStartReadyAndStillRepairTheProtocol() {
    NegotiationConfig config = NegotiationConfig.builder(ScriptedNegotiator.accepting(P).fixVerdict(d -> FixVerdict.admit()))
        .capabilities(new SessionCapabilities("1.0", CAPS)).build();
    EnginePair p = new EnginePair(
        NegotiationEngine.reused(config, Role.REQUESTER, P), NegotiationEngine.reused(config, Role.PROVIDER, P));
    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.requester.agreedHash()).contains(H);
    assertThat(p.requester.deadline()).isEmpty();
    assertThatThrownBy(p.requester::start).isInstanceOf(IllegalStateException.class);

    p.feed(true, p.requester.reportViolation("missing tempC"));
    assertThat(p.sentBy(false)).contains(new FixErrorNegotiation("", NegotiationStatus.ACCEPTED));
    assertThat(p.providerEvents).contains(new NegotiationEvent.FixAccepted(H, true));
    assertThat(p.requester.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.provider.state()).isEqualTo(NegotiationState.READY);
    assertThat(p.requesterEvents).contains(new NegotiationEvent.Ready(P, H));
    assertThat(Optional.of(p.provider.agreedProtocol().orElseThrow())).contains(P);
  }
}
