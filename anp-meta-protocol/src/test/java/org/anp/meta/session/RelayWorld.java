package org.anp.meta.session;

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
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.relay.RelayServer;

/**
 * A real relay on a loopback port that knows the did:all documents of the agents made here, and
 * the agents, closed together.
 */
final class RelayWorld implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, DidDocument> documents = new ConcurrentHashMap<>();
  private final List<MetaProtocolAgent> agents = new ArrayList<>();
  private final RelayServer relay;
  private final URI uri;

  RelayWorld() {
    relay = RelayServer.builder().resolver(resolver()).port(0).build();
    uri = relay.start().join();
  }

  private DidResolver resolver() {
    DidMethod method = new DidMethod() {
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
    return DidResolver.builder().method(method).cacheSize(0).build();
  }

  /** A did:all identity the relay can resolve. */
  LocalIdentity identity() {
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

  /** A messenger builder for {@code identity} on this relay. */
  AgentMessenger.Builder messenger(LocalIdentity identity) {
    return AgentMessenger.builder()
        .identity(identity)
        .relay(uri)
        .random(RANDOM)
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
  }

  /**
   * Builds {@code builder} with {@code recorder} as its listener, lets the recorder count the
   * messenger's frames, and starts it; it is closed with the world.
   */
  MetaProtocolAgent start(MetaProtocolAgent.Builder builder, Recorder recorder) {
    MetaProtocolAgent agent = builder.listener(recorder).build();
    recorder.countFrames(agent.messenger());
    synchronized (agents) {
      agents.add(agent);
    }
    agent.start().join();
    return agent;
  }

  @Override
  public void close() {
    synchronized (agents) {
      agents.forEach(MetaProtocolAgent::close);
    }
    relay.close();
  }
}
