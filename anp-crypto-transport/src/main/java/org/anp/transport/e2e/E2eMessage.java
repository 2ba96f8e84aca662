package org.anp.transport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One E2E frame (spec/e2e-transport.md section 2): a {@link SourceHello},
 * {@link DestinationHello}, {@link Finished}, {@link EncryptedMessage} or {@link ErrorResponse}.
 * Immutable. Every instance comes from {@link #parse}, which keeps the received JSON tree so that
 * signatures are checked over exactly what was sent, unknown fields included.
 *
 * <p>Parsing is strict: a missing required field, a field of the wrong type, a duplicate key, an
 * unknown {@code type} or a {@code version} other than {@code "1.0"} is rejected; unknown extra
 * fields are kept.
 */
public abstract sealed class E2eMessage
    permits SourceHello, DestinationHello, Finished, EncryptedMessage, ErrorResponse {
  /** The only protocol version implemented. */
  public static final String VERSION = "1.0";
  /** The default limit of {@link #parse(byte[])}: 1 MiB. */
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  private final ObjectNode json;
  private final Instant timestamp;
  private final String messageId;

  E2eMessage(ObjectNode json, Instant timestamp, String messageId) {
    this.json = json;
    this.timestamp = timestamp;
    this.messageId = messageId;
  }

  /**
   * Parses one frame from UTF-8 JSON of at most {@code maxBytes} bytes.
   *
   * @throws org.anp.transport.TransportException {@code MESSAGE_TOO_LARGE}, {@code INVALID_MESSAGE}
   *     naming the field, or {@code UNSUPPORTED_MESSAGE} for an unknown type or version
   */
  public static E2eMessage parse(byte[] utf8, int maxBytes) {
    return MessageCodec.parse(MessageCodec.readTree(utf8, maxBytes));
  }

  /** {@link #parse(byte[], int)} with {@link #DEFAULT_MAX_BYTES}. */
  public static E2eMessage parse(byte[] utf8) {
    return parse(utf8, DEFAULT_MAX_BYTES);
  }

  /**
   * Parses one frame from a JSON tree, which is copied.
   *
   * @throws org.anp.transport.TransportException as {@link #parse(byte[], int)}
   */
  public static E2eMessage parse(JsonNode tree) {
    return MessageCodec.parse(tree.deepCopy());
  }

  /** The frame type. */
  public abstract MessageType type();

  /** The sending time. */
  public Instant timestamp() {
    return timestamp;
  }

  /** The frame's {@code messageId}. */
  public String messageId() {
    return messageId;
  }

  /** A copy of the JSON tree as received or emitted. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /** The frame as compact UTF-8 JSON, fields in received or emitted order. */
  public byte[] toJsonBytes() {
    return MessageCodec.write(json);
  }

  /** The tree without copying, for this package's codec and signature checks. */
  ObjectNode tree() {
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof E2eMessage other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + messageId + "]";
  }
}
