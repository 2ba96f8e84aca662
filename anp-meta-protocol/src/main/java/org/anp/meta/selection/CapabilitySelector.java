package org.anp.meta.selection;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.transport.p1.P1Capabilities;
import org.anp.transport.p1.RpcException;

/**
 * The one entry point for a caller with a need: ask ANP-06 1.2 selection first and, only when no
 * existing interface fits, hand over to the white paper's protocol negotiation through the {@link
 * ProtocolNegotiationHandOver} seam.
 *
 * <ol>
 *   <li>{@code anp.get_capabilities}; a peer that does not list {@value MetaNegotiation#PROFILE}
 *       goes straight to the hand-over;
 *   <li>{@code anp.negotiate} (cached until {@code validUntil}): {@code accepted} with a usable
 *       selection is {@link Selection.Kind#EXISTING_INTERFACE}; {@code needs_more_information} is
 *       returned to the caller (more intent data cannot be invented here);
 *   <li>{@code rejected}, an accepted result without a usable selection (Q13), or error 1601
 *       mean nothing existing fits: the hand-over is asked; without one, or when it answers empty,
 *       the answer is {@link Selection.Kind#NONE}. Other errors fail the future.
 * </ol>
 *
 * <p>Thread-safe.
 */
public final class CapabilitySelector {
  private final MetaSelectionClient client;
  private final Optional<ProtocolNegotiationHandOver> handOver;

  /** A selector without hand-over (1.2 selection only). */
  public CapabilitySelector(MetaSelectionClient client) {
    this(client, Optional.empty());
  }

  /** A selector that hands over to {@code handOver} when nothing existing fits. */
  public CapabilitySelector(MetaSelectionClient client, Optional<ProtocolNegotiationHandOver> handOver) {
    this.client = Objects.requireNonNull(client, "client");
    this.handOver = Objects.requireNonNull(handOver, "handOver");
  }

  /** Finds how to serve {@code need} with the agent {@code targetDid} at {@code endpoint}. */
  public CompletableFuture<Selection> select(URI endpoint, String targetDid, NegotiateRequestBody need) {
    return client.capabilities(endpoint).thenCompose(caps -> {
      if (!caps.supports(MetaNegotiation.PROFILE)) {
        return handOver(endpoint, targetDid, need, caps, Optional.empty(), "the peer does not speak " + MetaNegotiation.PROFILE);
      }
      return client.negotiate(endpoint, targetDid, need)
          .handle((result, failure) -> new Outcome(result, failure))
          .thenCompose(outcome -> decide(endpoint, targetDid, need, caps, outcome));
    });
  }

  private CompletableFuture<Selection> decide(
      URI endpoint, String targetDid, NegotiateRequestBody need, P1Capabilities caps, Outcome outcome) {
    if (outcome.failure != null) {
      Throwable t = outcome.failure instanceof CompletionException && outcome.failure.getCause() != null
          ? outcome.failure.getCause() : outcome.failure;
      if (t instanceof RpcException e
          && MetaNegotiationError.fromRpcError(e.error()).equals(Optional.of(MetaNegotiationError.NO_MATCHING_INTERFACE))) {
        return handOver(endpoint, targetDid, need, caps, Optional.empty(), "no matching interface (1601)");
      }
      return CompletableFuture.failedFuture(t);
    }
    NegotiationResult result = outcome.result;
    switch (result.status()) {
      case ACCEPTED -> {
        if (result.selected().map(SelectedPath::usable).orElse(false)) {
          return CompletableFuture.completedFuture(Selection.existing(result));
        }
        return handOver(endpoint, targetDid, need, caps, Optional.of(result), "accepted without a usable selection");
      }
      case NEEDS_MORE_INFORMATION -> {
        return CompletableFuture.completedFuture(Selection.needsMoreInformation(result));
      }
      default -> {
        return handOver(endpoint, targetDid, need, caps, Optional.of(result), result.reason().orElse("rejected"));
      }
    }
  }

  private CompletableFuture<Selection> handOver(
      URI endpoint, String targetDid, NegotiateRequestBody need, P1Capabilities caps,
      Optional<NegotiationResult> result, String reason) {
    if (handOver.isEmpty()) {
      return CompletableFuture.completedFuture(Selection.none(result, reason));
    }
    HandOverRequest request = new HandOverRequest(endpoint, targetDid, need, caps, result, reason);
    return handOver.get().negotiate(request).thenApply(negotiated -> negotiated
        .map(p -> Selection.negotiated(p, reason))
        .orElseGet(() -> Selection.none(result, reason + "; the white paper's negotiation is not available")));
  }

  private record Outcome(NegotiationResult result, Throwable failure) {}
}
