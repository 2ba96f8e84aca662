package org.anp.benchmarks.negotiation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.identity.did.Did;
import org.anp.identity.json.StrictJson;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.session.AgreedProtocol;
import org.anp.meta.session.MetaProtocolAgent;
import org.anp.meta.session.MetaProtocolListener;
import org.anp.meta.store.ProtocolStore;
import org.anp.meta.wire.Frame;
import org.anp.transport.e2e.SessionEstablished;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Layer 2 (issue 14), two agents on one relay on loopback, every peer and session new for each
 * invocation (made in {@code @Setup(Level.Invocation)}, not timed):
 *
 * <ul>
 *   <li>{@link #e2eHandshake}: the baseline of row A: the first send between two registered
 *       messengers until both report the E2E session established (the handshake; the payload
 *       that started it is delivered after the timed part);
 *   <li>{@link #negotiation}: row A: from an established session to READY on both sides with the
 *       default negotiator and code generator: the example need of docs/examples/negotiation,
 *       countered by the provider and accepted in round 2, then the agreed test cases;
 *   <li>{@link #plainRequestReply}: the baseline of row B: on a session just established, one
 *       E2E payload of the size of an application request and a reply of the size of its answer;
 *   <li>{@link #plainJsonRequestReply}: the same with the JSON work of a request and reply
 *       (written, read, answered, read back), no protocol (decision record 0080);
 *   <li>{@link #firstRequestOnReusedProtocol}: row B: both agents restarted with the protocol in
 *       their stores, the session established with the hash echoed in the hellos (no negotiation
 *       message) and settled as the baselines' are (decision record 0090), then the first
 *       application request and its checked reply.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NegotiationBenchmark {
  static final long WAIT_SECONDS = 60;
  static final String NEED = resource("need.md");
  static final String CAPABILITIES = resource("capabilities.json");
  /** An application request of the agreed protocol (the provider's field names, round 2). */
  static final String REQUEST = "{\"messageId\":\"m-1\",\"city\":\"Paris\"}";
  /** What the provider's weather function answers. */
  static final String REPLY = "{\"messageId\":\"m-1\",\"code\":200,\"tempC\":21.5,\"humidity\":40}";

  /** The relay, for every state of a trial. */
  @State(Scope.Benchmark)
  public static class World {
    AgentWorld world;

    @Setup(Level.Trial)
    public void setUp() {
      world = new AgentWorld();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      world.close();
    }
  }

  /** Two new registered messengers without a session. */
  @State(Scope.Thread)
  public static class NewMessengers {
    AgentMessenger alice;
    AgentMessenger bob;
    CompletableFuture<SessionEstablished> aliceSession;
    CompletableFuture<SessionEstablished> bobSession;
    CompletableFuture<byte[]> atBob;

    @Setup(Level.Invocation)
    public void setUp(World w) throws Exception {
      aliceSession = new CompletableFuture<>();
      bobSession = new CompletableFuture<>();
      atBob = new CompletableFuture<>();
      alice = w.world.messenger(w.world.identity()).build();
      bob = w.world.messenger(w.world.identity()).build();
      alice.onSessionEstablished(aliceSession::complete);
      bob.onSessionEstablished(bobSession::complete);
      bob.onMessage(m -> atBob.complete(m.payload()));
      CompletableFuture.allOf(alice.start(), bob.start()).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @TearDown(Level.Invocation)
    public void tearDown() throws Exception {
      try {
        atBob.get(WAIT_SECONDS, TimeUnit.SECONDS); // the payload that started the handshake
      } finally {
        alice.close();
        bob.close();
      }
    }
  }

  /** Two new messengers with a session; Bob answers every payload with {@link #REPLY}. */
  @State(Scope.Thread)
  public static class SessionMessengers {
    final byte[] request = Frame.application(REQUEST.getBytes(StandardCharsets.UTF_8)).encode();
    final byte[] reply = Frame.application(REPLY.getBytes(StandardCharsets.UTF_8)).encode();
    AgentMessenger alice;
    AgentMessenger bob;
    volatile CompletableFuture<byte[]> atAlice;

    @Setup(Level.Invocation)
    public void setUp(World w) throws Exception {
      alice = w.world.messenger(w.world.identity()).build();
      bob = w.world.messenger(w.world.identity()).build();
      Did aliceDid = alice.localDid();
      bob.onMessage(m -> bob.send(aliceDid, reply));
      alice.onMessage(m -> atAlice.complete(m.payload()));
      CompletableFuture.allOf(alice.start(), bob.start()).get(WAIT_SECONDS, TimeUnit.SECONDS);
      atAlice = new CompletableFuture<>();
      alice.send(bob.localDid(), request).get(WAIT_SECONDS, TimeUnit.SECONDS); // the handshake
      atAlice.get(WAIT_SECONDS, TimeUnit.SECONDS);
      atAlice = new CompletableFuture<>();
    }

    @TearDown(Level.Invocation)
    public void tearDown() {
      alice.close();
      bob.close();
    }
  }

  /**
   * Two new messengers with a session, doing the JSON work any request and reply over it needs
   * (decision record 0080, as 0071 for layer 3): Alice writes the request with Jackson, Bob reads
   * it, makes the reply the provider's capability makes, and writes it; Alice reads the reply.
   * No schema check, no protocol: the baseline of row B that isolates what the meta-protocol adds.
   */
  @State(Scope.Thread)
  public static class JsonSessionMessengers {
    final JsonNode request = json(REQUEST);
    AgentMessenger alice;
    AgentMessenger bob;
    volatile CompletableFuture<JsonNode> atAlice;

    @Setup(Level.Invocation)
    public void setUp(World w) throws Exception {
      alice = w.world.messenger(w.world.identity()).build();
      bob = w.world.messenger(w.world.identity()).build();
      Did aliceDid = alice.localDid();
      bob.onMessage(m -> bob.send(aliceDid, Frame.application(write(weather(read(m.payload())))).encode()));
      alice.onMessage(m -> atAlice.complete(read(m.payload())));
      CompletableFuture.allOf(alice.start(), bob.start()).get(WAIT_SECONDS, TimeUnit.SECONDS);
      atAlice = new CompletableFuture<>();
      alice.send(bob.localDid(), frame(request)).get(WAIT_SECONDS, TimeUnit.SECONDS); // the handshake
      atAlice.get(WAIT_SECONDS, TimeUnit.SECONDS);
      atAlice = new CompletableFuture<>();
    }

    @TearDown(Level.Invocation)
    public void tearDown() {
      alice.close();
      bob.close();
    }

    static byte[] frame(JsonNode message) {
      return Frame.application(write(message)).encode();
    }

    /** The JSON document after the PT header. */
    private static JsonNode read(byte[] framed) {
      return StrictJson.parse(Arrays.copyOfRange(framed, 1, framed.length), 1 << 16);
    }

    private static byte[] write(JsonNode message) {
      try {
        return StrictJson.mapper().writeValueAsBytes(message);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** What the provider's weather capability answers to {@code request}. */
  static ObjectNode weather(JsonNode request) {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("messageId", request.path("messageId").asText());
    r.put("code", 200);
    r.put("tempC", 21.5);
    r.put("humidity", 40);
    return r;
  }

  /** A requester and a provider with empty stores and an established session. */
  @State(Scope.Thread)
  public static class SessionAgents {
    Agents agents;

    @Setup(Level.Invocation)
    public void setUp(World w) throws Exception {
      agents = Agents.start(w.world, w.world.identity(), w.world.identity(), ProtocolStore.inMemory(),
          ProtocolStore.inMemory());
      agents.openSession();
    }

    @TearDown(Level.Invocation)
    public void tearDown() {
      agents.close();
    }
  }

  /**
   * Two identities and the stores of a protocol they agreed once in the trial's setup; each
   * invocation restarts both agents over those stores and establishes a session that reuses it.
   * The session is then settled as the baselines' are (decision record 0090): it has carried one
   * payload each way, each acknowledged, before the timed request. The hellos and the empty frame
   * that opened the session went from requester to provider; the provider answers with one
   * natural-language line, and the setup waits until that send is acknowledged and the requester
   * has it. No application payload crosses before the timed request.
   */
  @State(Scope.Thread)
  public static class ReusingAgents {
    final JsonNode request = json(REQUEST);
    LocalIdentity requesterId;
    LocalIdentity providerId;
    ProtocolStore requesterStore;
    ProtocolStore providerStore;
    AgreedProtocol agreed;
    Agents agents;

    @Setup(Level.Trial)
    public void agree(World w) throws Exception {
      requesterId = w.world.identity();
      providerId = w.world.identity();
      requesterStore = ProtocolStore.inMemory();
      providerStore = ProtocolStore.inMemory();
      try (Agents first = Agents.start(w.world, requesterId, providerId, requesterStore, providerStore)) {
        first.openSession();
        agreed = first.negotiate();
      }
    }

    @Setup(Level.Invocation)
    public void setUp(World w) throws Exception {
      agents = Agents.start(w.world, requesterId, providerId, requesterStore, providerStore);
      AgreedProtocol reused = agents.requester.negotiate(agents.provider.localDid(), NEED)
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
      if (!reused.reused() || !reused.hash().equals(agreed.hash())) {
        throw new IllegalStateException("the stored protocol was not reused: " + reused);
      }
      agents.providerReady.get(WAIT_SECONDS, TimeUnit.SECONDS);
      // the empty natural-language frame that opened the session, so nothing overlaps the request
      agents.providerFirstPayload.get(WAIT_SECONDS, TimeUnit.SECONDS);
      if (settles()) {
        agents.provider.sendNaturalLanguage(agents.requester.localDid(), "ready")
            .get(WAIT_SECONDS, TimeUnit.SECONDS);
        if (!agents.atRequester.awaitAtLeast(1, WAIT_SECONDS)) {
          throw new IllegalStateException("the provider's settling line did not arrive");
        }
      }
    }

    /** Whether the setup settles the session (decision record 0090); true but for the variant. */
    boolean settles() {
      return true;
    }

    @TearDown(Level.Invocation)
    public void tearDown() {
      agents.close();
    }
  }

  /**
   * Row B's set-up before decision record 0090, for comparison in {@link RowBInterleaved}: the
   * timed request follows the frame that opened the session at once, while that frame's
   * acknowledgement may still be on its way, and nothing has crossed from provider to requester.
   */
  public static class UnsettledReusingAgents extends ReusingAgents {
    @Override
    boolean settles() {
      return false;
    }
  }

  /** Row A's baseline: both sides of one E2E handshake over the relay. */
  @Benchmark
  public SessionEstablished e2eHandshake(NewMessengers s) throws Exception {
    s.alice.send(s.bob.localDid(), new byte[] {1});
    s.bobSession.get(WAIT_SECONDS, TimeUnit.SECONDS);
    return s.aliceSession.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** Row A: a two-round negotiation, code generation and three test cases, to READY on both sides. */
  @Benchmark
  public AgreedProtocol negotiation(SessionAgents s) throws Exception {
    return s.agents.negotiate();
  }

  /** Row B's baseline: one E2E payload and its reply on an established session. */
  @Benchmark
  public byte[] plainRequestReply(SessionMessengers s) throws Exception {
    s.alice.send(s.bob.localDid(), s.request);
    return s.atAlice.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** Row B's baseline with the JSON work: one request written, read, answered and read back. */
  @Benchmark
  public JsonNode plainJsonRequestReply(JsonSessionMessengers s) throws Exception {
    s.alice.send(s.bob.localDid(), JsonSessionMessengers.frame(s.request));
    return s.atAlice.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** Row B: the first application request, and its checked reply, on a reused protocol. */
  @Benchmark
  public JsonNode firstRequestOnReusedProtocol(ReusingAgents s) throws Exception {
    return s.agents.requester.request(s.agents.provider.localDid(), s.request).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** A requester and a provider of the example capabilities on the world's relay. */
  static final class Agents implements AutoCloseable {
    final MetaProtocolAgent requester;
    final MetaProtocolAgent provider;
    final CompletableFuture<NegotiationEvent.Ready> providerReady = new CompletableFuture<>();
    final CompletableFuture<String> providerHeard = new CompletableFuture<>();
    /** Payloads (any frame type) each side's messenger delivered, to check the round trips. */
    final PayloadCount atRequester = new PayloadCount();
    final PayloadCount atProvider = new PayloadCount();
    final CompletableFuture<Void> providerFirstPayload = new CompletableFuture<>();

    private Agents(MetaProtocolAgent requester, MetaProtocolAgent provider) {
      this.requester = requester;
      this.provider = provider;
    }

    static Agents start(AgentWorld world, LocalIdentity requesterId, LocalIdentity providerId,
        ProtocolStore requesterStore, ProtocolStore providerStore) throws Exception {
      CompletableFuture<NegotiationEvent.Ready> ready = new CompletableFuture<>();
      CompletableFuture<String> heard = new CompletableFuture<>();
      CapabilityFunction weather = NegotiationBenchmark::weather;
      CapabilityFunction stock = request -> JsonNodeFactory.instance.objectNode().put("count", 3);
      MetaProtocolAgent provider = MetaProtocolAgent.builder(world.messenger(providerId))
          .serve(LocalCapability.parseAll(CAPABILITIES), Map.of("getWeather", weather, "getStock", stock))
          .store(providerStore)
          .listener(new MetaProtocolListener() {
            @Override
            public void event(Did peer, NegotiationEvent event) {
              if (event instanceof NegotiationEvent.Ready r) {
                ready.complete(r);
              }
            }
          })
          .onNaturalLanguage((peer, text) -> heard.complete(text))
          .build();
      MetaProtocolAgent requester = MetaProtocolAgent.builder(world.messenger(requesterId))
          .store(requesterStore)
          .build();
      Agents agents = new Agents(requester, provider);
      ready.whenComplete((r, e) -> agents.providerReady.complete(r));
      heard.whenComplete((t, e) -> agents.providerHeard.complete(t));
      requester.messenger().onMessage(m -> agents.atRequester.increment());
      provider.messenger().onMessage(m -> {
        agents.atProvider.increment();
        agents.providerFirstPayload.complete(null);
      });
      try {
        CompletableFuture.allOf(provider.start(), requester.start()).get(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception | Error e) {
        agents.close();
        throw e;
      }
      return agents;
    }

    /** Establishes the E2E session with a natural-language message the provider receives. */
    void openSession() throws Exception {
      requester.sendNaturalLanguage(provider.localDid(), "hello").get(WAIT_SECONDS, TimeUnit.SECONDS);
      providerHeard.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Negotiates the example need; returns once both sides are ready. */
    AgreedProtocol negotiate() throws Exception {
      AgreedProtocol agreed =
          requester.negotiate(provider.localDid(), NEED).get(WAIT_SECONDS, TimeUnit.SECONDS);
      providerReady.get(WAIT_SECONDS, TimeUnit.SECONDS);
      return agreed;
    }

    @Override
    public void close() {
      requester.close();
      provider.close();
    }
  }

  /** A count of received payloads that a test can wait on (woken by each one, no polling). */
  static final class PayloadCount {
    private int count;

    synchronized void increment() {
      count++;
      notifyAll();
    }

    synchronized int get() {
      return count;
    }

    /** Waits until at least {@code n} were counted; false after {@code seconds}. */
    synchronized boolean awaitAtLeast(int n, long seconds) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (count < n) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  static JsonNode json(String text) {
    return StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), 1 << 16);
  }

  private static String resource(String name) {
    try (InputStream in = NegotiationBenchmark.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
