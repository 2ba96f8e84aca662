package org.anp.benchmarks.negotiation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.ResolutionContext;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.relay.RelayServer;

/**
 * A real relay on a loopback port that resolves the did:all agents made here from memory (no
 * resolver cache), with messenger builders pointed at it. Thread-safe.
 */
final class AgentWorld implements AutoCloseable {
  private final SecureRandom random = new SecureRandom();
  private final Map<String, DidDocument> documents = new ConcurrentHashMap<>();
  private final RelayServer relay;
  private final URI uri;

  AgentWorld() {
    relay = RelayServer.builder()
        .resolver(resolver())
        .rateLimit(1e9, Integer.MAX_VALUE) // a benchmark, not a flood
        .idleTimeout(Duration.ofMinutes(30))
        // every invocation registers new messengers, row B's the same two DIDs again
        .registrationQuota(Integer.MAX_VALUE, Integer.MAX_VALUE)
        .port(0)
        .build();
    uri = relay.start().join();
  }

  private DidResolver resolver() {
    DidMethod all = new DidMethod() {
      @Override
      public String methodName() {
        return "all";
      }

      @Override
      public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
        DidDocument d = documents.get(did.toString());
        return d == null
            ? CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "unknown " + did))
            : CompletableFuture.completedFuture(d);
      }
    };
    return DidResolver.builder().method(all).cacheSize(0).build();
  }

  /** A new did:all identity whose document, naming this relay, the relay can resolve. */
  LocalIdentity identity() {
    DidAllIdentity identity = DidAllIdentity.builder().random(random).build();
    String did = identity.did().toString();
    ObjectNode json = identity.document().deepCopy();
    ObjectNode service = json.withArray("service").addObject();
    service.put("id", did + "#communication");
    service.put("type", "messageService");
    service.put("serviceEndpoint", uri.toString());
    service.put("router", did);
    documents.put(did, DidDocument.fromJson(json));
    return LocalIdentity.from(identity);
  }

  /** A messenger builder for {@code identity} on this relay (its own random generator). */
  AgentMessenger.Builder messenger(LocalIdentity identity) {
    return AgentMessenger.builder().identity(identity).relay(uri);
  }

  @Override
  public void close() {
    relay.close();
  }
}
