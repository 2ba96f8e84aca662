package org.anp.application.server;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.http.HttpServer;

/**
 * Test fixture: did:wba identities whose documents are resolved from a map (their hosts are
 * fictional; the agents themselves serve on loopback), and HTTP servers with DID authentication.
 */
public final class LoopbackAgents {
  public static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, DidDocument> documents = new ConcurrentHashMap<>();

  /** Resolves the DIDs this fixture knows; others fail. */
  public DidResolver resolver() {
    return did -> {
      DidDocument d = documents.get(did.toString());
      return d != null ? CompletableFuture.completedFuture(d)
          : CompletableFuture.failedFuture(new ApplicationException(ApplicationError.DID_RESOLUTION_FAILED, "unknown " + did));
    };
  }

  /** A new did:wba identity under {@code agents.test}, known to the resolver. */
  public AgentIdentity identity(String path) {
    AgentIdentity id = AgentIdentity.from(
        DidWbaIdentity.builder().host("agents.test").path(path).keyType(KeyType.ED25519).random(RANDOM).build());
    publish(id.document());
    return id;
  }

  /** Makes the resolver return {@code document} for its DID. */
  public void publish(DidDocument document) {
    documents.put(document.id().toString(), document);
  }

  /** A server builder that authenticates callers of {@code 127.0.0.1} and hands out tokens. */
  public HttpServer.Builder server() {
    return HttpServer.builder()
        .authentication(DidWbaVerifier.builder()
            .resolver(resolver())
            .audience("127.0.0.1")
            .tokens(AccessTokenService.builder().build())
            .build());
  }

  /** Starts {@code server} and waits for its base URI. */
  public static URI start(HttpServer server) throws Exception {
    return server.start().get(30, TimeUnit.SECONDS);
  }
}
