package org.anp.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.json.StrictJson;
import org.anp.meta.ProtocolHash;
import org.anp.meta.negotiation.NegotiationConfig;
import org.anp.meta.negotiation.NegotiationEngine;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.negotiation.NegotiationState;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.negotiator.Negotiator;
import org.anp.meta.negotiator.Proposal;
import org.anp.meta.negotiator.SchemaNegotiator;
import org.anp.meta.negotiator.Verdict;
import org.anp.meta.wire.FixErrorNegotiation;
import org.anp.meta.wire.Frame;
import org.anp.meta.wire.MetaMessage;
import org.anp.meta.wire.MetaMessageCodec;
import org.anp.meta.wire.NaturalLanguageNegotiation;
import org.anp.meta.wire.NegotiationStatus;
import org.anp.meta.wire.ProtocolNegotiation;
import org.anp.meta.wire.ProtocolType;
import org.anp.meta.wire.TestCasesNegotiation;
import org.anp.meta.wire.WireLimits;

/**
 * The reference SDK's meta-protocol transcript ({@code meta-protocol/negotiation.json}):
 * <ul>
 *   <li>{@code framing}: each protocol type's value and header byte;
 *   <li>{@code wire[i]}: the frame decodes (header byte, PT=00, a negotiation message whose
 *       fields are those of {@code json_text}) and encodes back to the same bytes;
 *   <li>{@code agreed_protocol}: the hash of {@code agreed_protocol_text};
 *   <li>{@code replay/provider}: the requester's frames, fed to our provider machine with a
 *       negotiator that answers as the recorded provider did, make it send the recorded provider
 *       frames, byte for byte, and reach READY on the agreed protocol; the SDK's echo of an
 *       acceptance is not sent (decision record 0029);
 *   <li>{@code message_constructors/*}: each sample message decodes and encodes to the same JSON.
 * </ul>
 * Stateless and thread-safe.
 */
public final class MetaProtocolSuite implements ConformanceSuite {
  private static final int MAX_FRAME = 1 << 20;
  private static final String REQUESTER = "requester";

  @Override
  public String name() {
    return "meta-protocol";
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return root != null && root.isObject() && root.path("framing").isObject() && root.path("wire").isArray();
  }

  @Override
  public Optional<String> malformation(JsonNode root) {
    return FileShape.problem(root, f -> f
        .object("framing", x -> x.object("protocol_types", y -> { }).object("header_bytes_hex", y -> { }))
        .eachObject("wire", w -> w.text("from").text("hex").text("json_text"))
        .text("agreed_protocol_text")
        .text("agreed_protocol_sha256_hex"));
  }

  @Override
  public String emitFileName() {
    return "negotiation.json";
  }

