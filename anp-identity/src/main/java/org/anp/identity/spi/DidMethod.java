package org.anp.identity.spi;

import java.util.concurrent.CompletableFuture;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;

/**
 * One DID method (did:wba, did:all, did:key, ...): resolves DIDs whose method name is
 * {@link #methodName()}. Implementations are found with {@link java.util.ServiceLoader} (list the
 * class in {@code META-INF/services/org.anp.identity.spi.DidMethod}; it needs a public no-argument
 * constructor) or passed to {@code DidResolver.builder().method(...)}.
 *
 * <p>Implementations are thread-safe. The returned future never completes with {@code null}; it
 * fails with an {@code IdentityException} ({@code INVALID_DID}, {@code DID_NOT_FOUND},
 * {@code RESOLUTION_FAILED}, {@code INVALID_DOCUMENT}, ...). Methods need not cache or time out:
 * the resolver does both.
 */
public interface DidMethod {

  /** The method name this implementation resolves, e.g. {@code wba}. */
  String methodName();

  /**
   * Resolves {@code did}, whose {@link Did#method()} equals {@link #methodName()}, using the
   * fetcher, clock and size limit of {@code context}.
   */
  CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context);
}
