package org.anp.meta.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.anp.identity.did.Did;
import org.anp.meta.ProtocolHash;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.handler.SchemaHandlerGenerator;
import org.anp.meta.handler.ViolationSink;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.store.ProtocolStore;
import org.anp.meta.store.StoredProtocol;
import org.anp.transport.messenger.LocalIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A protocol put into a running provider's store (as a registry protocol is loaded) is echoed in
 * the next session's hello, so the requester that offers it starts at READY (decision 0085).
 */
class StoredAfterStartTest {
  private final RelayWorld world = new RelayWorld();

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void aProtocolStoredAfterTheProviderStartedIsReusedWithoutNegotiation() throws Exception {
    List<LocalCapability> capabilities = LocalCapability.parseAll(MetaProtocolAgentTest.CAPABILITIES);
    CapabilityFunction weather = request -> {
      ObjectNode r = JsonNodeFactory.instance.objectNode();
      r.put("messageId", request.path("messageId").asText());
      r.put("code", 200);
      r.put("tempC", 7.5);
      return r;
    };
    Map<String, CapabilityFunction> functions =
        Map.of("getWeather", weather, "getStock", request -> JsonNodeFactory.instance.objectNode().put("count", 1));
    LocalIdentity providerId = world.identity();
    ProtocolStore providerStore = ProtocolStore.inMemory();
    Recorder providerLog = new Recorder();
    MetaProtocolAgent provider = world.start(MetaProtocolAgent.builder(world.messenger(providerId))
        .serve(capabilities, functions).store(providerStore), providerLog);

    // Both sides get the protocol only now, the provider after it started.
    String document = MetaProtocolAgentTest.EXACT_NEED;
    Did providerDid = provider.localDid();
    providerStore.put(StoredProtocol.agreed(document,
        SchemaHandlerGenerator.forProvider(capabilities, functions).generate(document, ViolationSink.NONE).form(),
        providerDid, Instant.now()));
    ProtocolStore requesterStore = ProtocolStore.inMemory();
    requesterStore.put(StoredProtocol.agreed(document,
        SchemaHandlerGenerator.forRequester().generate(document, ViolationSink.NONE).form(), providerDid, Instant.now()));
    Recorder requesterLog = new Recorder();
    MetaProtocolAgent requester = world.start(
        MetaProtocolAgent.builder(world.messenger(world.identity())).store(requesterStore), requesterLog);

    AgreedProtocol agreed = requester.negotiate(providerDid, document).get(60, TimeUnit.SECONDS);
    assertThat(agreed.reused()).isTrue();
    assertThat(agreed.hash()).isEqualTo(ProtocolHash.of(document));
    JsonNode reply = requester.request(providerDid,
        MetaProtocolAgentTest.json("{\"messageId\":\"s-1\",\"city\":\"Oslo\"}")).get(30, TimeUnit.SECONDS);
    assertThat(reply.path("tempC").asDouble()).isEqualTo(7.5);
    assertThat(requesterLog.sent).isEmpty();
    assertThat(requesterLog.received).isEmpty();
    assertThat(providerLog.sent).isEmpty();
    assertThat(providerLog.received).isEmpty();
  }
}
