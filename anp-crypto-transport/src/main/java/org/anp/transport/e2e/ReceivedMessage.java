package org.anp.transport.e2e;

import java.util.Arrays;
import java.util.Objects;
import org.anp.identity.did.Did;

/**
 * A payload decrypted from a peer, delivered exactly once per {@code (senderDid, messageId)}
 * however often the frame crossed the wire: by {@link E2eEndpoint} in its output, and by the
 * messenger to the application. Immutable: the payload
 * is copied in and out. {@link #toString()} never shows the payload.
 *
 * @param senderDid the DID whose E2E session key authenticated the payload
 * @param messageId the sender's {@code messageId}
 * @param payload the decrypted bytes
 */
public record ReceivedMessage(Did senderDid, String messageId, byte[] payload) {
  public ReceivedMessage {
    Objects.requireNonNull(senderDid, "senderDid");
    Objects.requireNonNull(messageId, "messageId");
    payload = payload.clone();
  }

  /** A copy of the payload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReceivedMessage m
        && m.senderDid.equals(senderDid)
        && m.messageId.equals(messageId)
        && Arrays.equals(m.payload, payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(senderDid, messageId, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "ReceivedMessage[" + senderDid + ", " + messageId + ", " + payload.length + " bytes]";
  }
}
