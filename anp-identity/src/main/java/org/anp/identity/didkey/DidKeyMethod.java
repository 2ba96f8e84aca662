package org.anp.identity.didkey;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.ResolutionContext;

/**
 * The did:key {@link DidMethod}: expands the identifier into its document with
 * {@link DidKey#document(Did)}, without any I/O. Registered for {@link java.util.ServiceLoader}.
 * Thread-safe.
 */
public final class DidKeyMethod implements DidMethod {

  /** For {@link java.util.ServiceLoader}. */
  public DidKeyMethod() {}

  @Override
  public String methodName() {
    return "key";
  }

  /** Completes at once, with the document or the {@link IdentityException} of {@link DidKey#document}. */
  @Override
  public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(context, "context");
    try {
      return CompletableFuture.completedFuture(DidKey.document(did));
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
