package org.anp.meta.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.testing.NegotiationCorpus;
import org.anp.meta.testing.NegotiationCorpus.WireFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetaMessageCodecTest {

  static List<WireFrame> corpusFrames() {
    return NegotiationCorpus.wire();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpusFrames")
  void everyRecordedFrameDecodesAndReencodesToTheSameBytes(WireFrame w) {
    Frame frame = Frame.decode(w.bytes(), 1 << 20);
    assertThat(frame.type()).isEqualTo(ProtocolType.META);
    assertThat(w.bytes()[0] & 0xFF).isEqualTo(w.headerByte());
    assertThat(new String(frame.data(), StandardCharsets.UTF_8)).isEqualTo(w.jsonText());

    MetaMessage m = frame.metaMessage(WireLimits.DEFAULT);
    assertThat(m).isNotInstanceOf(UnknownAction.class);
    assertThat(Frame.meta(m).encode()).isEqualTo(w.bytes());
  }

  @Test
  void recordedFieldsAreReadAsTheSdkMeantThem() {
    List<WireFrame> wire = NegotiationCorpus.wire();
    var first = (ProtocolNegotiation) Frame.decode(wire.get(0).bytes(), 1 << 20).metaMessage(WireLimits.DEFAULT);
    assertThat(first.sequenceId()).isEqualTo(1);
    assertThat(first.status()).isEqualTo(NegotiationStatus.NEGOTIATING);
    assertThat(first.modificationSummary()).isEmpty();
    var counter = (ProtocolNegotiation) Frame.decode(wire.get(1).bytes(), 1 << 20).metaMessage(WireLimits.DEFAULT);
    assertThat(counter.sequenceId()).isEqualTo(2);
    assertThat(counter.modificationSummary()).contains("Added response format.");
    var accepted = (ProtocolNegotiation) Frame.decode(wire.get(2).bytes(), 1 << 20).metaMessage(WireLimits.DEFAULT);
    assertThat(accepted.status()).isEqualTo(NegotiationStatus.ACCEPTED);
    String agreed = NegotiationCorpus.root().get("agreed_protocol_text").textValue();
    assertThat(accepted.candidateProtocols()).isEqualTo(agreed);
    assertThat(ProtocolHash.of(agreed).hex())
        .isEqualTo(NegotiationCorpus.root().get("agreed_protocol_sha256_hex").textValue());
    assertThat(Frame.decode(wire.get(4).bytes(), 1 << 20).metaMessage(WireLimits.DEFAULT))
        .isEqualTo(new CodeGeneration(true));
  }

  @Test
  void recordedMessageConstructorsDecodeAndReencodeAsTheSdkWritesThem() {
    JsonNode constructors = NegotiationCorpus.root().get("message_constructors");
    for (Iterator<Map.Entry<String, JsonNode>> it = constructors.fields(); it.hasNext(); ) {
      var entry = it.next();
      byte[] json = pythonDumps(entry.getValue());
      MetaMessage m = MetaMessageCodec.decode(json, WireLimits.DEFAULT);
      assertThat(m).as(entry.getKey()).isNotInstanceOf(UnknownAction.class);
      assertThat(new String(MetaMessageCodec.encode(m), StandardCharsets.UTF_8))
          .as(entry.getKey())
          .isEqualTo(new String(json, StandardCharsets.UTF_8));
    }
    assertThat(MetaMessageCodec.decode(pythonDumps(constructors.get("naturalLanguageNegotiation(REQUEST)")), WireLimits.DEFAULT))
        .isEqualTo(new NaturalLanguageNegotiation(true, "rjwLlVr28VlOecOc", "Can you do X?"));
    assertThat(MetaMessageCodec.decode(pythonDumps(constructors.get("codeGeneration(error)")), WireLimits.DEFAULT))
        .isEqualTo(new CodeGeneration(false));
  }

  /** The recorded objects written in the SDK's member order with Python's separators. */
  private static byte[] pythonDumps(JsonNode object) {
    StringBuilder sb = new StringBuilder("{");
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      var e = it.next();
      sb.append('"').append(e.getKey()).append("\": ").append(e.getValue().toString());
      if (it.hasNext()) {
        sb.append(", ");
      }
    }
    return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void nonAsciiIsWrittenAsPythonEscapesAndReadBack() {
    var m = ProtocolNegotiation.proposal(0, "é 世 🌍 \u007f \u0001 \"q\" \\", Optional.empty());
    String json = new String(MetaMessageCodec.encode(m), StandardCharsets.US_ASCII);
    assertThat(json)
        .contains("\\u00e9 \\u4e16 \\ud83c\\udf0d \\u007f \\u0001 \\\"q\\\" \\\\");
    assertThat(MetaMessageCodec.decode(json.getBytes(StandardCharsets.US_ASCII), WireLimits.DEFAULT))
        .isEqualTo(m);
  }

  @Test
  void everyMessageRoundTrips() {
    List<MetaMessage> all =
        List.of(
            ProtocolNegotiation.proposal(4, "# P", Optional.of("changed")),
            ProtocolNegotiation.accepted(5, "# P"),
            ProtocolNegotiation.rejected(6, "no"),
            new ProtocolNegotiation(7, "", Optional.empty(), NegotiationStatus.TIMEOUT),
            new CodeGeneration(true),
            new TestCasesNegotiation("# Test Case 1", Optional.of("more"), NegotiationStatus.NEGOTIATING),
            new TestCasesNegotiation("", Optional.empty(), NegotiationStatus.REJECTED),
            new FixErrorNegotiation("# Error", NegotiationStatus.NEGOTIATING),
            new FixErrorNegotiation("", NegotiationStatus.ACCEPTED),
            NaturalLanguageNegotiation.request("why?", new Random(1)),
            new NaturalLanguageNegotiation(false, "abcdefghijklmnop", "because"));
    for (MetaMessage m : all) {
      assertThat(MetaMessageCodec.decode(MetaMessageCodec.encode(m), WireLimits.DEFAULT)).isEqualTo(m);
    }
  }

  @Test
  void sdkRequestIdsAreSixteenLettersAndDigits() {
    var r = NaturalLanguageNegotiation.request("q", new Random(7));
    assertThat(r.messageId()).matches("[A-Za-z0-9]{16}");
    assertThat(r.answer("a")).isEqualTo(new NaturalLanguageNegotiation(false, r.messageId(), "a"));
  }

  @Test
  void unknownActionDecodesAsUnknownAndUnknownMembersAreIgnored() {
    assertThat(decode("{\"action\":\"shakeHands\",\"x\":1}")).isEqualTo(new UnknownAction("shakeHands"));
    assertThat(decode("{\"action\":\"codeGeneration\",\"status\":\"generated\",\"extra\":[1]}"))
        .isEqualTo(new CodeGeneration(true));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "\"protocolNegotiation\"",
        "{}",
        "{\"action\":1}",
        "{\"action\":null}",
        "{\"action\":\"codeGeneration\"}",
        "{\"action\":\"codeGeneration\",\"status\":\"done\"}",
        "{\"action\":\"codeGeneration\",\"status\":\"generated\"} x",
        "{\"action\":\"codeGeneration\",\"status\":\"generated\",\"status\":\"error\"}",
        "{\"action\":\"protocolNegotiation\",\"candidateProtocols\":\"# P\",\"status\":\"negotiating\"}",
        "{\"action\":\"protocolNegotiation\",\"sequenceId\":\"1\",\"candidateProtocols\":\"# P\",\"status\":\"negotiating\"}",
        "{\"action\":\"protocolNegotiation\",\"sequenceId\":1.0,\"candidateProtocols\":\"# P\",\"status\":\"negotiating\"}",
        "{\"action\":\"protocolNegotiation\",\"sequenceId\":-1,\"candidateProtocols\":\"# P\",\"status\":\"negotiating\"}",
        "{\"action\":\"protocolNegotiation\",\"sequenceId\":4294967296,\"candidateProtocols\":\"# P\",\"status\":\"negotiating\"}",
        "{\"action\":\"protocolNegotiation\",\"sequenceId\":1,\"status\":\"negotiating\"}",
        "{\"action\":\"protocolNegotiation\",\"sequenceId\":1,\"candidateProtocols\":\"\",\"status\":\"accepted\"}",
        "{\"action\":\"protocolNegotiation\",\"sequenceId\":1,\"candidateProtocols\":\"# P\",\"status\":\"Negotiating\"}",
        "{\"action\":\"protocolNegotiation\",\"sequenceId\":1,\"candidateProtocols\":\"# P\",\"status\":\"negotiating\",\"modificationSummary\":null}",
        "{\"action\":\"protocolNegotiation\",\"sequenceId\":1,\"candidateProtocols\":7,\"status\":\"negotiating\"}",
        "{\"action\":\"testCasesNegotiation\",\"testCases\":\"c\",\"status\":\"timeout\"}",
        "{\"action\":\"testCasesNegotiation\",\"status\":\"negotiating\"}",
        "{\"action\":\"fixErrorNegotiation\",\"status\":\"negotiating\"}",
        "{\"action\":\"fixErrorNegotiation\",\"errorDescription\":\"e\",\"status\":\"timeout\"}",
        "{\"action\":\"naturalLanguageNegotiation\",\"type\":\"QUESTION\",\"messageId\":\"a\",\"message\":\"m\"}",
        "{\"action\":\"naturalLanguageNegotiation\",\"type\":\"REQUEST\",\"messageId\":\"\",\"message\":\"m\"}",
        "{\"action\":\"naturalLanguageNegotiation\",\"type\":\"REQUEST\",\"messageId\":\"a b\",\"message\":\"m\"}",
        "{\"action\":\"naturalLanguageNegotiation\",\"type\":\"REQUEST\",\"messageId\":\"a\"}"
      })
  void malformedMessagesAreRejectedWithACode(String json) {
    assertThatThrownBy(() -> decode(json))
        .isInstanceOfSatisfying(
            MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.MALFORMED_MESSAGE));
  }

  @Test
  void invalidUtf8IsMalformed() {
    byte[] json = "{\"action\":\"x\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> MetaMessageCodec.decode(json, WireLimits.DEFAULT))
        .isInstanceOfSatisfying(
            MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.MALFORMED_MESSAGE));
  }

  @Test
  void limitsHoldAtTheEdge() {
    String base = "{\"action\":\"fixErrorNegotiation\",\"errorDescription\":\"%s\",\"status\":\"negotiating\"}";
    WireLimits limits = new WireLimits(200, 10);
    assertThat(MetaMessageCodec.decode(String.format(base, "é".repeat(5)).getBytes(StandardCharsets.UTF_8), limits))
        .isEqualTo(new FixErrorNegotiation("é".repeat(5), NegotiationStatus.NEGOTIATING));
    assertThatThrownBy(
            () -> MetaMessageCodec.decode(String.format(base, "é".repeat(5) + "x").getBytes(StandardCharsets.UTF_8), limits))
        .isInstanceOfSatisfying(
            MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.MESSAGE_TOO_LARGE));

    byte[] exact = String.format(base, "x").getBytes(StandardCharsets.UTF_8);
    assertThat(MetaMessageCodec.decode(exact, new WireLimits(exact.length, 10))).isNotNull();
    assertThatThrownBy(() -> MetaMessageCodec.decode(exact, new WireLimits(exact.length - 1, 10)))
        .isInstanceOfSatisfying(
            MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.MESSAGE_TOO_LARGE));
  }

  private static MetaMessage decode(String json) {
    return MetaMessageCodec.decode(json.getBytes(StandardCharsets.UTF_8), WireLimits.DEFAULT);
  }
}