  @Override
  public List<CaseResult> run(JsonNode root) {
    List<CaseResult> results = new ArrayList<>();
    results.add(CaseChecks.check("framing", () -> framing(root.get("framing"))));
    JsonNode wire = root.get("wire");
    for (int i = 0; i < wire.size(); i++) {
      JsonNode w = wire.get(i);
      results.add(CaseChecks.check("wire[" + i + "]", () -> frame(w)));
    }
    results.add(CaseChecks.check("agreed_protocol", () -> {
      ProtocolHash expected = new ProtocolHash(root.get("agreed_protocol_sha256_hex").textValue());
      require(ProtocolHash.of(root.get("agreed_protocol_text").textValue()).equals(expected),
          "agreed_protocol_text does not hash to agreed_protocol_sha256_hex");
    }));
    results.add(CaseChecks.check("replay/provider", () -> replay(root)));
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("message_constructors").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      results.add(CaseChecks.check("message_constructors/" + e.getKey(), () -> roundTrip(e.getValue())));
    }
    return results;
  }

  private static void framing(JsonNode framing) {
    for (ProtocolType type : ProtocolType.values()) {
      String name = type == ProtocolType.NATURAL_LANGUAGE ? "NATURAL" : type.name();
      JsonNode value = framing.path("protocol_types").path(name);
      require(value.isInt() && value.intValue() == type.value(), name + ": value " + value + ", ours " + type.value());
      String hex = framing.path("header_bytes_hex").path(name).asText();
      require(hex.equalsIgnoreCase(HexFormat.of().toHexDigits(type.headerByte())),
          name + ": header byte " + hex + ", ours " + HexFormat.of().toHexDigits(type.headerByte()));
    }
  }

  private static void frame(JsonNode w) throws Exception {
    byte[] bytes = HexFormat.of().parseHex(w.get("hex").textValue());
    Frame frame = Frame.decode(bytes, MAX_FRAME);
    if (w.has("header_byte")) {
      require((bytes[0] & 0xFF) == w.get("header_byte").asInt(), "header byte " + (bytes[0] & 0xFF)
          + ", recorded " + w.get("header_byte").asInt());
    }
    require(frame.type() == ProtocolType.META, "PT " + frame.type() + ", expected META");
    require(Arrays.equals(frame.data(), w.get("json_text").textValue().getBytes(StandardCharsets.UTF_8)),
        "the data after the header is not json_text");
    MetaMessage message = frame.metaMessage(WireLimits.DEFAULT);
    JsonNode recorded = StrictJson.parse(frame.data(), MAX_FRAME);
    require(fields(message).equals(recorded), "decoded fields " + fields(message) + " differ from " + recorded);
    require(Arrays.equals(Frame.meta(message).encode(), bytes), "our encoding of the message differs from the recorded bytes");
  }

  private static void roundTrip(JsonNode sample) throws Exception {
    byte[] json = StrictJson.mapper().writeValueAsBytes(sample);
    MetaMessage message = MetaMessageCodec.decode(json, WireLimits.DEFAULT);
    require(fields(message).equals(sample), "decoded and encoded again: " + fields(message) + ", recorded " + sample);
  }

  private static JsonNode fields(MetaMessage message) {
    return StrictJson.parse(MetaMessageCodec.encode(message), MAX_FRAME);
  }

  /** Feeds the requester's frames to our provider; compares what it sends with the recording. */
  private static void replay(JsonNode root) {
    List<byte[]> expected = new ArrayList<>();
    Deque<ProtocolNegotiation> answers = new ArrayDeque<>();
    List<byte[]> fromRequester = new ArrayList<>();
    boolean requesterAccepted = false;
    for (JsonNode w : root.get("wire")) {
      byte[] bytes = HexFormat.of().parseHex(w.get("hex").textValue());
      MetaMessage m = Frame.decode(bytes, MAX_FRAME).metaMessage(WireLimits.DEFAULT);
      if (REQUESTER.equals(w.get("from").textValue())) {
        fromRequester.add(Frame.decode(bytes, MAX_FRAME).data());
        requesterAccepted |= m instanceof ProtocolNegotiation pn && pn.status() == NegotiationStatus.ACCEPTED;
      } else if (m instanceof ProtocolNegotiation pn && pn.status() == NegotiationStatus.ACCEPTED && requesterAccepted) {
        continue; // the SDK's echo of the requester's acceptance: not in spec §4 (decision 0029)
      } else {
        expected.add(bytes);
        if (m instanceof ProtocolNegotiation pn) {
          answers.add(pn);
        }
      }
    }
    NegotiationEngine provider = NegotiationEngine.provider(NegotiationConfig.builder(asRecorded(answers)).build());
    List<byte[]> sent = new ArrayList<>();
    for (byte[] json : fromRequester) {
      NegotiationEngine.Step step = provider.receive(json);
      collect(provider, step, sent);
    }
    require(sent.size() == expected.size(), "our provider sent " + sent.size() + " frames, the recording has " + expected.size());
    for (int i = 0; i < sent.size(); i++) {
      require(Arrays.equals(sent.get(i), expected.get(i)), "provider frame " + (i + 1) + " differs from the recording");
    }
    require(provider.state() == NegotiationState.READY, "our provider ended in " + provider.state() + ", not READY");
    require(provider.agreedProtocol().orElse("").equals(root.get("agreed_protocol_text").textValue()),
        "our provider agreed another text than agreed_protocol_text");
  }

  private static void collect(NegotiationEngine engine, NegotiationEngine.Step step, List<byte[]> sent) {
    step.outbound().forEach(m -> sent.add(Frame.meta(m).encode()));
    for (NegotiationEvent e : step.events()) {
      if (e instanceof NegotiationEvent.CodeNeeded) {
        collect(engine, engine.codeReady(), sent);
      } else if (e instanceof NegotiationEvent.Failed f) {
        throw new IllegalStateException("our provider failed: " + f.code() + ": " + f.reason());
      }
    }
  }

  /** A provider negotiator that answers each proposal as the recorded provider did, in order. */
  private static Negotiator asRecorded(Deque<ProtocolNegotiation> answers) {
    return new Negotiator() {
      @Override
      public String draft(String need) {
        throw new IllegalStateException("a provider drafts nothing");
      }

      @Override
      public Verdict evaluate(Proposal proposal) {
        ProtocolNegotiation answer = answers.poll();
        if (answer == null || answer.status() == NegotiationStatus.ACCEPTED) {
          return Verdict.accept();
        }
        if (answer.status() == NegotiationStatus.REJECTED) {
          return Verdict.reject(answer.modificationSummary().orElse(""));
        }
        return Verdict.counter(answer.candidateProtocols(), answer.modificationSummary().orElse("changed"));
      }
    };
  }

  private static void require(boolean ok, String why) {
    if (!ok) {
      throw new IllegalStateException(why);
    }
  }

  // ---- emission ----

  @Override
  public JsonNode emit(SecureRandom random, Clock clock) {
    String capabilities = """
        {"capabilities":[{"name":"getWeather","description":"Current weather for a city",
          "requestSchema":{"type":"object","properties":{"messageId":{"type":"string"},"city":{"type":"string"}},
            "required":["messageId","city"]},
          "responseSchema":{"type":"object","properties":{"messageId":{"type":"string"},"code":{"type":"integer"},
            "tempC":{"type":"number"}},"required":["messageId","code","tempC"]}}]}""";
    String need = "# Requirements\nReturn weather for a city.\n\n# Data Format\n## Request Message Format\n"
        + "```json\n{\"type\":\"object\",\"properties\":{\"messageId\":{\"type\":\"string\"},\"cityName\":{\"type\":\"string\"}},"
        + "\"required\":[\"messageId\",\"cityName\"]}\n```\n\n## Response Message Format\n```json\n"
        + "{\"type\":\"object\",\"properties\":{\"messageId\":{\"type\":\"string\"},\"tempC\":{\"type\":\"number\"}},"
        + "\"required\":[\"messageId\",\"tempC\"]}\n```\n";
    NegotiationEngine requester = NegotiationEngine.requester(
        NegotiationConfig.builder(SchemaNegotiator.of(List.of())).clock(clock).random(random).firstSequenceId(1).build(), need);
    NegotiationEngine provider = NegotiationEngine.provider(
        NegotiationConfig.builder(SchemaNegotiator.of(LocalCapability.parseAll(capabilities))).clock(clock).random(random).build());
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ObjectNode meta = root.putObject("meta");
    meta.put("generated_at", clock.instant().toString());
    meta.put("generator", "anp-java anp conformance --emit meta-protocol");
    root.put("note", "Negotiated by this implementation's engines with the deterministic schema negotiator.");
    ObjectNode framing = root.putObject("framing");
    ObjectNode types = framing.putObject("protocol_types");
    ObjectNode headers = framing.putObject("header_bytes_hex");
    for (ProtocolType t : ProtocolType.values()) {
      String name = t == ProtocolType.NATURAL_LANGUAGE ? "NATURAL" : t.name();
      types.put(name, t.value());
      headers.put(name, HexFormat.of().toHexDigits(t.headerByte()));
    }
    ArrayNode wire = root.putArray("wire");
    pump(requester, provider, wire);
    String agreed = provider.agreedProtocol().orElseThrow(() -> new IllegalStateException("the emitted negotiation did not agree"));
    root.put("agreed_protocol_sha256_hex", ProtocolHash.of(agreed).hex());
    root.put("agreed_protocol_text", agreed);
    ObjectNode samples = root.putObject("message_constructors");
    samples.set(TestCasesNegotiation.ACTION, fields(new TestCasesNegotiation("case 1: ...", Optional.of("added case 2"), NegotiationStatus.NEGOTIATING)));
    samples.set(FixErrorNegotiation.ACTION, fields(new FixErrorNegotiation("# Error Description\n- missing code", NegotiationStatus.NEGOTIATING)));
    samples.set(NaturalLanguageNegotiation.ACTION, fields(new NaturalLanguageNegotiation(true, "m-1", "Which cities do you cover?")));
    return root;
  }

  /** Runs both engines against each other, recording every frame in order. */
  private static void pump(NegotiationEngine requester, NegotiationEngine provider, ArrayNode wire) {
    record Pending(boolean fromRequester, MetaMessage message) {}
    Deque<Pending> queue = new ArrayDeque<>();
    Deque<NegotiationEngine.Step> steps = new ArrayDeque<>();
    requester.start().outbound().forEach(m -> queue.add(new Pending(true, m)));
    int guard = 0;
    while (!queue.isEmpty() && guard++ < 100) {
      Pending p = queue.poll();
      byte[] bytes = Frame.meta(p.message()).encode();
      ObjectNode w = wire.addObject();
      w.put("from", p.fromRequester() ? REQUESTER : "provider");
      w.put("hex", HexFormat.of().formatHex(bytes));
      w.put("header_byte", bytes[0] & 0xFF);
      w.put("json_text", new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8));
      NegotiationEngine to = p.fromRequester() ? provider : requester;
      steps.add(to.receive(p.message()));
      while (!steps.isEmpty()) {
        NegotiationEngine.Step step = steps.poll();
        step.outbound().forEach(m -> queue.add(new Pending(!p.fromRequester(), m)));
        for (NegotiationEvent e : step.events()) {
          if (e instanceof NegotiationEvent.CodeNeeded) {
            steps.add(to.codeReady());
          }
        }
      }
    }
  }
}
