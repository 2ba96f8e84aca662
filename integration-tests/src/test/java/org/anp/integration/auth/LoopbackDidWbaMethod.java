package org.anp.integration.auth;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.ResolutionContext;
import org.anp.identity.wba.DidWba;
import org.anp.identity.wba.DidWbaDocumentVerifier;

/**
 * did:wba resolution for tests on loopback servers: {@code localhost} DIDs are fetched over plain
 * HTTP (a real deployment serves did.json over HTTPS), with the same size limit and document
 * checks as the library's method. Built from public API only.
 */
final class LoopbackDidWbaMethod implements DidMethod {

  @Override
  public String methodName() {
    return "wba";
  }

  @Override
  public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
    DidWba wba;
    try {
      wba = DidWba.parse(did);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    URI url = wba.documentUrl();
    if (wba.host().equals("localhost")) {
      url = URI.create("http" + url.toString().substring("https".length()));
    }
    int limit = context.maxDocumentBytes();
    return context.fetcher().fetch(url, limit).thenApply(bytes -> {
      DidDocument document = DidDocument.parse(bytes, limit);
      DidWbaDocumentVerifier.verify(document, did);
      return document;
    });
  }
}
