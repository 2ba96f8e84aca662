package org.anp.transport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.ResolutionContext;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.TransportError;
import org.junit.jupiter.api.Test;
import org.anp.transport.testing.ManualClock;

/**
 * A did:wba peer rotates its E2E key: the endpoint reads peer documents through the resolver's
 * expiring cache, so once the entry expires a hello signed with the old key fails and one signed
 * with the new key works.
 */
class E2eEndpointKeyRotationTest {
  private static final Duration CACHE_TTL = Duration.ofMinutes(5);
  private final SecureRandom random = new SecureRandom();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T08:00:00Z"));
  /** What the peer's web host serves now. */
  private final Map<String, DidDocument> published = new ConcurrentHashMap<>();
  private final DidResolver resolver = DidResolver.builder()
      .method(new DidMethod() {
        @Override
        public String methodName() {
          return "wba";
        }

        @Override
        public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
          DidDocument d = published.get(did.toString());
          return d == null
              ? CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, did.toString()))
              : CompletableFuture.completedFuture(d);
        }
      })
      .clock(clock)
      .cacheTtl(CACHE_TTL)
      .build();
  private final DidWbaIdentity bobIdentity = DidWbaIdentity.builder().host("b.test").path("bob").random(random).build();
  private final String bobDid = bobIdentity.did().toString();
  private final Parties.Party alice = Parties.create(random);
  private final E2eEndpoint a = E2eEndpoint.builder(alice.config(clock, random)).resolver(resolver).build();
  private final List<E2eEndpoint.Failure> failures = new ArrayList<>();
  private final List<ReceivedMessage> deliveredToBob = new ArrayList<>();

  /** Bob's endpoint signing its hellos with {@code key} as {@code #key-2}. */
  private E2eEndpoint bob(PrivateKeyMaterial key) {
    HandshakeConfig config = HandshakeConfig.builder()
        .identity(bobIdentity.did(), key, bobDid + "#key-2")
        .keyBinding(HelloKeyBinding.standard(d -> java.util.Optional.empty()))
        .clock(clock)
        .random(random)
        .build();
    return E2eEndpoint.builder(config).resolver(resolver).build();
  }

  /** Bob's document with {@code #key-2} replaced by {@code key}. */
  private DidDocument withKey2(PrivateKeyMaterial key) {
    ObjectNode json = bobIdentity.document().json();
    for (JsonNode vm : json.path("verificationMethod")) {
      if (vm.path("id").asText().endsWith("#key-2")) {
        ((ObjectNode) vm).set("publicKeyJwk", key.publicKey().toJwk());
      }
    }
    return DidDocument.fromJson(json);
  }

  private void pump(E2eEndpoint.Output first, E2eEndpoint b) {
    Deque<E2eMessage> wire = new ArrayDeque<>(first.outbound());
    failures.addAll(first.failures());
    while (!wire.isEmpty()) {
      E2eMessage frame = wire.poll();
      boolean toBob = frame.json().path("destinationDid").asText().equals(bobDid);
      E2eEndpoint.Output out = (toBob ? b : a).receive(E2eMessage.parse(frame.toJsonBytes())).join();
      wire.addAll(out.outbound());
      failures.addAll(out.failures());
      if (toBob) {
        deliveredToBob.addAll(out.delivered());
      }
    }
  }

  private static List<TransportError> codes(List<E2eEndpoint.Failure> failures) {
    return failures.stream().map(f -> f.error().code()).toList();
  }

  @Test
  void afterARotationTheOldKeyFailsAndTheNewKeyWorks() {
    PrivateKeyMaterial oldKey = bobIdentity.privateKey("key-2").orElseThrow();
    published.put(bobDid, bobIdentity.document());
    E2eEndpoint oldBob = bob(oldKey);
    pump(a.send(bobDid, new byte[] {1}), oldBob);
    assertThat(failures).isEmpty();
    assertThat(deliveredToBob).hasSize(1);

    // Bob rotates #key-2 and publishes the new document; Alice's resolver entry expires.
    PrivateKeyMaterial newKey = PrivateKeyMaterial.generate(KeyType.SECP256R1, random);
    published.put(bobDid, withKey2(newKey));
    clock.advance(CACHE_TTL.plusSeconds(1));

    // A handshake answered with the old key: Alice refuses Bob's destinationHello.
    a.keyStore().remove(a.keyStore().current(alice.did(), bobDid).orElseThrow().secretKeyId());
    pump(a.send(bobDid, new byte[] {2}), oldBob);
    assertThat(codes(failures)).contains(TransportError.DID_KEY_MISMATCH);
    assertThat(a.keyStore().current(alice.did(), bobDid)).isEmpty();
    assertThat(deliveredToBob).hasSize(1);

    // Opened with the old key: Alice refuses Bob's sourceHello.
    failures.clear();
    pump(oldBob.send(alice.did(), new byte[] {3}), oldBob);
    assertThat(codes(failures)).contains(TransportError.DID_KEY_MISMATCH);

    // With the new key, both directions work.
    failures.clear();
    E2eEndpoint newBob = bob(newKey);
    pump(a.send(bobDid, new byte[] {4}), newBob);
    assertThat(failures).isEmpty();
    assertThat(deliveredToBob).extracting(m -> m.payload()[0]).containsExactly((byte) 1, (byte) 4);
    pump(newBob.send(alice.did(), new byte[] {5}), newBob);
    assertThat(failures).isEmpty();
  }

  @Test
  void theCachedDocumentIsUsedUntilItExpires() {
    published.put(bobDid, bobIdentity.document());
    E2eEndpoint oldBob = bob(bobIdentity.privateKey("key-2").orElseThrow());
    pump(a.send(bobDid, new byte[] {1}), oldBob);
    // The peer's document disappears from its host; within the TTL the cached copy still serves.
    published.remove(bobDid);
    clock.advance(CACHE_TTL.minusSeconds(30));
    a.keyStore().remove(a.keyStore().current(alice.did(), bobDid).orElseThrow().secretKeyId());
    pump(a.send(bobDid, new byte[] {2}), oldBob);
    assertThat(failures).isEmpty();
    // Past the TTL the peer no longer resolves: its hello cannot be verified.
    clock.advance(Duration.ofSeconds(31));
    a.keyStore().remove(a.keyStore().current(alice.did(), bobDid).orElseThrow().secretKeyId());
    pump(a.send(bobDid, new byte[] {3}), oldBob);
    assertThat(codes(failures)).contains(TransportError.DID_NOT_FOUND);
  }
}
