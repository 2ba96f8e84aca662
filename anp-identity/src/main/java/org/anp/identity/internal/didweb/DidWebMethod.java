package org.anp.identity.internal.didweb;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didweb.DidWeb;
import org.anp.identity.internal.resolve.ActiveDocuments;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.ResolutionContext;

/**
 * Resolves did:web DIDs (ANP-02 1.2 Appendix B): fetches {@link DidWeb#documentUrl()} over HTTPS
 * through the context's fetcher, parses the document, and requires its {@code id} to equal the DID
 * and the document not to be deactivated. None of the did:wba checks apply: no {@code e1_}/{@code
 * k1_} key binding, no document proof. Registered with {@link java.util.ServiceLoader}. Stateless
 * and thread-safe.
 */
public final class DidWebMethod implements DidMethod {

  @Override
  public String methodName() {
    return "web";
  }

  @Override
  public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(context, "context");
    DidWeb web;
    try {
      web = DidWeb.parse(did);
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
    int limit = context.maxDocumentBytes();
    return context.fetcher().fetch(web.documentUrl(), limit).thenApply(bytes -> {
      DidDocument document = DidDocument.parse(bytes, limit);
      DidWeb actual;
      try {
        actual = DidWeb.parse(document.id());
      } catch (IdentityException e) {
        throw new IdentityException(IdentityError.INVALID_DOCUMENT, "id: not a did:web DID: " + document.id());
      }
      if (!actual.equals(web)) {
        throw new IdentityException(
            IdentityError.INVALID_DOCUMENT, "id: " + document.id() + " does not equal the requested DID " + web);
      }
      return ActiveDocuments.requireActive(document);
    });
  }
}
