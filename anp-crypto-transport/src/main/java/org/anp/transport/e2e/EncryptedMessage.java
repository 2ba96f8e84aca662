package org.anp.transport.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An encrypted {@code message} frame (spec/e2e-transport.md section 6): the key id and the
 * AES-GCM fields of the payload. Immutable; created by {@link E2eMessage#parse} or by
 * {@link SecureSession#encrypt}.
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
