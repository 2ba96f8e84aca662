package org.anp.transport.messenger;

import java.util.Objects;
import org.anp.identity.did.Did;

/**
 * The relay's answer about one payload sent with {@link AgentMessenger#send}. Immutable.
 *
 * @param peerDid the DID the payload was sent to
 * @param messageId the {@code messageId} of the encrypted frame (the receiver sees the same id in
 *     {@link ReceivedMessage#messageId()})
 * @param status what the relay reported
 */
public record SendResult(Did peerDid, String messageId, DeliveryStatus status) {
  public SendResult {
    Objects.requireNonNull(peerDid, "peerDid");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(status, "status");
  }
}
