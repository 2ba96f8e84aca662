package org.anp.transport.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.anp.transport.internal.e2e.Frames;

/**
 * An encrypted {@code message} frame (spec/e2e-transport.md section 6): the key id and the
 * AES-GCM fields of the payload. Immutable; created by {@link E2eMessage#parse}, by
 * {@link SecureSession#encrypt} or from its parts with {@link #of}.
 */
public final class EncryptedMessage extends E2eMessage {
  private final String sourceDid;
  private final String destinationDid;
  private final String secretKeyId;
  private final EncryptedData encryptedData;

  EncryptedMessage(
      ObjectNode json,
      Instant timestamp,
      String messageId,
      String sourceDid,
      String destinationDid,
      String secretKeyId,
      EncryptedData encryptedData) {
    super(json, timestamp, messageId);
    this.sourceDid = sourceDid;
    this.destinationDid = destinationDid;
    this.secretKeyId = secretKeyId;
    this.encryptedData = encryptedData;
  }

  /**
   * A {@code message} frame from its parts, for senders: the JSON is written in the reference
   * SDK's member order, with {@code timestamp} to the millisecond (which {@link #timestamp()} then
   * returns). What a receiver reads comes from {@link E2eMessage#parse}.
   */
  public static EncryptedMessage of(Instant timestamp, String messageId, String sourceDid, String destinationDid,
      String secretKeyId, EncryptedData encryptedData) {
    Instant millis = timestamp.truncatedTo(ChronoUnit.MILLIS);
    ObjectNode json = Frames.header(MessageType.MESSAGE.wireName(), millis, Objects.requireNonNull(messageId, "messageId"));
    json.put("sourceDid", Objects.requireNonNull(sourceDid, "sourceDid"));
    json.put("destinationDid", Objects.requireNonNull(destinationDid, "destinationDid"));
    json.put("secretKeyId", Objects.requireNonNull(secretKeyId, "secretKeyId"));
    json.set("encryptedData", Frames.gcmFields(encryptedData));
    return new EncryptedMessage(json, millis, messageId, sourceDid, destinationDid, secretKeyId, encryptedData);
  }

  @Override
  public MessageType type() {
    return MessageType.MESSAGE;
  }

  public String sourceDid() {
    return sourceDid;
  }

  public String destinationDid() {
    return destinationDid;
  }

  public String secretKeyId() {
    return secretKeyId;
  }

  public EncryptedData encryptedData() {
    return encryptedData;
  }
}
