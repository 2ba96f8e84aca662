package org.anp.meta.selection;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.anp.transport.p1.P1Capabilities;

/**
 * What a {@link ProtocolNegotiationHandOver} gets: the peer, its runtime capabilities, the need
 * (the ANP-06 request body that found no existing interface) and how selection ended.
 *
 * @param endpoint the peer's P1 endpoint
 * @param targetDid the peer's DID
 * @param need the negotiation request that found nothing
 * @param peerCapabilities the peer's {@code anp.get_capabilities}
 * @param selection the {@code rejected} result, or empty after an error such as 1601
 * @param reason why selection found nothing
 */
public record HandOverRequest(
    URI endpoint,
    String targetDid,
    NegotiateRequestBody need,
    P1Capabilities peerCapabilities,
    Optional<NegotiationResult> selection,
    String reason) {

  /** Checks the parts. */
  public HandOverRequest {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(targetDid, "targetDid");
    Objects.requireNonNull(need, "need");
    Objects.requireNonNull(peerCapabilities, "peerCapabilities");
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(reason, "reason");
  }
}
