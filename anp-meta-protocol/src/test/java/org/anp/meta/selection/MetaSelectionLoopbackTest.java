package org.anp.meta.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.hosting.DidDocumentStore;
import org.anp.transport.hosting.DidWbaHosting;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpServer;
import org.anp.transport.p1.P1Capabilities;
import org.anp.transport.p1.P1Client;
import org.anp.transport.p1.P1Dispatcher;
import org.anp.transport.p1.P1Meta;
import org.anp.transport.p1.P1Request;
import org.anp.transport.p1.OriginProofVerifier;
import org.anp.transport.p1.P1Target;
import org.anp.transport.p1.RpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.anp.transport.testing.ManualClock;

/**
 * Two agents on loopback: A (the caller) asks B (the hotel) for its capabilities and negotiates
 * over P1 with DID authentication; B's documents are hosted on a third loopback server.
 */
class MetaSelectionLoopbackTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-06-27T12:00:05Z"));
  private final AtomicInteger decisions = new AtomicInteger();
  private HttpServer documents;
  private HttpServer hotel;
  private URI endpoint;
  private DidWbaIdentity alice;
  private DidWbaIdentity hotelId;
  private P1Client aliceP1;

  @BeforeEach
  void start() {
    DidDocumentStore store = DidDocumentStore.inMemory();
    DidWbaHosting hosting = DidWbaHosting.builder().store(store).domains("localhost").build();
    documents = hosting.addRoutes(HttpServer.builder()).build();
    int docPort = documents.start().join().getPort();
    alice = DidWbaIdentity.builder().host("localhost").port(docPort).path("agents/alice").build();
    hotelId = DidWbaIdentity.builder().host("localhost").port(docPort).path("agents/hotel").build();
    store.put(alice.did(), alice.document().toBytes());
    store.put(hotelId.did(), hotelId.document().toBytes());

    DidResolver resolver = hosting.localResolver(DidResolver.builder().methodsFromServiceLoader().build());
    DidWbaVerifier verifier = DidWbaVerifier.builder().resolver(resolver).audience("localhost").build();
    SelectionProvider counting = request -> {
      decisions.incrementAndGet();
      return HotelAgent.provider().decide(request);
    };
    MetaSelectionService service = MetaSelectionService.builder(hotelId.did().toString(), counting).clock(clock).build();
    P1Dispatcher dispatcher = service.register(P1Dispatcher.builder()
            .serviceDid(hotelId.did().toString())
            .originProofs(OriginProofVerifier.builder().resolver(resolver).clock(clock).build()))
        .build();
    hotel = dispatcher.mount(HttpServer.builder().authentication(verifier), "/anp", AuthPolicy.OPTIONAL).build();
    endpoint = URI.create("http://localhost:" + hotel.start().join().getPort() + "/anp");
    aliceP1 = P1Client.builder()
        .clock(clock)
        .timeout(Duration.ofSeconds(60))
        .authenticator(DidWbaAuthenticator.builder().did(alice.did())
            .signingKey("key-1", alice.privateKey("key-1").orElseThrow()).build())
        .build();
  }

  @AfterEach
  void stop() {
    hotel.close();
    documents.close();
  }

  private MetaSelectionClient aliceClient() {
    return MetaSelectionClient.builder(aliceP1).callerDid(alice.did().toString()).build();
  }

  private static NegotiateRequestBody body(Consumer<ObjectNode> change) {
    ObjectNode json = Examples.body();
    change.accept(json);
    return NegotiateRequestBody.parse(json);
  }

  private String hotelDid() {
    return hotelId.did().toString();
  }

  private static int rpcCode(Throwable t) {
    Throwable c = t instanceof CompletionException ? t.getCause() : t;
    assertThat(c).isInstanceOf(RpcException.class);
    return ((RpcException) c).error().code();
  }

  @Test
  void capabilitiesListTheMetaNegotiationProfile() {
    P1Capabilities caps = aliceClient().capabilities(endpoint).join();
    assertThat(caps.serviceDid()).isEqualTo(hotelDid());
    assertThat(caps.profiles()).containsExactly(P1Meta.CORE_PROFILE, MetaNegotiation.PROFILE);
    assertThat(caps.securityProfiles()).contains(MetaNegotiation.TRANSPORT_PROTECTED);
  }

  @Test
  void aNegotiationSelectsAnExistingInterface() {
    NegotiationResult r = aliceClient().negotiate(endpoint, hotelDid(), body(b -> { })).join();
    assertThat(r.status()).isEqualTo(NegotiationStatus.ACCEPTED);
    assertThat(r.negotiationId()).isEqualTo("neg-20260627-001");
    assertThat(r.selected().orElseThrow().interfaceId()).hasValue(HotelAgent.BOOKING);
    assertThat(r.selected().orElseThrow().url()).hasValue("https://grand-hotel.com/api/booking.openrpc.json");
    assertThat(r.execution().orElseThrow().requiresHumanAuthorization()).hasValue(true);
    assertThat(r.validUntil()).hasValue("2026-06-27T12:10:05Z");
    assertThat(r.negotiationDigest().orElseThrow()).startsWith("sha-256:");
  }

  @Test
  void aVagueIntentNeedsMoreInformation() {
    NegotiationResult r = aliceClient().negotiate(endpoint, hotelDid(), body(b -> {
      b.remove("requiredCapabilities");
      b.remove("negotiation_id");
      b.putObject("intent").put("description", "help me");
    })).join();
    assertThat(r.status()).isEqualTo(NegotiationStatus.NEEDS_MORE_INFORMATION);
    assertThat(r.negotiationId()).startsWith("neg-");
    assertThat(r.reason()).isPresent();
    assertThat(aliceClient().cache().size()).isZero();
  }

  @Test
  void negotiationsAreRefused() {
    MetaSelectionClient client = aliceClient();
    assertThatThrownBy(() -> client.negotiate(endpoint, hotelDid(), body(b ->
        ((ObjectNode) b.get("constraints")).put("requiredSecurityProfile", "direct-e2ee"))).join())
        .satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1604));
    NegotiationResult rejected = client.negotiate(endpoint, hotelDid(), body(b -> {
      ObjectNode caller = (ObjectNode) b.get("callerCapabilities");
      caller.putArray("supportedProfiles").add("anp.direct.base.v1");
      caller.putArray("supportedContentTypes").add("application/json");
    })).join();
    assertThat(rejected.status()).isEqualTo(NegotiationStatus.REJECTED);
    assertThat(rejected.alternatives().orElseThrow()).hasSize(2);
    assertThat(client.cache().size()).isZero();
  }

  @Test
  void aCachedResultIsReusedUntilValidUntil() {
    MetaSelectionClient client = aliceClient();
    NegotiationResult first = client.negotiate(endpoint, hotelDid(), body(b -> { })).join();
    assertThat(decisions).hasValue(1);
    clock.advance(Duration.ofMinutes(9).plusSeconds(59));
    NegotiationResult again = client.negotiate(endpoint, hotelDid(), body(b -> b.put("negotiation_id", "neg-2"))).join();
    assertThat(again).isSameAs(first);
    assertThat(decisions).hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    NegotiationResult fresh = client.negotiate(endpoint, hotelDid(), body(b -> { })).join();
    assertThat(decisions).hasValue(2);
    assertThat(fresh.validUntil()).hasValue("2026-06-27T12:20:05Z");
    assertThat(fresh.negotiationDigest()).isNotEqualTo(first.negotiationDigest());
    client.cache().invalidate(hotelDid());
    client.negotiate(endpoint, hotelDid(), body(b -> { })).join();
    assertThat(decisions).hasValue(3);
  }

  @Test
  void theSelectorUsesAnExistingInterfaceOrHandsOver() {
    List<HandOverRequest> handed = new CopyOnWriteArrayList<>();
    String hash = "ab".repeat(32);
    ProtocolNegotiationHandOver fake = request -> {
      handed.add(request);
      return CompletableFuture.completedFuture(
          request.targetDid().equals(hotelDid()) ? Optional.of(new NegotiatedProtocol(hash, "flight booking")) : Optional.empty());
    };
    CapabilitySelector selector = new CapabilitySelector(aliceClient(), Optional.of(fake));

    Selection existing = selector.select(endpoint, hotelDid(), body(b -> { })).join();
    assertThat(existing.kind()).isEqualTo(Selection.Kind.EXISTING_INTERFACE);
    assertThat(existing.result().orElseThrow().selected().orElseThrow().interfaceId()).hasValue(HotelAgent.BOOKING);
    assertThat(handed).isEmpty();

    NegotiateRequestBody flight = body(b -> {
      b.remove("requiredCapabilities");
      b.putObject("intent").putArray("intentTags").add("flight.booking");
    });
    Selection negotiated = selector.select(endpoint, hotelDid(), flight).join();
    assertThat(negotiated.kind()).isEqualTo(Selection.Kind.NEGOTIATED_PROTOCOL);
    assertThat(negotiated.negotiated().orElseThrow().protocolHash()).isEqualTo(hash);
    assertThat(handed).hasSize(1);
    assertThat(handed.get(0).reason()).contains("1601");
    assertThat(handed.get(0).peerCapabilities().supports(MetaNegotiation.PROFILE)).isTrue();

    NegotiateRequestBody excluded = body(b -> {
      ObjectNode caller = (ObjectNode) b.get("callerCapabilities");
      caller.putArray("supportedProfiles").add("anp.direct.base.v1");
      caller.putArray("supportedContentTypes").add("application/json");
    });
    Selection rejected = new CapabilitySelector(aliceClient()).select(endpoint, hotelDid(), excluded).join();
    assertThat(rejected.kind()).isEqualTo(Selection.Kind.NONE);
    assertThat(rejected.result().orElseThrow().status()).isEqualTo(NegotiationStatus.REJECTED);

    NegotiateRequestBody vague = body(b -> {
      b.remove("requiredCapabilities");
      b.putObject("intent");
    });
    assertThat(selector.select(endpoint, hotelDid(), vague).join().kind()).isEqualTo(Selection.Kind.NEEDS_MORE_INFORMATION);
    assertThat(handed).hasSize(1);
  }

  private JsonNode send(String id, P1Meta meta, ObjectNode body) {
    return aliceP1.call(endpoint, P1Request.of(id, MetaNegotiation.NEGOTIATE_METHOD, meta, body)).join();
  }

  private P1Meta.Builder meta(String target) {
    return P1Meta.builder(MetaNegotiation.PROFILE).senderDid(alice.did().toString()).target(P1Target.agent(target))
        .operationId("op-neg-001").createdAt(clock.instant()).contentType("application/json");
  }

  @Test
  void badRequestsGetTheirCodesAndExactRetriesTheSameResult() {
    assertThatThrownBy(() -> aliceP1.call(endpoint, P1Request.of("1", MetaNegotiation.NEGOTIATE_METHOD,
        P1Meta.builder(P1Meta.CORE_PROFILE).target(P1Target.agent(hotelDid())).build(), Examples.body())).join())
        .satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1001));
    assertThatThrownBy(() -> send("2", meta(alice.did().toString()).build(), Examples.body()))
        .satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1014));
    assertThatThrownBy(() -> send("3", P1Meta.builder(MetaNegotiation.PROFILE).target(P1Target.agent(hotelDid()))
        .contentType("text/plain").build(), Examples.body()))
        .satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1009));
    ObjectNode noIntent = Examples.body();
    noIntent.remove("intent");
    assertThatThrownBy(() -> send("4", meta(hotelDid()).build(), noIntent))
        .satisfies(t -> assertThat(rpcCode(t)).isEqualTo(-32602));
    ObjectNode badMode = Examples.body().put("mode", "consensus_vote");
    assertThatThrownBy(() -> send("5", meta(hotelDid()).operationId("op-5").build(), badMode))
        .satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1602));

    ObjectNode generated = Examples.body();
    generated.remove("negotiation_id");
    int before = decisions.get();
    JsonNode first = send("6", meta(hotelDid()).build(), generated);
    JsonNode retry = send("7", meta(hotelDid()).build(), generated);
    assertThat(retry).isEqualTo(first);
    assertThat(first.get("negotiationId").textValue()).startsWith("neg-");
    assertThat(decisions).hasValue(before + 1);
    ObjectNode changed = generated.deepCopy();
    changed.putArray("candidateInterfaceRefs").add(HotelAgent.CONVERSATION);
    assertThatThrownBy(() -> send("8", meta(hotelDid()).build(), changed))
        .satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1008));

    P1Client anonymous = P1Client.builder().timeout(Duration.ofSeconds(60)).build();
    ObjectNode vip = Examples.body();
    vip.putArray("requiredCapabilities").add("cap.hotel.vip");
    vip.remove("candidateInterfaceRefs");
    ((ObjectNode) vip.get("callerCapabilities")).putArray("supportedContentTypes").add("text/plain");
    assertThatThrownBy(() -> anonymous.call(endpoint, P1Request.of("9", MetaNegotiation.NEGOTIATE_METHOD,
        P1Meta.builder(MetaNegotiation.PROFILE).target(P1Target.agent(hotelDid())).operationId("op-9").build(), vip)).join())
        .satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1607));
    assertThat(send("10", meta(hotelDid()).operationId("op-10").build(), vip).get("selected").get("interface").textValue())
        .isEqualTo(HotelAgent.CONVERSATION);
  }

  @Test
  void anOriginProofIsTheAuthenticationContextOfAnAnonymousHttpCaller() {
    P1Client signing = P1Client.builder()
        .clock(clock)
        .timeout(Duration.ofSeconds(60))
        .originProofs(alice.privateKey("key-1").orElseThrow(), alice.did() + "#key-1")
        .build();
    NegotiateRequestBody vip = body(b -> {
      b.putArray("requiredCapabilities").add("cap.hotel.vip");
      b.remove("candidateInterfaceRefs");
    });
    NegotiationResult r = MetaSelectionClient.builder(signing).callerDid(alice.did().toString()).build()
        .negotiate(endpoint, hotelDid(), vip).join();
    assertThat(r.selected().orElseThrow().capability()).hasValue("cap.hotel.vip");
    // Without a sender DID nothing is signed, and the anonymous caller is refused.
    assertThatThrownBy(() -> MetaSelectionClient.builder(signing).build().negotiate(endpoint, hotelDid(), vip).join())
        .satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1607));
    // A proof signed long ago is refused by the hotel's verifier (manual clock moved on).
    P1Request stale = P1Request.of("s1", MetaNegotiation.NEGOTIATE_METHOD,
        meta(hotelDid()).operationId("op-stale").build(), vip.toJson());
    P1Request signed = org.anp.transport.p1.OriginProofs.sign(stale, alice.privateKey("key-1").orElseThrow(),
        alice.did() + "#key-1", clock.instant(), clock.instant().plusSeconds(60), Optional.of("n-stale"));
    clock.advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> P1Client.builder().timeout(Duration.ofSeconds(60)).build().call(endpoint, signed).join())
        .satisfies(t -> assertThat(rpcCode(t)).isEqualTo(1005));
  }

  @Test
  void aClaimedSenderCannotOccupyAnAuthenticatedCallersOperationIds() {
    P1Client anonymous = P1Client.builder().timeout(Duration.ofSeconds(60)).build();
    ObjectNode info = Examples.body();
    info.remove("requiredCapabilities");
    info.remove("candidateInterfaceRefs");
    info.putObject("intent").putArray("intentTags").add("hotel.info").add("hotel.facilities");
    JsonNode squatted = anonymous.call(endpoint, P1Request.of("a1", MetaNegotiation.NEGOTIATE_METHOD,
        meta(hotelDid()).operationId("op-shared").build(), info)).join();
    assertThat(squatted.get("selected").get("capability").textValue()).isEqualTo("cap.hotel.info");
    JsonNode own = send("a2", meta(hotelDid()).operationId("op-shared").build(), Examples.body());
    assertThat(own.get("selected").get("capability").textValue()).isEqualTo("cap.hotel.booking");
  }
}
