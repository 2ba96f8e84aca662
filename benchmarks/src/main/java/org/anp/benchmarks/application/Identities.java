package org.anp.benchmarks.application;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;

/**
 * did:wba identities (Ed25519) under a fictional host, and a resolver that answers their
 * documents from a map, as a warm resolver cache does: every document is parsed once, so its
 * keys are decoded once (decision 0007).
 */
final class Identities {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, DidDocument> documents = new ConcurrentHashMap<>();

  /** A new identity {@code did:wba:agents.test:<path>}, known to {@link #resolver()}. */
  AgentIdentity create(String path) {
    AgentIdentity identity = AgentIdentity.from(DidWbaIdentity.builder()
        .host("agents.test").path(path).keyType(KeyType.ED25519).e2eeKeys(false).random(RANDOM).build());
    DidDocument document = identity.document();
    documents.put(document.id().toString(), document);
    return identity;
  }

  /** The document of {@code did}, which {@link #create} made. */
  DidDocument document(String did) {
    return documents.get(did);
  }

  /** Answers the documents of the identities made here; fails for others. */
  DidResolver resolver() {
    return did -> {
      DidDocument d = documents.get(did.toString());
      return d != null ? CompletableFuture.completedFuture(d)
          : CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "unknown " + did));
    };
  }
}
