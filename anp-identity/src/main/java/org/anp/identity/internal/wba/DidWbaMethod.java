package org.anp.identity.internal.wba;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.internal.resolve.ActiveDocuments;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.ResolutionContext;
import org.anp.identity.wba.DidWba;
import org.anp.identity.wba.DidWbaDocumentVerifier;

/**
 * Resolves did:wba DIDs (spec/identity.md 1.2): fetches {@link DidWba#documentUrl()} through the
 * context's {@code DocumentFetcher} within its size limit, parses the document and accepts it only
 * if {@link DidWbaDocumentVerifier} does. Registered with {@link java.util.ServiceLoader}.
 * Stateless and thread-safe.
 */
public final class DidWbaMethod implements DidMethod {
  private static final String LOCALHOST = "localhost";

  private final boolean loopbackHttp;

  /** The standard method: HTTPS document URLs only. */
  public DidWbaMethod() {
    this(false);
  }

  private DidWbaMethod(boolean loopbackHttp) {
    this.loopbackHttp = loopbackHttp;
  }

  /**
   * A method that fetches documents of {@code localhost} DIDs over plain HTTP, for tests against a
   * loopback server; other hosts still use HTTPS. Combine with a fetcher that permits loopback
   * HTTP.
   */
  public static DidWbaMethod insecureHttpForLoopback() {
    return new DidWbaMethod(true);
  }

  @Override
  public String methodName() {
    return "wba";
  }

  @Override
  public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(context, "context");
    DidWba wba;
    try {
      wba = DidWba.parse(did);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    URI url = wba.documentUrl();
    if (loopbackHttp && wba.host().equals(LOCALHOST)) {
      url = URI.create("http" + url.toString().substring("https".length()));
    }
    int limit = context.maxDocumentBytes();
    CompletableFuture<DidDocument> resolved = context
        .fetcher()
        .fetch(url, limit)
        .thenApply(
            bytes -> {
              DidDocument document = DidDocument.parse(bytes, limit);
              DidWbaDocumentVerifier.verify(document, did);
              return ActiveDocuments.requireActive(document);
            });
    if (loopbackHttp || !wba.host().equals(LOCALHOST)) {
      return resolved;
    }
    return resolved.exceptionallyCompose(e -> CompletableFuture.failedFuture(withLoopbackHint(e)));
  }

  // A localhost document is almost always served by a local plain-HTTP server (tests, anp serve
  // did-host), which an HTTPS fetch reaches only to fail with a TLS or connection error that
  // names neither cause nor cure.
  private static Throwable withLoopbackHint(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (!(cause instanceof IdentityException e)
        || e.code() != IdentityError.RESOLUTION_FAILED && e.code() != IdentityError.RESOLUTION_TIMEOUT
            && e.code() != IdentityError.RESOLUTION_REFUSED) {
      return cause;
    }
    String prefix = e.code().name() + ": ";
    String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    return new IdentityException(
        e.code(),
        reason + " (did:wba documents are fetched over HTTPS only; a localhost server speaking plain"
            + " HTTP needs the explicit opt-in DidResolver.Builder.insecureLoopbackHttp())",
        e);
  }
}
