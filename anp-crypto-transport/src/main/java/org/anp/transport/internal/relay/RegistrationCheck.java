package org.anp.transport.internal.relay;

import java.time.Clock;
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
import org.anp.identity.limits.RefusalLog;
import org.anp.transport.relay.RouterEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a {@code register} (spec/e2e-transport.md section 10.3): each router entry's proof is
 * signed by a key of that router, created within the registration window of now, verifies
 * against the router's resolved document, and carries a nonce not used before. A refusal names
 * the entry, the DIDs and why (for the 403's detail and the relay's log). The caller resolves
 * the documents; this class does no I/O and reads no clock (its refusal logs do, for their
 * interval). Cheap quotas come before any resolution (decision 0058). Thread-safe.
 */
final class RegistrationCheck {
  /** Why a registration was refused: the DIDs concerned and the detail sent back. */
  record Refusal(String dids, String detail) {}

  private static final Logger log = LoggerFactory.getLogger(RegistrationCheck.class);

  private final Duration window;
  private final Duration resolveTimeout;
  private final int maxRouters;
  private final NonceCache nonces;
  private final RefusalLog tooManyRouters;
  private final RefusalLog perDid;
  private final RefusalLog perAddress;
  private final RefusalLog full;

  RegistrationCheck(Duration window, Duration resolveTimeout, int nonceCacheSize, RelayLimits limits, Clock clock) {
    this.window = window;
    this.resolveTimeout = resolveTimeout;
    this.maxRouters = limits.maxRoutersPerRegister();
    this.nonces = new NonceCache(nonceCacheSize, limits.noncesPerDid(), limits.noncesPerAddress());
    this.tooManyRouters = refusalLog("relay_register_routers", limits, clock);
    this.perDid = refusalLog("relay_register_nonces_per_did", limits, clock);
    this.perAddress = refusalLog("relay_register_nonces_per_address", limits, clock);
    this.full = refusalLog("relay_register_nonces_full", limits, clock);
    limits.metrics().gauge("anp_relay_register_nonces", "Register nonces remembered", Map.of(), nonces::size);
    limits.metrics().gauge("anp_relay_register_blocked_dids",
        "Router DIDs refused for having held the most register nonces when the cache was full", Map.of(),
        nonces::blockedCount);
  }

  private static RefusalLog refusalLog(String limit, RelayLimits limits, Clock clock) {
    return RefusalLog.create(log, limit, clock, limits.refusalLogInterval(), limits.metrics());
  }

  /**
   * The checks that need no document, cheapest first: the number of entries, each proof names a
   * key of its router and is fresh, and no router DID nor {@code address} is over its quota of
   * remembered nonces (so a flooder costs no resolution and no signature check).
   */
  Optional<Refusal> precheck(List<RouterEntry> entries, String address, Instant now) {
    if (entries.size() > maxRouters) {
      String dids = dids(entries);
      tooManyRouters.refused(address, entries.size() + " router entries for " + dids + ", limit " + maxRouters);
      return refuse(dids, "routers: " + entries.size() + " entries, this relay accepts at most " + maxRouters);
    }
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
    Optional<NonceCache.Result> quota =
        nonces.checkQuota(entries.stream().map(RouterEntry::router).distinct().toList(), address, now);
    if (quota.isPresent()) {
      return refuse(dids(entries), refusalDetail(quota.get(), address));
    }
    return Optional.empty();
  }

  /**
   * The checks against each router's document ({@code documents}: its completed resolution, by
   * router DID), then the nonces, which are recorded only if everything else passed.
   */
  Optional<Refusal> verify(
      List<RouterEntry> entries, Map<String, CompletableFuture<DidDocument>> documents, String address, Instant now) {
    List<String> routers = new ArrayList<>();
    List<String> nonceValues = new ArrayList<>();
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
      routers.add(e.router());
      nonceValues.add(e.nonce());
    }
    NonceCache.Result recorded = nonces.recordAll(routers, nonceValues, address, now, now.plus(window.multipliedBy(2)));
    if (recorded.outcome() == NonceCache.Outcome.RECORDED) {
      return Optional.empty();
    }
    if (recorded.outcome() == NonceCache.Outcome.REPLAYED) {
      return refuse(dids(entries), "routers: nonce already used (a replayed register)");
    }
    return refuse(dids(entries), refusalDetail(recorded, address));
  }

  /** Counts and logs a quota refusal; the detail sent back. */
  private String refusalDetail(NonceCache.Result result, String address) {
    switch (result.outcome()) {
      case ADDRESS_QUOTA -> {
        perAddress.refused(address, result.counts());
        return "routers: too many registrations from this address in the time window; retry later";
      }
      case FULL -> {
        full.refused(result.subject() + " from " + address, result.counts());
        return "routers: too many registrations in the time window; retry later";
      }
      default -> {
        perDid.refused(result.subject() + " from " + address, result.counts());
        return "routers: too many registrations of " + result.subject() + " in the time window; retry later";
      }
    }
  }

  private static String dids(List<RouterEntry> entries) {
    return String.join(", ", entries.stream().map(RouterEntry::router).distinct().toList());
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
