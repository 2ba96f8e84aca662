package org.anp.meta.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.anp.identity.did.Did;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.negotiation.NegotiationConfig;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.negotiator.ProtocolDocument;
import org.anp.meta.store.ProtocolStore;
import org.anp.transport.testing.ManualClock;
import org.anp.meta.wire.FixErrorNegotiation;
import org.anp.meta.wire.Frame;
import org.anp.meta.wire.NegotiationStatus;
import org.anp.meta.wire.ProtocolNegotiation;
import org.anp.meta.wire.ProtocolType;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two agents negotiating over a real relay on loopback with the default negotiator. */
class MetaProtocolAgentTest {
  static final String CAPABILITIES = """
      {"capabilities":[
        {"name":"getStock","description":"Stock level of a product",
         "requestSchema":{"type":"object","properties":{"sku":{"type":"string"}},"required":["sku"]},
         "responseSchema":{"type":"object","properties":{"count":{"type":"integer"}},"required":["count"]}},
        {"name":"getWeather","description":"Current weather for a city",
         "requestSchema":{"type":"object","properties":{
            "messageId":{"type":"string"},"city":{"type":"string"},"units":{"type":"string"}},
            "required":["messageId","city"]},
         "responseSchema":{"type":"object","properties":{
            "messageId":{"type":"string"},"code":{"type":"integer"},"tempC":{"type":"number"},
            "humidity":{"type":"number"}},"required":["messageId","code","tempC"]}}
      ]}""";

  static String doc(String request, String response) {
    return "# Requirements\nCurrent weather for a city.\n\n# Data Format\n## Request Message Format\n```json\n"
        + request + "\n```\n\n## Response Message Format\n```json\n" + response + "\n```\n";
  }

  /** Exactly what the provider serves: accepted in round 1. */
  static final String EXACT_NEED = doc(
      """
      {"type":"object","properties":{"messageId":{"type":"string"},"city":{"type":"string"},
       "units":{"type":"string"}},"required":["messageId","city"]}""",
      """
      {"type":"object","properties":{"messageId":{"type":"string"},"code":{"type":"integer"},
       "tempC":{"type":"number"},"humidity":{"type":"number"}},"required":["messageId","code","tempC"]}""");

  /** Other names and extra fields: countered by the provider, accepted in round 2. */
  static final String NEED = doc(
      """
      {"type":"object","properties":{"messageId":{"type":"string"},"cityName":{"type":"string"},
       "country":{"type":"string"}},"required":["messageId","cityName","country"]}""",
      """
      {"type":"object","properties":{"messageId":{"type":"string"},"tempC":{"type":"number"},
       "humidity":{"type":"number"},"windSpeed":{"type":"number"}},"required":["messageId","tempC","humidity"]}""");

  /** Nothing the provider serves. */
  static final String FLIGHT_NEED = "# Requirements\nFlight status.\n\n# Data Format\n## Request Message Format\n```json\n"
      + "{\"type\":\"object\",\"properties\":{\"flightNumber\":{\"type\":\"string\"}},\"required\":[\"flightNumber\"]}\n```\n\n"
      + "## Response Message Format\n```json\n"
      + "{\"type\":\"object\",\"properties\":{\"gate\":{\"type\":\"string\"}},\"required\":[\"gate\"]}\n```\n";

  private final RelayWorld world = new RelayWorld();
  private final List<JsonNode> weatherCalls = new CopyOnWriteArrayList<>();
  private final List<String> naturalLanguage = new CopyOnWriteArrayList<>();

  @TempDir Path home;

  @AfterEach
  void tearDown() {
    world.close();
  }

  private MetaProtocolAgent.Builder provider(LocalIdentity id, ProtocolStore store) {
    CapabilityFunction weather = request -> {
      weatherCalls.add(request);
      ObjectNode r = JsonNodeFactory.instance.objectNode();
      r.put("messageId", request.path("messageId").asText());
      r.put("code", 200);
      r.put("tempC", 21.5);
      r.put("humidity", 40);
      return r;
    };
    CapabilityFunction stock = request -> JsonNodeFactory.instance.objectNode().put("count", 3);
    return MetaProtocolAgent.builder(world.messenger(id))
        .serve(LocalCapability.parseAll(CAPABILITIES), Map.of("getWeather", weather, "getStock", stock))
        .store(store)
        .onNaturalLanguage((peer, text) -> naturalLanguage.add(text));
  }

