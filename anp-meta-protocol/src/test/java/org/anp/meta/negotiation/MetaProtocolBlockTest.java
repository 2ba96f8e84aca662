package org.anp.meta.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.anp.identity.did.Did;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.testing.ScriptedNegotiator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetaProtocolBlockTest {
  private static final String HASH = "1234567890abcdef".repeat(4);

  private static MetaProtocolBlock parse(String json) {
    return MetaProtocolBlock.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void specExampleIsReadWithItsShortCuts() {
    MetaProtocolBlock b =
        parse("{\"version\":\"1.0\",\"supportedCapabilities\":[\"naturalLanguageProtocol\",\"verificationProtocol\","
            + "\"naturalLanguageNegotiation\",\"testCasesNegotiation\",\"fixErrorNegotiation\"],"
            + "\"usedProtocolHash\":\"" + HASH + "\",\"candidateProtocols\":[\"https://example.com/protocol/1.0\"]}");
    assertThat(b.supportedCapabilities()).isEqualTo(EnumSet.allOf(MetaCapability.class));
    assertThat(b.usedProtocolHash()).contains(new ProtocolHash(HASH));
    assertThat(b.candidateProtocols()).containsExactly("https://example.com/protocol/1.0");
    assertThat(MetaProtocolBlock.parse(b.toJson())).isEqualTo(b);
  }

  @Test
  void referenceSdkBlockReadsProtocolHashAsAliasAndNullAsAbsent() {
    MetaProtocolBlock b = parse("{\"version\":\"1.0\",\"protocolHash\":null}");
    assertThat(b.supportedCapabilities()).isEmpty();
    assertThat(b.usedProtocolHash()).isEmpty();
    assertThat(parse("{\"version\":\"1.0\",\"protocolHash\":\"" + HASH + "\"}").usedProtocolHash())
        .contains(new ProtocolHash(HASH));
  }

  @Test
  void capabilitiesAreTheIntersectionAndUnknownNamesAreDropped() {
    MetaProtocolBlock local =
        MetaProtocolBlock.of(EnumSet.of(MetaCapability.TEST_CASES_NEGOTIATION, MetaCapability.FIX_ERROR_NEGOTIATION));
    MetaProtocolBlock peer =
        parse("{\"version\":\"1.0\",\"supportedCapabilities\":[\"fixErrorNegotiation\",\"teleportation\",\"naturalLanguageProtocol\"]}");
    SessionCapabilities s = SessionCapabilities.between(local, peer);
    assertThat(s.shared()).containsExactly(MetaCapability.FIX_ERROR_NEGOTIATION);
    assertThat(s.allows(MetaCapability.TEST_CASES_NEGOTIATION)).isFalse();
    assertThat(s.version()).isEqualTo("1.0");
  }

  @Test
  void unknownVersionIsRejectedRatherThanGuessed() {
    MetaProtocolBlock peer = parse("{\"version\":\"2.0\",\"supportedCapabilities\":[]}");
    assertThatThrownBy(() -> SessionCapabilities.between(MetaProtocolBlock.of(EnumSet.noneOf(MetaCapability.class)), peer))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.UNSUPPORTED_VERSION));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[]", "{}", "{\"version\":1}", "{\"version\":\"1.0\",\"supportedCapabilities\":\"fixErrorNegotiation\"}",
      "{\"version\":\"1.0\",\"supportedCapabilities\":[1]}", "{\"version\":\"1.0\",\"usedProtocolHash\":\"ABC\"}",
      "{\"version\":\"1.0\",\"usedProtocolHash\":7}", "{\"version\":\"1.0\",\"selectedProtocol\":[]}", "{\"version\""})
  void malformedBlocksAreRejected(String json) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.MALFORMED_MESSAGE));
  }

  @Test
  void blockSizeIsLimited() {
    String big = "{\"version\":\"1.0\",\"selectedProtocol\":\"" + "x".repeat(MetaProtocolBlock.MAX_BYTES) + "\"}";
    assertThatThrownBy(() -> parse(big))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.MESSAGE_TOO_LARGE));
    String uris = "\"u\",".repeat(MetaProtocolBlock.MAX_CANDIDATE_PROTOCOLS);
    assertThat(parse("{\"version\":\"1.0\",\"candidateProtocols\":[" + uris.substring(0, uris.length() - 1) + "]}")
        .candidateProtocols()).hasSize(MetaProtocolBlock.MAX_CANDIDATE_PROTOCOLS);
    assertThatThrownBy(() -> parse("{\"version\":\"1.0\",\"candidateProtocols\":[" + uris + "\"u\"]}"))
        .isInstanceOf(MetaProtocolException.class);
  }

  @Test
  void withUsedProtocolHashKeepsTheRest() {
    MetaProtocolBlock b = MetaProtocolBlock.of(EnumSet.of(MetaCapability.VERIFICATION_PROTOCOL))
        .withUsedProtocolHash(new ProtocolHash(HASH));
    assertThat(b.toJson().toString())
        .isEqualTo("{\"version\":\"1.0\",\"supportedCapabilities\":[\"verificationProtocol\"],\"usedProtocolHash\":\"" + HASH + "\"}");
    assertThat(b.selectedProtocol()).isEqualTo(Optional.empty());
    assertThat(b.candidateProtocols()).isEqualTo(List.of());
  }

  @Test
  void oneNegotiationPerPeerAndSession() {
    Negotiations registry = new Negotiations();
    NegotiationKey key = new NegotiationKey(Did.parse("did:wba:example.com:bob"), "session-1");
    NegotiationConfig config = NegotiationConfig.builder(ScriptedNegotiator.accepting("# P")).build();
    NegotiationEngine first = registry.register(key, NegotiationEngine.provider(config));
    assertThatThrownBy(() -> registry.register(key, NegotiationEngine.provider(config)))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.NEGOTIATION_IN_PROGRESS));
    // Another session with the same peer is another negotiation.
    registry.register(new NegotiationKey(key.peer(), "session-2"), NegotiationEngine.provider(config));
    assertThat(registry.find(key)).containsSame(first);

    first.receive(new byte[] {'x'}); // malformed first message: the engine fails
    assertThat(first.state()).isEqualTo(NegotiationState.FAILED);
    NegotiationEngine second = registry.register(key, NegotiationEngine.provider(config));
    assertThat(registry.find(key)).containsSame(second);
    registry.remove(key);
    assertThat(registry.find(key)).isEmpty();
    assertThat(registry.size()).isEqualTo(1);
  }
}
