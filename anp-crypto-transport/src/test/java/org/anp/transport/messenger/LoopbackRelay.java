package org.anp.transport.messenger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.anp.transport.relay.RelayServer;

/**
 * A real relay on a loopback port, the did:all documents of the agents it knows (naming it as
 * their message service), and messengers connected to it over real WebSockets. Closes all.
 */
final class LoopbackRelay implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, DidDocument> documents = new ConcurrentHashMap<>();
  private final List<AgentMessenger> messengers = new ArrayList<>();
  private final RelayServer relay;
  private final URI uri;

  LoopbackRelay() {
    relay = RelayServer.builder().resolver(resolver()).port(0).build();
    uri = relay.start().join();
  }

  URI uri() {
    return uri;
  }

  /** A resolver over the known documents, without a cache. */
  DidResolver resolver() {
    DidMethod method = new DidMethod() {
      @Override
      public String methodName() {
        return "all";
      }

      @Override
      public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
        DidDocument d = documents.get(did.toString());
        return d == null
            ? CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "no document for " + did))
            : CompletableFuture.completedFuture(d);
      }
    };
    return DidResolver.builder().method(method).cacheSize(0).build();
  }

  /** A did:all identity the relay can resolve, its document naming this relay. */
  LocalIdentity known() {
    DidAllIdentity identity = DidAllIdentity.builder().random(RANDOM).build();
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

  /** A did:all identity no resolver knows: the relay refuses its registration. */
  static LocalIdentity unknown() {
    return LocalIdentity.from(DidAllIdentity.builder().random(RANDOM).build());
  }

  /** A messenger builder for {@code identity} on this relay, closed with it. */
  AgentMessenger.Builder messenger(LocalIdentity identity) {
    return AgentMessenger.builder()
        .identity(identity)
        .relay(uri)
        .random(RANDOM)
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
  }

  AgentMessenger build(AgentMessenger.Builder builder) {
    AgentMessenger m = builder.build();
    synchronized (messengers) {
      messengers.add(m);
    }
    return m;
  }

  @Override
  public void close() {
    synchronized (messengers) {
      messengers.forEach(AgentMessenger::close);
    }
    relay.close();
  }
}
