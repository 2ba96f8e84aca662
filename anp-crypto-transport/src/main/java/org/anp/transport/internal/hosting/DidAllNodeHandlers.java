package org.anp.transport.internal.hosting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.did.Did;
import org.anp.identity.didall.DidAllDocumentVerifier;
import org.anp.identity.didall.VerifiedDidAllDocument;
import org.anp.identity.json.StrictJson;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.hosting.DidDocumentStore;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpRequest;
import org.anp.transport.http.HttpResponse;
import org.anp.transport.http.HttpServer;

/** The handlers behind {@code DidAllHostingNode}; see its documentation for the contract. */
public final class DidAllNodeHandlers {
  private final DidDocumentStore store;
  private final Optional<byte[]> expectedAuthorization;
  private final int maxDocumentBytes;

  public DidAllNodeHandlers(DidDocumentStore store, Optional<String> apiKey, int maxDocumentBytes) {
    this.store = Objects.requireNonNull(store, "store");
    this.expectedAuthorization = apiKey.map(k -> ("Bearer " + k).getBytes(StandardCharsets.UTF_8));
    this.maxDocumentBytes = maxDocumentBytes;
  }

  /** Adds the four routes under {@code /v1/did}; none uses DID authentication. */
  public HttpServer.Builder addRoutes(HttpServer.Builder server) {
    return server
        .route("POST", "/v1/did", AuthPolicy.NONE, r -> CompletableFuture.completedFuture(create(r)))
        .route("PUT", "/v1/did", AuthPolicy.NONE, r -> CompletableFuture.completedFuture(update(r)))
        .route("GET", "/v1/did/{did}", AuthPolicy.NONE, r -> CompletableFuture.completedFuture(get(r)))
        .route("DELETE", "/v1/did/{did}", AuthPolicy.NONE, r -> CompletableFuture.completedFuture(delete(r)));
  }

  HttpResponse create(HttpRequest request) {
    byte[] body = request.body();
    VerifiedDidAllDocument verified = verify(body);
    Did did = Did.parse(verified.did().toString());
    if (!store.create(did, body)) {
      throw new TransportException(TransportError.RESOURCE_CONFLICT, "did: " + did + " exists");
    }
    return HttpResponse.of(201, "application/json", body);
  }

  HttpResponse update(HttpRequest request) {
    byte[] body = request.body();
    VerifiedDidAllDocument verified = verify(body);
    Did did = Did.parse(verified.did().toString());
    byte[] existing = store.get(did).orElseThrow(() -> notFound(did));
    VerifiedDidAllDocument old = verify(existing);
    if (!Arrays.equals(old.publicKey().raw(), verified.publicKey().raw())) {
      throw new TransportException(
          TransportError.FORBIDDEN, "verificationMethod: the update is signed by another key");
    }
    store.put(did, body);
    return HttpResponse.of(200, "application/json", body);
  }

  HttpResponse get(HttpRequest request) {
    Did did = Did.parse(request.pathVariable("did"));
    return store
        .get(did)
        .map(bytes -> HttpResponse.of(200, "application/json", bytes))
        .orElseThrow(() -> notFound(did));
  }

  HttpResponse delete(HttpRequest request) {
    byte[] given = request.header("authorization").orElse("").getBytes(StandardCharsets.UTF_8);
    if (expectedAuthorization.isEmpty()) {
      throw new TransportException(
          TransportError.UNAUTHORIZED, "authorization: this node accepts no deletions");
    }
    if (!MessageDigest.isEqual(given, expectedAuthorization.get())) {
      throw new TransportException(
          TransportError.UNAUTHORIZED, "authorization: missing or wrong API key");
    }
    Did did = Did.parse(request.pathVariable("did"));
    if (!store.delete(did)) {
      throw notFound(did);
    }
    return HttpResponse.of(204);
  }

  private VerifiedDidAllDocument verify(byte[] body) {
    return DidAllDocumentVerifier.verify(StrictJson.parse(body, maxDocumentBytes));
  }

  private static TransportException notFound(Did did) {
    return new TransportException(TransportError.RESOURCE_NOT_FOUND, "did: no document for " + did);
  }
}
