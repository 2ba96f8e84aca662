package org.anp.benchmarks.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.ResolutionContext;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.relay.RegisterFrame;

/**
 * DID documents in memory behind a real {@link DidResolver} without cache (so a cached document
 * never counts as per-connection memory), and the did:wba agents the harness registers.
 * Thread-safe.
 */
final class Directory {
  private final Map<String, DidDocument> documents = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** A did:wba agent: its DID, the id of its signing key, the key and its document. */
  record Agent(String did, String keyId, PrivateKeyMaterial key, ObjectNode document) {
    /** A fresh signed {@code register} frame binding this DID to the connection that sends it. */
    byte[] register(SecureRandom random) {
      Instant now = Instant.now();
      return RegisterFrame.of(now, "reg" + random.nextInt(1 << 30),
          List.of(RegisterFrame.signRouter(did, keyId, key, now, random))).toJsonBytes();
    }
  }

  /** Creates an agent under {@code path} and publishes its document here. */
  Agent agent(String path) {
    DidWbaIdentity id = DidWbaIdentity.builder().host("bench.test").path(path).random(random).build();
    Agent agent = new Agent(id.did().toString(), id.did() + "#key-1", id.privateKey("key-1").orElseThrow(),
        id.document().json());
    publish(agent.document());
    return agent;
  }

  /** Publishes a document given as JSON. @throws IdentityException if it is not a DID document */
  void publish(ObjectNode json) {
    DidDocument document = DidDocument.fromJson(json);
    documents.put(document.id().toString(), document);
  }

  int size() {
    return documents.size();
  }

  DidResolver resolver() {
    DidMethod wba = new DidMethod() {
      @Override
      public String methodName() {
        return "wba";
      }

      @Override
      public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
        DidDocument d = documents.get(did.toString());
        return d == null
            ? CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "did: no document"))
            : CompletableFuture.completedFuture(d);
      }
    };
    return DidResolver.builder().method(wba).cacheSize(0).build();
  }

  SecureRandom random() {
    return random;
  }
}
