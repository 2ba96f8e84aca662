package org.anp.meta.negotiation;

import java.util.Objects;
import org.anp.identity.did.Did;

/**
 * The scope of one negotiation: a peer and one E2E session with it. The wire carries no
 * negotiation id, so at most one negotiation runs per key (spec/meta-protocol.md §4.2 [GAP]).
 *
 * @param peer the peer's DID
 * @param sessionId the E2E session's id
 */
public record NegotiationKey(Did peer, String sessionId) {
  public NegotiationKey {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(sessionId, "sessionId");
    if (sessionId.isEmpty()) {
      throw new IllegalArgumentException("sessionId: empty");
    }
  }
}
