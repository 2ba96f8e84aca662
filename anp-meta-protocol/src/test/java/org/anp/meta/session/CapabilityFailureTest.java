package org.anp.meta.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.store.ProtocolStore;
import org.anp.transport.messenger.LocalIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A provider whose capability throws or hangs answers the requester with an error response at
 * once (decision record 0069), over a real relay on loopback; the requester's own request
 * timeout (10 minutes here) comes into play only where a test sets it short.
 */
class CapabilityFailureTest {
  private static final Duration NEVER = Duration.ofMinutes(10);

  private final RelayWorld world = new RelayWorld();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> naturalLanguage = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> afterSeen = new CompletableFuture<>();

  @AfterEach
  void tearDown() {
    release.countDown();
    world.close();
  }

  private record Pair(MetaProtocolAgent requester, MetaProtocolAgent provider, Recorder providerLog) {
    JsonNode request(String city) throws Exception {
      JsonNode body = JsonNodeFactory.instance.objectNode().put("messageId", "m-" + city).put("city", city);
      return requester.request(provider.localDid(), body).get(60, TimeUnit.SECONDS);
    }
  }

  /** Agrees the exact protocol with a provider whose weather capability is {@code weather}. */
  private Pair pair(CapabilityFunction weather, Duration capabilityTimeout) throws Exception {
    return pair(weather, capabilityTimeout, NEVER);
  }

  private Pair pair(CapabilityFunction weather, Duration capabilityTimeout, Duration requestTimeout) throws Exception {
    return pair(weather, capabilityTimeout, requestTimeout, world.identity(), world.identity(),
        ProtocolStore.inMemory(), ProtocolStore.inMemory());
  }

  /**
   * Agrees the exact protocol once, closes both agents, and starts them again over the same
   * stores: the returned pair reuses the stored protocol (0-RTT), with no negotiation message.
   */
  private Pair reusedPair(CapabilityFunction weather, Duration capabilityTimeout, Duration requestTimeout)
      throws Exception {
    LocalIdentity requesterId = world.identity();
    LocalIdentity providerId = world.identity();
    ProtocolStore requesterStore = ProtocolStore.inMemory();
    ProtocolStore providerStore = ProtocolStore.inMemory();
    Pair first = pair(weather, capabilityTimeout, requestTimeout, requesterId, providerId, requesterStore, providerStore);
    first.requester().close();
    first.provider().close();
    return pair(weather, capabilityTimeout, requestTimeout, requesterId, providerId, requesterStore, providerStore);
  }

  private Pair pair(CapabilityFunction weather, Duration capabilityTimeout, Duration requestTimeout,
      LocalIdentity requesterId, LocalIdentity providerId, ProtocolStore requesterStore, ProtocolStore providerStore)
      throws Exception {
    Recorder providerLog = new Recorder();
    CapabilityFunction stock = r -> JsonNodeFactory.instance.objectNode().put("count", 3);
    MetaProtocolAgent provider = world.start(
        MetaProtocolAgent.builder(world.messenger(providerId))
            .serve(LocalCapability.parseAll(MetaProtocolAgentTest.CAPABILITIES),
                Map.of("getWeather", weather, "getStock", stock))
            .store(providerStore)
            .capabilityTimeout(capabilityTimeout),
        providerLog);
    MetaProtocolAgent requester = world.start(
        MetaProtocolAgent.builder(world.messenger(requesterId))
            .store(requesterStore)
            .requestTimeout(requestTimeout)
            .onNaturalLanguage((peer, text) -> {
              naturalLanguage.add(text);
              if (text.equals("after")) {
                afterSeen.complete(null);
              }
            }),
        new Recorder());
    requester.negotiate(provider.localDid(), MetaProtocolAgentTest.EXACT_NEED).get(60, TimeUnit.SECONDS);
    providerLog.await(e -> e instanceof NegotiationEvent.Ready);
    return new Pair(requester, provider, providerLog);
  }

  private static CapabilityFunction answering(AtomicInteger calls) {
    return r -> {
      calls.incrementAndGet();
      return JsonNodeFactory.instance.objectNode()
          .put("messageId", r.path("messageId").asText()).put("code", 200).put("tempC", 3.5);
    };
  }

  @Test
  void aThrowingCapabilityIsAnsweredWithCapabilityFailed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CapabilityFunction weather = r -> {
      if (r.path("city").asText().equals("Atlantis")) {
        throw new IllegalStateException("no such city, and a secret: s3cr3t");
      }
      return answering(calls).apply(r);
    };
    Pair p = pair(weather, Duration.ofMinutes(1));
    int before = calls.get(); // the agreed test cases called it too

