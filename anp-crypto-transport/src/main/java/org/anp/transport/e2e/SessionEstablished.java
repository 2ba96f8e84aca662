package org.anp.transport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.did.Did;

/**
 * An E2E session with a peer is established: both Finished messages were verified, so the
 * peer's hello, and the {@code metaProtocol} block in it, are authenticated (spec/e2e-transport.md
 * section 9, spec/meta-protocol.md section 5). Reported by {@link E2eEndpoint} in its output and
 * by the messenger to its session listeners, once per handshake, for either role. Immutable: the
 * blocks are copied in and out.
 *
 * @param peerDid the DID at the other end
 * @param sessionId the handshake's {@code sessionId}
 * @param secretKeyId the id of the key the session derived
 * @param role the part this side played
 * @param peerMetaProtocol the {@code metaProtocol} block of the peer's hello, if it sent one
 * @param localMetaProtocol the block this side sent in its own hello, if any
 */
public record SessionEstablished(
    Did peerDid,
    String sessionId,
    String secretKeyId,
    Role role,
    Optional<JsonNode> peerMetaProtocol,
    Optional<JsonNode> localMetaProtocol) {
  public SessionEstablished {
    Objects.requireNonNull(peerDid, "peerDid");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(secretKeyId, "secretKeyId");
    Objects.requireNonNull(role, "role");
    peerMetaProtocol = peerMetaProtocol.map(JsonNode::deepCopy);
    localMetaProtocol = localMetaProtocol.map(JsonNode::deepCopy);
  }

  /** A copy of the peer's block. */
  @Override
  public Optional<JsonNode> peerMetaProtocol() {
    return peerMetaProtocol.map(JsonNode::deepCopy);
  }

  /** A copy of this side's block. */
  @Override
  public Optional<JsonNode> localMetaProtocol() {
    return localMetaProtocol.map(JsonNode::deepCopy);
  }
}
