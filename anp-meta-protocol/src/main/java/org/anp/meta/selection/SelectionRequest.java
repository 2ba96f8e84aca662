package org.anp.meta.selection;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SelectionProvider} decides on: the request body, the {@code negotiationId} the
 * result must carry (the request's {@code negotiation_id}, or one the server generated), the DID
 * proven to stand behind the request (origin proof or DID-authenticated HTTP caller), and the time.
 *
 * @param body the request body
 * @param negotiationId the id for the result
 * @param authenticatedDid the authenticated sender, empty for an anonymous call
 * @param now the server's current time
 */
public record SelectionRequest(NegotiateRequestBody body, String negotiationId, Optional<String> authenticatedDid, Instant now) {

  /** Checks the parts. */
  public SelectionRequest {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(negotiationId, "negotiationId");
    Objects.requireNonNull(authenticatedDid, "authenticatedDid");
    Objects.requireNonNull(now, "now");
  }
}