    assertThatThrownBy(() -> p.request("Atlantis"))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(MetaProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(MetaProtocolError.CAPABILITY_FAILED);
          assertThat(e.getMessage()).doesNotContain("s3cr3t");
        });
    assertThat(p.providerLog().notServed).containsExactly(MetaProtocolError.CAPABILITY_FAILED);
    // the error answered that request only: the next one is served, and nothing leaked into
    // the requester's natural-language callback
    assertThat(p.request("Paris").path("messageId").asText()).isEqualTo("m-Paris");
    assertThat(calls).hasValue(before + 1);
    assertThat(naturalLanguage).isEmpty();
  }

  @Test
  void aHangingCapabilityIsAnsweredWithCapabilityTimeoutAndLaterRequestsAreServed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CapabilityFunction weather = r -> {
      if (r.path("city").asText().equals("Limbo")) {
        try {
          release.await(); // until the test ends, unless the agent interrupts it
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted");
        }
      }
      return answering(calls).apply(r);
    };
    Pair p = pair(weather, Duration.ofMillis(300));
    int before = calls.get();

    assertThatThrownBy(() -> p.request("Limbo"))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.CAPABILITY_TIMEOUT));
    assertThat(p.providerLog().notServed).containsExactly(MetaProtocolError.CAPABILITY_TIMEOUT);
    assertThat(p.request("Oslo").path("messageId").asText()).isEqualTo("m-Oslo");
    assertThat(calls).hasValue(before + 1);
  }

  @Test
  void aHangingCapabilityAfterServedRequestsIsStillTimedOut() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Pair p = pair(hangingIn("Limbo", calls), Duration.ofMillis(300));
    for (String city : List.of("Oslo", "Rome", "Lima")) { // the first arms the provider's check
      assertThat(p.request(city).path("messageId").asText()).isEqualTo("m-" + city);
    }
    assertThatThrownBy(() -> p.request("Limbo"))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.CAPABILITY_TIMEOUT));
  }

  @Test
  void aRequestWithNoReplyFailsAfterTheRequestTimeout() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Pair p = pair(hangingIn("Limbo", calls), NEVER, Duration.ofMillis(300));
    assertThat(p.request("Oslo").path("messageId").asText()).isEqualTo("m-Oslo");
    assertThatThrownBy(() -> p.request("Limbo"))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(TimeoutException.class);
    assertThat(p.providerLog().notServed).isEmpty();
  }

  @Test
  void onAReusedProtocolTheFirstRequestIsStillTimedOutByTheProvidersCheckArmedAtReady() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Pair p = reusedPair(hangingIn("Limbo", calls), Duration.ofMillis(300), NEVER);
    assertThat(p.providerLog().allEvents).anyMatch(e -> e instanceof NegotiationEvent.Ready);
    assertThat(p.providerLog().sent).as("reused: no negotiation message").isEmpty();
    assertThatThrownBy(() -> p.request("Limbo"))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.CAPABILITY_TIMEOUT));
    assertThat(p.request("Oslo").path("messageId").asText()).isEqualTo("m-Oslo");
  }

  @Test
  void onAReusedProtocolTheFirstRequestWithNoReplyFailsAfterTheRequestTimeout() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Pair p = reusedPair(hangingIn("Limbo", calls), NEVER, Duration.ofMillis(300));
    assertThat(p.providerLog().sent).as("reused: no negotiation message").isEmpty();
    assertThatThrownBy(() -> p.request("Limbo"))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(TimeoutException.class);
    assertThat(p.providerLog().notServed).isEmpty();
  }

  /** A weather capability that answers at once, except for {@code city}, where it hangs. */
  private CapabilityFunction hangingIn(String city, AtomicInteger calls) {
    return r -> {
      if (r.path("city").asText().equals(city)) {
        try {
          release.await(); // until the test ends, unless the agent interrupts it
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted");
        }
      }
      return answering(calls).apply(r);
    };
  }

  @Test
  void anErrorResponseWithNoRequestWaitingIsPlainNaturalLanguage() throws Exception {
    Pair p = pair(answering(new AtomicInteger()), Duration.ofMinutes(1));
    String text = "# Error Response\n- code: capabilityFailed\n- message: unsolicited\n";
    p.provider().sendNaturalLanguage(p.requester().localDid(), text).get(30, TimeUnit.SECONDS);
    p.provider().sendNaturalLanguage(p.requester().localDid(), "after").get(30, TimeUnit.SECONDS);
    // the requester's messenger delivers in order: once "after" is there, so is the first
    afterSeen.get(30, TimeUnit.SECONDS);
    assertThat(naturalLanguage).containsExactly(text, "after");
  }
}
