package org.anp.transport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import org.anp.identity.did.Did;
import org.anp.transport.TransportError;
import org.anp.transport.spi.HelloExtensions;
import org.junit.jupiter.api.Test;
import org.anp.transport.testing.ManualClock;

/** The per-peer {@code metaProtocol} blocks: signed into the hellos, reported with the session. */
class E2eEndpointHelloExtensionsTest {
  private final SecureRandom random = new SecureRandom();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T08:00:00Z"));
  private final Parties.Party alice = Parties.create(random);
  private final Parties.Party bob = Parties.create(random);

  private static ObjectNode block(String capability) {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("version", "1.0");
    b.putArray("supportedCapabilities").add(capability);
    return b;
  }

  private static HelloExtensions offering(String capability) {
    return new HelloExtensions() {
      @Override
      public Optional<ObjectNode> offer(Did peerDid) {
        return Optional.of(block(capability));
      }

      @Override
      public Optional<ObjectNode> answer(Did peerDid, Optional<JsonNode> offered) {
        return Optional.of(block(capability));
      }
    };
  }

  private E2eEndpoint endpoint(Parties.Party party, HelloExtensions hook) {
    return E2eEndpoint.builder(party.configBuilder(clock, random).helloExtensions(hook).build()).build();
  }

  @Test
  void theBlockIsCoveredByTheHellosSignature() {
    E2eEndpoint a = endpoint(alice, offering("testCasesNegotiation"));
    E2eEndpoint b = endpoint(bob, HelloExtensions.NONE);
    SourceHello hello = (SourceHello) a.send(bob.did(), new byte[] {1}).outbound().get(0);
    assertThat(hello.metaProtocol()).contains(block("testCasesNegotiation"));
    ObjectNode forged = hello.json();
    ((ObjectNode) forged.get("metaProtocol")).putArray("supportedCapabilities").add("fixErrorNegotiation");

    E2eEndpoint.Output out = b.receive(E2eMessage.parse(forged)).join();

    assertThat(out.failures()).singleElement()
        .satisfies(f -> assertThat(f.error().code()).isEqualTo(TransportError.HELLO_SIGNATURE_INVALID));
    assertThat(out.established()).isEmpty();
  }

  @Test
  void aHookThatThrowsFailsOnlyThatHandshake() {
    HelloExtensions broken = new HelloExtensions() {
      @Override
      public Optional<ObjectNode> offer(Did peerDid) {
        throw new IllegalStateException("upper layer bug");
      }

      @Override
      public Optional<ObjectNode> answer(Did peerDid, Optional<JsonNode> offered) {
        throw new IllegalStateException("upper layer bug");
      }
    };
    E2eEndpoint a = endpoint(alice, broken);
    E2eEndpoint b = endpoint(bob, broken);

    E2eEndpoint.Output sending = a.send(bob.did(), "m1", new byte[] {1});
    assertThat(sending.outbound()).isEmpty();
    assertThat(sending.failures()).singleElement().satisfies(f -> {
      assertThat(f.messageId()).isEqualTo("m1");
      assertThat(f.error().getCause()).isInstanceOf(org.anp.transport.TransportException.class);
      assertThat(((org.anp.transport.TransportException) f.error().getCause()).code())
          .isEqualTo(TransportError.NEGOTIATION_FAILED);
    });

    E2eEndpoint plain = endpoint(alice, HelloExtensions.NONE);
    SourceHello hello = (SourceHello) plain.send(bob.did(), new byte[] {1}).outbound().get(0);
    E2eEndpoint.Output answered = b.receive(hello).join();
    assertThat(answered.failures()).singleElement()
        .satisfies(f -> assertThat(f.error().code()).isEqualTo(TransportError.NEGOTIATION_FAILED));
  }
}