  private MetaProtocolAgent.Builder requester(LocalIdentity id, ProtocolStore store) {
    return MetaProtocolAgent.builder(world.messenger(id))
        .store(store)
        .onNaturalLanguage((peer, text) -> naturalLanguage.add(text));
  }

  /** A requester and a provider on the relay, with in-memory stores. */
  private final class Pair {
    final Recorder requesterLog = new Recorder();
    final Recorder providerLog = new Recorder();
    final ProtocolStore requesterStore;
    final ProtocolStore providerStore;
    final MetaProtocolAgent requester;
    final MetaProtocolAgent provider;

    Pair(LocalIdentity r, LocalIdentity p, ProtocolStore requesterStore, ProtocolStore providerStore) {
      this.requesterStore = requesterStore;
      this.providerStore = providerStore;
      this.provider = world.start(provider(p, providerStore), providerLog);
      this.requester = world.start(requester(r, requesterStore), requesterLog);
    }

    Pair() {
      this(world.identity(), world.identity(), ProtocolStore.inMemory(), ProtocolStore.inMemory());
    }

    AgreedProtocol negotiate(String need) throws Exception {
      return requester.negotiate(provider.localDid(), need).get(60, TimeUnit.SECONDS);
    }

    JsonNode request(String json) throws Exception {
      return requester.request(provider.localDid(), json(json)).get(30, TimeUnit.SECONDS);
    }
  }

