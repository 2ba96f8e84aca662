package org.anp.transport.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A Finished message (spec/e2e-transport.md section 2.3): the key id encrypted under the sender's
 * send key. Both parties send one. Immutable; created by {@link E2eMessage#parse}.
 */
public final class Finished extends E2eMessage {
  private final String sessionId;
  private final String sourceDid;
  private final String destinationDid;
  private final EncryptedData verifyData;

  Finished(
      ObjectNode json,
      Instant timestamp,
      String messageId,
      String sessionId,
      String sourceDid,
      String destinationDid,
      EncryptedData verifyData) {
    super(json, timestamp, messageId);
    this.sessionId = sessionId;
    this.sourceDid = sourceDid;
    this.destinationDid = destinationDid;
    this.verifyData = verifyData;
  }

  @Override
  public MessageType type() {
    return MessageType.FINISHED;
  }

  public String sessionId() {
    return sessionId;
  }

  public String sourceDid() {
    return sourceDid;
  }

  public String destinationDid() {
    return destinationDid;
  }

  public EncryptedData verifyData() {
    return verifyData;
  }
}
