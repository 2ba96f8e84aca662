package org.anp.transport.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
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

/**
 * did:all documents kept in memory behind a real {@link DidResolver} without a cache: each
 * identity made here is its own router and names a relay as its message service. Shared by the
 * loopback relay fixtures of the transport, cluster and integration tests. Thread-safe.
 */
public final class DidAllDirectory {
  private final SecureRandom random;
  private final Map<String, DidDocument> documents = new ConcurrentHashMap<>();
  private final DidResolver resolver = DidResolver.builder().method(new InMemoryDidAll()).cacheSize(0).build();

  /** A directory making its keys with a fresh {@link SecureRandom}. */
  public DidAllDirectory() {
    this(new SecureRandom());
  }

  /** A directory making its keys with {@code random}. */
  public DidAllDirectory(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The resolver over this directory's documents; it never caches, so a replaced document counts at once. */
  public DidResolver resolver() {
    return resolver;
  }

  /** A new did:all identity whose document, resolvable here, names {@code relay} as its message service. */
  public DidAllIdentity identity(URI relay) {
    DidAllIdentity identity = DidAllIdentity.builder().random(random).build();
    String did = identity.did().toString();
    ObjectNode json = identity.document().deepCopy();
    ArrayNode services = json.has("service") ? (ArrayNode) json.get("service") : json.putArray("service");
    ObjectNode service = services.addObject();
    service.put("id", did + "#communication");
    service.put("type", "messageService");
    service.put("serviceEndpoint", relay.toString());
    service.put("router", did);
    documents.put(did, DidDocument.fromJson(json));
    return identity;
  }

  private final class InMemoryDidAll implements DidMethod {
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
  }
}
