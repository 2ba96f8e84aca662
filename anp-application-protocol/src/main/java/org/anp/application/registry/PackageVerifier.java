package org.anp.application.registry;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.p1.ObjectProofs;

/**
 * Checks a {@link ProtocolPackage}'s proof: the publisher DID resolves, the proof's verification
 * method is one of the publisher's {@code assertionMethod} keys, and the signature covers the
 * package as received. Fails with {@code DID_RESOLUTION_FAILED} or {@code INVALID_PROOF}.
 *
 * <p>Thread-safe.
 */
public final class PackageVerifier {
  private final DidResolver resolver;

  /** A verifier resolving publishers with {@code resolver}. */
  public PackageVerifier(DidResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /** Completes with the package when its proof verifies; fails otherwise. */
  public CompletableFuture<ProtocolPackage> verify(ProtocolPackage pkg) {
    Objects.requireNonNull(pkg, "pkg");
    Did did;
    try {
      did = Did.parse(pkg.publisher());
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(
          new ApplicationException(ApplicationError.INVALID_PROOF, "publisher: not a DID", e));
    }
    return resolver.resolve(did)
        .handle((document, failure) -> {
          if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
            throw new ApplicationException(
                ApplicationError.DID_RESOLUTION_FAILED, "publisher: " + did + " could not be resolved", cause);
          }
          try {
            ObjectProofs.verify(pkg.json(), did.toString(), document);
          } catch (IdentityException e) {
            throw new ApplicationException(
                ApplicationError.INVALID_PROOF, "package " + pkg.name() + " " + pkg.version() + ": " + e.getMessage(), e);
          }
          return pkg;
        });
  }
}
