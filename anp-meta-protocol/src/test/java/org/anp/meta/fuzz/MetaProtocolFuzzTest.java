package org.anp.meta.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.negotiation.MetaProtocolBlock;
import org.anp.meta.negotiation.NegotiationConfig;
import org.anp.meta.negotiation.NegotiationEngine;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.negotiator.Proposal;
import org.anp.meta.negotiator.ProtocolDocument;
import org.anp.meta.negotiator.SchemaNegotiator;
import org.anp.meta.negotiator.TestCases;
import org.anp.transport.testing.ManualClock;
import org.anp.meta.wire.Frame;
import org.anp.meta.wire.MetaMessage;
import org.anp.meta.wire.MetaMessageCodec;
import org.anp.meta.wire.UnknownAction;
import org.anp.meta.wire.WireLimits;

/**
 * Fuzz targets for everything this module reads from a peer: frames and negotiation messages,
 * the hellos' {@code metaProtocol} block, and protocol documents and test cases as the
 * deterministic negotiator reads them. Only {@link MetaProtocolException} may escape a parser;
 * engines never throw for peer input.
 */
class MetaProtocolFuzzTest {
  private static final WireLimits LIMITS = new WireLimits(64 * 1024, 16 * 1024);
  private static final SchemaNegotiator PROVIDER = SchemaNegotiator.of(LocalCapability.parseAll("""
      {"capabilities":[{"name":"getWeather","description":"Current weather for a city",
        "requestSchema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
        "responseSchema":{"type":"object","properties":{"tempC":{"type":"number"}},"required":["tempC"]}}]}"""));

  /** A received payload: header byte, then a negotiation message; decoded ones re-encode equal. */
  @FuzzTest
  void frame(byte[] data) {
    MetaMessage message;
    try {
      message = Frame.decode(data, LIMITS.maxMessageBytes() + 1).metaMessage(LIMITS);
    } catch (MetaProtocolException e) {
      return;
    }
    if (!(message instanceof UnknownAction)) {
      assertThat(MetaMessageCodec.decode(MetaMessageCodec.encode(message), new WireLimits(1 << 22, 1 << 21)))
          .isEqualTo(message);
    }
  }

  /** The same bytes fed to a fresh provider and to a requester waiting for an answer. */
  @FuzzTest
  void engine(byte[] data) {
    NegotiationConfig config = NegotiationConfig.builder(PROVIDER)
        .clock(new ManualClock(Instant.parse("2026-12-07T12:00:00Z"))).limits(LIMITS).build();
    NegotiationEngine provider = NegotiationEngine.provider(config);
    assertThat(provider.receive(data)).isNotNull();
    NegotiationEngine requester = NegotiationEngine.requester(
        config.toBuilder().negotiator(SchemaNegotiator.of(List.of())).build(), "# Requirements\nWeather.\n");
    requester.start();
    assertThat(requester.receive(data)).isNotNull();
    assertThat(requester.tick()).isNotNull();
  }

  /** A hello's metaProtocol block; a parsed block survives its own JSON. */
  @FuzzTest
  void helloBlock(byte[] data) {
    MetaProtocolBlock block;
    try {
      block = MetaProtocolBlock.parse(data);
    } catch (MetaProtocolException e) {
      return;
    }
    assertThat(MetaProtocolBlock.parse(block.toJson())).isEqualTo(block);
  }

  /** A candidate protocol (UTF-8 text) judged by the provider; rendering is a fixed point. */
  @FuzzTest
  void protocolDocument(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    ProtocolDocument doc;
    try {
      doc = ProtocolDocument.parse(text);
      PROVIDER.evaluate(new Proposal(Proposal.Role.PROVIDER, 1, text,
          java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty()));
      TestCases.parse(text);
    } catch (MetaProtocolException e) {
      return;
    }
    String rendered = doc.render();
    assertThat(ProtocolDocument.parse(rendered).render()).isEqualTo(rendered);
  }
}
