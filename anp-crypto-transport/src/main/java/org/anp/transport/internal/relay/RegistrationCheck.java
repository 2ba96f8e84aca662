package org.anp.transport.internal.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.anp.identity.AnpException;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.transport.relay.RouterEntry;

/**
 * Checks a {@code register} (spec/e2e-transport.md section 10.3): each router entry's proof is
 * signed by a key of that router, created within the registration window of now, verifies
 * against the router's resolved document, and carries a nonce not used before. A refusal names
 * the entry, the DIDs and why (for the 403's detail and the relay's log). The caller resolves
 * the documents; this class does no I/O and reads no clock. Thread-safe (the nonce cache is).
 */
final class RegistrationCheck {
  /** Why a registration was refused: the DIDs concerned and the detail sent back. */
  record Refusal(String dids, String detail) {}

  private final Duration window;
  private final Duration resolveTimeout;
  private final NonceCache nonces;

  RegistrationCheck(Duration window, Duration resolveTimeout, int nonceCacheSize) {
    this.window = window;
    this.resolveTimeout = resolveTimeout;
    this.nonces = new NonceCache(nonceCacheSize);
  }

  /** The checks that need no document: each proof names a key of its router and is fresh. */
  Optional<Refusal> precheck(List<RouterEntry> entries, Instant now) {
    for (int i = 0; i < entries.size(); i++) {
      RouterEntry e = entries.get(i);
      if (!e.proof().verificationMethod().startsWith(e.router() + "#")) {
        return refuse(e.router(), "routers[" + i + "].proof.verificationMethod: not a key of the router");
      }
      Duration skew = Duration.between(e.proof().created(), now).abs();
      if (skew.compareTo(window) > 0) {
        return refuse(e.router(), "routers[" + i + "].proof.created: " + skew.toSeconds()
            + " s from the relay's clock, outside the " + window.toSeconds() + " s window");
      }
    }
    return Optional.empty();
  }

  /**
   * The checks against each router's document ({@code documents}: its completed resolution, by
   * router DID), then the nonces, which are recorded only if everything else passed.
   */
  Optional<Refusal> verify(List<RouterEntry> entries, Map<String, CompletableFuture<DidDocument>> documents, Instant now) {
    List<String> nonceKeys = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      RouterEntry e = entries.get(i);
      String path = "routers[" + i + "]";
      CompletableFuture<DidDocument> resolved = documents.get(e.router());
      Optional<DidDocument> document = value(resolved);
      if (document.isEmpty()) {
        return refuse(e.router(), path + ".router: the DID does not resolve (" + failure(resolved) + ")");
      }
      Optional<VerificationMethod> method = document.get().verificationMethod(e.proof().verificationMethod());
      if (method.isEmpty()) {
        return refuse(e.router(), path + ".proof.verificationMethod: "
            + e.proof().verificationMethod() + " is not in the router's document");
      }
      try {
        byte[] signature = Base64Codec.decodeUrl(e.proof().proofValue());
        method.get().publicKey().verify(e.signingInput(), signature);
      } catch (IdentityException ex) {
        return refuse(e.router(), path + ".proof.proofValue: the signature does not verify with "
            + e.proof().verificationMethod());
      }
      nonceKeys.add(e.router() + "\n" + e.nonce());
    }
    String dids = String.join(", ", entries.stream().map(RouterEntry::router).distinct().toList());
    NonceCache.Result recorded = nonces.recordAll(nonceKeys, now, now.plus(window.multipliedBy(2)));
    if (recorded == NonceCache.Result.REPLAYED) {
      return refuse(dids, "routers: nonce already used (a replayed register)");
    }
    if (recorded == NonceCache.Result.FULL) {
      return refuse(dids, "routers: too many registrations in the time window; retry later");
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(String dids, String detail) {
    return Optional.of(new Refusal(dids, detail));
  }

  private static Optional<DidDocument> value(CompletableFuture<DidDocument> future) {
    if (future == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(future.join());
    } catch (CompletionException | CancellationException e) {
      return Optional.empty();
    }
  }

  /** Why a resolution failed, for the refusal's detail. */
  private String failure(CompletableFuture<?> future) {
    if (future == null) {
      return "not resolved";
    }
    try {
      future.join();
      return "no document";
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof TimeoutException) {
        return "no answer within " + resolveTimeout.toMillis() + " ms";
      }
      return cause instanceof AnpException a ? a.getMessage() : cause.getClass().getSimpleName();
    }
  }
}
