package org.anp.meta;

import org.anp.identity.ErrorCode;

/**
 * Error codes of the meta-protocol layer (spec/meta-protocol.md). {@link #wireName()} is the
 * code's camel-case name, used in log lines and in the reasons this layer writes into
 * {@code rejected} messages; {@link #httpStatus()} is what a server answers when such an error
 * ends an HTTP request.
 */
public enum MetaProtocolError implements ErrorCode {
  /** Not JSON, a missing or mistyped field, a bad status value, or an empty frame (§2.6). */
  MALFORMED_MESSAGE(400, "malformedMessage"),
  /** A frame or a text field larger than the configured limit. */
  MESSAGE_TOO_LARGE(413, "messageTooLarge"),
  /** A {@code metaProtocol} hello block of a version this side does not speak (§1, §5). */
  UNSUPPORTED_VERSION(400, "unsupportedVersion"),
  /** A message that is valid on its own but not expected in the current state. */
  UNEXPECTED_MESSAGE(400, "unexpectedMessage"),
  /** A {@code protocolNegotiation} whose {@code sequenceId} is not the previous one plus 1. */
  WRONG_SEQUENCE_ID(400, "wrongSequenceId"),
  /** A negotiation that would need more rounds than the configured limit (§3). */
  ROUND_LIMIT_EXCEEDED(400, "roundLimitExceeded"),
  /** The peer, or the local negotiator, refused the candidate protocol or the test cases. */
  NEGOTIATION_REJECTED(400, "negotiationRejected"),
  /** The peer sent nothing within the negotiation timeout, or reported a timeout itself. */
  NEGOTIATION_TIMEOUT(408, "negotiationTimeout"),
  /** An {@code accepted} whose text differs from the candidate this side last sent (§2.1). */
  ACCEPTED_TEXT_MISMATCH(400, "acceptedTextMismatch"),
  /** Code generation failed on this side or on the peer's ({@code codeGeneration error}). */
  CODE_GENERATION_FAILED(500, "codeGenerationFailed"),
  /** A {@code codeGeneration} message, or the local code, did not come within the timeout. */
  CODE_GENERATION_TIMEOUT(408, "codeGenerationTimeout"),
  /** A second negotiation for a (peer, session) that already has one in progress. */
  NEGOTIATION_IN_PROGRESS(409, "negotiationInProgress"),
  /** A candidate protocol or capability declaration that cannot be read (no or bad schemas). */
  INVALID_PROTOCOL_DOCUMENT(400, "invalidProtocolDocument"),
  /** An application payload that violates the agreed protocol's schemas. */
  PROTOCOL_VIOLATION(422, "protocolViolation"),
  /** The local capability behind a negotiated protocol failed to answer a request. */
  CAPABILITY_FAILED(500, "capabilityFailed"),
  /** The local capability behind a negotiated protocol did not answer within its time limit. */
  CAPABILITY_TIMEOUT(504, "capabilityTimeout"),
  /** Reading or writing the protocol store failed. */
  STORE_FAILED(500, "storeFailed"),
  /** The language model could not be reached, timed out, or gave no usable answer. */
  LANGUAGE_MODEL_FAILED(502, "languageModelFailed"),
  /** Generated code uses an API on the deny-list; it was refused before loading. */
  DENIED_API(500, "deniedApi");

  private final int httpStatus;
  private final String wireName;

  MetaProtocolError(int httpStatus, String wireName) {
    this.httpStatus = httpStatus;
    this.wireName = wireName;
  }

  @Override
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public String wireName() {
    return wireName;
  }
}