  static JsonNode json(String text) {
    return StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), 1 << 16);
  }

  private static List<ProtocolNegotiation> proposals(List<?> messages) {
    return messages.stream().filter(ProtocolNegotiation.class::isInstance).map(ProtocolNegotiation.class::cast).toList();
  }

  @Test
  void aCandidateTheProviderServesIsAcceptedInRoundOneAndTested() throws Exception {
    Pair p = new Pair();
    AgreedProtocol agreed = p.negotiate(EXACT_NEED);

    assertThat(agreed.reused()).isFalse();
    assertThat(proposals(p.requesterLog.sent)).extracting(ProtocolNegotiation::status)
        .containsExactly(NegotiationStatus.NEGOTIATING);
    assertThat(proposals(p.providerLog.sent)).extracting(ProtocolNegotiation::status)
        .containsExactly(NegotiationStatus.ACCEPTED);
    assertThat(agreed.tests()).hasValueSatisfying(t -> {
      assertThat(t.cases()).isBetween(1, 3);
      assertThat(t.passed()).isTrue();
    });
    int cases = agreed.tests().orElseThrow().cases();
    p.requesterLog.until(() -> p.requesterLog.frames(ProtocolType.VERIFICATION) == cases, "the answers");
    assertThat(p.requesterStore.find(agreed.hash())).isPresent();
    p.providerLog.await(e -> e instanceof NegotiationEvent.Ready);
    assertThat(p.providerStore.find(agreed.hash())).isPresent();
  }

  @Test
  void aCounterProposalIsAcceptedInRoundTwoAndRequestsReachTheCapability() throws Exception {
    Pair p = new Pair();
    AgreedProtocol agreed = p.negotiate(NEED);

    List<ProtocolNegotiation> fromProvider = proposals(p.providerLog.sent);
    assertThat(fromProvider).hasSize(1);
    assertThat(fromProvider.get(0).status()).isEqualTo(NegotiationStatus.NEGOTIATING);
    assertThat(fromProvider.get(0).modificationSummary()).hasValueSatisfying(s -> assertThat(s).contains("cityName"));
    List<ProtocolNegotiation> fromRequester = proposals(p.requesterLog.sent);
    assertThat(fromRequester).extracting(ProtocolNegotiation::status)
        .containsExactly(NegotiationStatus.NEGOTIATING, NegotiationStatus.ACCEPTED);
    assertThat(agreed.protocol()).isEqualTo(fromProvider.get(0).candidateProtocols());
    assertThat(ProtocolDocument.parse(agreed.protocol()).requestSchema().orElseThrow().path("properties").has("city"))
        .isTrue();

    int before = weatherCalls.size();
    JsonNode reply = p.request("{\"messageId\":\"m-1\",\"city\":\"Paris\"}");
    assertThat(reply.path("messageId").asText()).isEqualTo("m-1");
    assertThat(reply.path("tempC").asDouble()).isEqualTo(21.5);
    assertThat(weatherCalls).hasSize(before + 1);
    assertThat(weatherCalls.get(before).path("city").asText()).isEqualTo("Paris");
  }

  @Test
  void aNeedNobodyServesIsRefused() throws Exception {
    Pair p = new Pair();
    var future = p.requester.negotiate(p.provider.localDid(), FLIGHT_NEED);
    assertThatThrownBy(() -> future.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.NEGOTIATION_REJECTED));
    assertThat(proposals(p.providerLog.sent)).extracting(ProtocolNegotiation::status)
        .containsExactly(NegotiationStatus.REJECTED);
    assertThat(p.requesterStore.list()).isEmpty();
  }

  @Test
  void anInvalidApplicationPayloadOpensAFixErrorNegotiation() throws Exception {
    Pair p = new Pair();
    p.negotiate(EXACT_NEED);
    p.providerLog.await(e -> e instanceof NegotiationEvent.Ready);
    int before = weatherCalls.size();

    byte[] bad = "{\"messageId\":5}".getBytes(StandardCharsets.UTF_8);
    p.requester.messenger().send(p.provider.localDid(), Frame.application(bad).encode()).get(30, TimeUnit.SECONDS);

    NegotiationEvent e = p.providerLog.await(ev -> ev instanceof NegotiationEvent.FixRejected);
    assertThat(((NegotiationEvent.FixRejected) e).reason()).isNotEmpty();
    assertThat(p.requesterLog.received).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(
        FixErrorNegotiation.class, fe -> {
          assertThat(fe.status()).isEqualTo(NegotiationStatus.NEGOTIATING);
          assertThat(fe.errorDescription()).isNotEmpty();
        }));
    assertThat(weatherCalls).hasSize(before);
    // the protocol is still in force after the denied report
    assertThat(p.request("{\"messageId\":\"m-2\",\"city\":\"Oslo\"}").path("messageId").asText()).isEqualTo("m-2");
  }

  @Test
  void verificationFramesNeverReachTheApplication() throws Exception {
    Pair p = new Pair();
    AgreedProtocol agreed = p.negotiate(EXACT_NEED);
    int cases = agreed.tests().orElseThrow().cases();
    // the counters listen after the agent, which may complete the future before they count
    p.requesterLog.until(() -> p.requesterLog.frames(ProtocolType.VERIFICATION) == cases, "the answers");
    assertThat(p.providerLog.frames(ProtocolType.VERIFICATION)).isEqualTo(cases);

    // a stray PT=11 frame shaped like a reply, sent just before the real reply
    byte[] stray = "{\"messageId\":\"stray\",\"code\":200,\"tempC\":-40}".getBytes(StandardCharsets.UTF_8);
    p.provider.messenger().send(p.requester.localDid(), Frame.verification(stray).encode()).get(30, TimeUnit.SECONDS);
    p.requesterLog.until(() -> p.requesterLog.frames(ProtocolType.VERIFICATION) == cases + 1, "the stray frame");

    JsonNode reply = p.request("{\"messageId\":\"real\",\"city\":\"Rome\"}");
    assertThat(reply.path("messageId").asText()).isEqualTo("real");
    assertThat(reply.path("tempC").asDouble()).isEqualTo(21.5);
    assertThat(naturalLanguage).isEmpty();
  }

  @Test
  void anAgreedProtocolIsReusedWithoutNegotiationAcrossARestartOfBothAgents() throws Exception {
    LocalIdentity r = world.identity();
    LocalIdentity pr = world.identity();
    Pair first = new Pair(r, pr, ProtocolStore.onFiles(home.resolve("r")), ProtocolStore.onFiles(home.resolve("p")));
    AgreedProtocol agreed = first.negotiate(NEED);
    first.providerLog.await(e -> e instanceof NegotiationEvent.Ready);

    // in the same session: ready at once
    int sentBefore = first.requesterLog.sent.size();
    AgreedProtocol again = first.negotiate(NEED);
    assertThat(again.reused()).isTrue();
    assertThat(again.hash()).isEqualTo(agreed.hash());
    assertThat(first.requesterLog.sent).hasSize(sentBefore);
    first.requester.close();
    first.provider.close();

    Pair second = new Pair(r, pr, ProtocolStore.onFiles(home.resolve("r")), ProtocolStore.onFiles(home.resolve("p")));
    AgreedProtocol reused = second.negotiate(NEED);
    assertThat(reused.reused()).isTrue();
    assertThat(reused.hash()).isEqualTo(agreed.hash());
    JsonNode reply = second.request("{\"messageId\":\"m-3\",\"city\":\"Lima\"}");
    assertThat(reply.path("tempC").asDouble()).isEqualTo(21.5);

    assertThat(second.requesterLog.sent).isEmpty();
    assertThat(second.requesterLog.received).isEmpty();
    assertThat(second.providerLog.sent).isEmpty();
    assertThat(second.requesterLog.frames(ProtocolType.META)).isZero();
    assertThat(second.providerLog.frames(ProtocolType.META)).isZero();
    assertThat(second.providerLog.allEvents).anyMatch(e -> e instanceof NegotiationEvent.Ready);
  }

  @Test
  void malformedAndUnknownNegotiationMessagesAfterAgreementChangeNothing() throws Exception {
    Pair p = new Pair();
    AgreedProtocol agreed = p.negotiate(EXACT_NEED);
    p.providerLog.await(e -> e instanceof NegotiationEvent.Ready);
    int metaBefore = p.providerLog.frames(ProtocolType.META);
    int sentBefore = p.providerLog.sent.size();

    Did provider = p.provider.localDid();
    byte[] unknown = "{\"action\":\"somethingNewer\",\"detail\":1}".getBytes(StandardCharsets.UTF_8);
    p.requester.messenger().send(provider, Frame.of(ProtocolType.META, unknown).encode()).get(30, TimeUnit.SECONDS);
    byte[] malformed = "{\"action\":\"protocolNegotiation\",\"sequenceId\":\"x\"".getBytes(StandardCharsets.UTF_8);
    p.requester.messenger().send(provider, Frame.of(ProtocolType.META, malformed).encode()).get(30, TimeUnit.SECONDS);
    p.providerLog.until(() -> p.providerLog.frames(ProtocolType.META) == metaBefore + 2, "both frames at the provider");

    NegotiationEvent ignored = p.providerLog.await(e -> e instanceof NegotiationEvent.Ignored);
    assertThat(((NegotiationEvent.Ignored) ignored).action()).isEqualTo("somethingNewer");
    JsonNode reply = p.request("{\"messageId\":\"after\",\"city\":\"Kyiv\"}");
    assertThat(reply.path("messageId").asText()).isEqualTo("after");
    assertThat(p.providerLog.sent).as("nothing answered, no rejection").hasSize(sentBefore);
    assertThat(p.requesterStore.find(agreed.hash())).isPresent();
  }

  @Test
  void aClosedAgentFailsNewCallsAtOnce() {
    MetaProtocolAgent agent = requester(world.identity(), ProtocolStore.inMemory()).build();
    Did someone = world.identity().did();
    agent.close();
    agent.close(); // idempotent
    assertThat(agent.negotiate(someone, EXACT_NEED)).isCompletedExceptionally();
    assertThat(agent.request(someone, json("{}"))).isCompletedExceptionally();
    assertThat(agent.tick()).isCompletedExceptionally();
  }

  @Test
  void aSilentPeerTimesTheNegotiationOutOnTheAgentsClock() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));
    AgentMessenger silent = world.messenger(world.identity()).build();
    try {
      silent.start().get(30, TimeUnit.SECONDS);
      Recorder log = new Recorder();
      MetaProtocolAgent requester = world.start(
          requester(world.identity(), ProtocolStore.inMemory())
              .clock(clock)
              .engineSettings(NegotiationConfig.builder(org.anp.meta.negotiator.SchemaNegotiator.of(List.of()))
                  .negotiationTimeout(Duration.ofSeconds(20)).build()),
          log);
      Did peer = silent.localDid();
      var future = requester.negotiate(peer, EXACT_NEED);
      log.until(() -> !log.sent.isEmpty(), "the first proposal");
      requester.tick().get(30, TimeUnit.SECONDS);
      assertThat(future).isNotDone();

      clock.advance(Duration.ofSeconds(21));
      requester.tick().get(30, TimeUnit.SECONDS);
      assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
          .cause().isInstanceOfSatisfying(MetaProtocolException.class,
              e -> assertThat(e.code()).isEqualTo(MetaProtocolError.NEGOTIATION_TIMEOUT));
    } finally {
      silent.close();
    }
  }
}
