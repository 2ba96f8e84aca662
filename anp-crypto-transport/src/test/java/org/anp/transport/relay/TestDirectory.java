package org.anp.transport.relay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.ResolutionContext;
import org.anp.identity.wba.DidWbaIdentity;

/** DID documents in memory behind a real {@link DidResolver}, and helpers that create agents. */
final class TestDirectory {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, DidDocument> documents = new ConcurrentHashMap<>();
  private int counter;

  /** A DID, the id of its signing key and the key. */
  record Agent(String did, String vm, PrivateKeyMaterial key) {
    RegisterFrame register(java.time.Instant now) {
      return RegisterFrame.of(now, "reg" + RANDOM.nextInt(1_000_000),
          java.util.List.of(RegisterFrame.signRouter(did, vm, key, now, RANDOM)));
    }
  }

  private final java.util.Set<String> hanging = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final class MapMethod implements DidMethod {
    private final String name;

    MapMethod(String name) {
      this.name = name;
    }

    @Override
    public String methodName() {
      return name;
    }

    @Override
    public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
      if (hanging.contains(did.toString())) {
        return new CompletableFuture<>();
      }
      DidDocument document = documents.get(did.toString());
      return document == null
          ? CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "no document for " + did))
          : CompletableFuture.completedFuture(document);
    }
  }

  /** A resolver without cache, so tests see document changes at once. */
  DidResolver resolver() {
    return DidResolver.builder().method(new MapMethod("wba")).method(new MapMethod("all")).cacheSize(0).build();
  }

  /** A did:wba agent whose document names {@code relay} (if given) as its messageService. */
  synchronized Agent wba(Optional<URI> relay) {
    DidWbaIdentity identity =
        DidWbaIdentity.builder().host("agents.example").path("a" + (++counter)).random(RANDOM).build();
    ObjectNode json = identity.document().json();
    relay.ifPresent(uri -> addService(json, identity.did() + "#communication", uri, Optional.empty()));
    documents.put(identity.did().toString(), DidDocument.fromJson(json));
    return new Agent(identity.did().toString(), identity.did() + "#key-1", identity.privateKey("key-1").orElseThrow());
  }

  /** A did:all agent whose document names {@code router} as its messageService router. */
  Agent didAll(URI relay, String router) {
    DidAllIdentity identity = DidAllIdentity.builder().random(RANDOM).build();
    ObjectNode json = identity.document();
    String did = identity.did().toString();
    addService(json, did + "#communication", relay, Optional.of(router));
    documents.put(did, DidDocument.fromJson(json));
    return new Agent(did, did + "#keys-1", identity.privateKey());
  }

  /** From now on, resolving {@code did} never completes (a resolver that does not answer). */
  void hang(String did) {
    hanging.add(did);
  }

  /** An agent that has no document anywhere. */
  Agent unknown() {
    Agent a = wba(Optional.empty());
    documents.remove(a.did());
    return a;
  }

  private static void addService(ObjectNode json, String id, URI endpoint, Optional<String> router) {
    ArrayNode services = json.has("service") ? (ArrayNode) json.get("service") : json.putArray("service");
    for (int i = services.size() - 1; i >= 0; i--) {
      if ("messageService".equals(services.get(i).path("type").asText())) {
        services.remove(i);
      }
    }
    ObjectNode s = services.addObject();
    s.put("id", id);
    s.put("type", "messageService");
    s.put("serviceEndpoint", endpoint.toString());
    router.ifPresent(r -> s.put("router", r));
  }
}
