package org.anp.transport.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * The message service's {@code response} frame reporting a failed frame (spec/e2e-transport.md
 * section 7), e.g. 4003 for an unknown key id. The reference SDK omits the DIDs and
 * {@code originalMessageId}, so they are optional. Never carries plaintext. Immutable; created
 * by {@link E2eMessage#parse}.
 */
public final class ErrorResponse extends E2eMessage {
  private final Optional<String> sourceDid;
  private final Optional<String> destinationDid;
  private final String originalType;
  private final Optional<String> originalMessageId;
  private final int code;
  private final String detail;

  ErrorResponse(
      ObjectNode json,
      Instant timestamp,
      String messageId,
      Optional<String> sourceDid,
      Optional<String> destinationDid,
      String originalType,
      Optional<String> originalMessageId,
      int code,
      String detail) {
    super(json, timestamp, messageId);
    this.sourceDid = sourceDid;
    this.destinationDid = destinationDid;
    this.originalType = originalType;
    this.originalMessageId = originalMessageId;
    this.code = code;
    this.detail = detail;
  }

  @Override
  public MessageType type() {
    return MessageType.RESPONSE;
  }

  public Optional<String> sourceDid() {
    return sourceDid;
  }

  public Optional<String> destinationDid() {
    return destinationDid;
  }

  public String originalType() {
    return originalType;
  }

  public Optional<String> originalMessageId() {
    return originalMessageId;
  }

  /** The response code: 200, 403, 404, 4000-4005 or another status. */
  public int code() {
    return code;
  }

  public String detail() {
    return detail;
  }
}
