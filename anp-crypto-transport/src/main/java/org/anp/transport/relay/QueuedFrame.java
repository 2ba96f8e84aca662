package org.anp.transport.relay;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A frame waiting in a {@link MessageQueue} for its destination to come back. Carries the
 * envelope the relay needs to report the frame's fate to its sender, and the frame bytes as
 * received (ciphertext; the relay never decrypts). Immutable: the bytes are copied in and out.
 *
 * @param id the relay-assigned sequence number, unique within one relay run
 * @param key the routing key the frame waits under: the router DID (for did:wba the DID itself)
 * @param sourceDid the sender
 * @param destinationDid the destination DID
 * @param originalType the frame's {@code type}
 * @param messageId the frame's {@code messageId}
 * @param frame the UTF-8 frame
 * @param expiresAt when the frame is dropped and reported as 504
 */
public record QueuedFrame(
    long id,
    String key,
    String sourceDid,
    String destinationDid,
    String originalType,
    String messageId,
    byte[] frame,
    Instant expiresAt) {
  public QueuedFrame {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sourceDid, "sourceDid");
    Objects.requireNonNull(destinationDid, "destinationDid");
    Objects.requireNonNull(originalType, "originalType");
    Objects.requireNonNull(messageId, "messageId");
    frame = frame.clone();
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** A copy of the frame bytes. */
  @Override
  public byte[] frame() {
    return frame.clone();
  }

  /** The frame's size in bytes. */
  public int size() {
    return frame.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QueuedFrame q
        && id == q.id
        && key.equals(q.key)
        && sourceDid.equals(q.sourceDid)
        && destinationDid.equals(q.destinationDid)
        && originalType.equals(q.originalType)
        && messageId.equals(q.messageId)
        && Arrays.equals(frame, q.frame)
        && expiresAt.equals(q.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, key, messageId) * 31 + Arrays.hashCode(frame);
  }

  @Override
  public String toString() {
    return "QueuedFrame[" + id + ", " + originalType + " " + messageId + " " + sourceDid + " -> " + destinationDid
        + ", " + frame.length + " bytes]";
  }
}
