package org.anp.transport.internal.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import org.anp.identity.json.StrictJson;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.MessageType;
import org.anp.transport.relay.HeartbeatFrame;
import org.anp.transport.relay.RegisterFrame;

/**
 * The members of a frame the relay routes by, read in one streaming pass without building a
 * tree: {@code version}, {@code type}, {@code messageId}, both DIDs, and for a {@code response}
 * its {@code code} and {@code originalMessageId}. Everything else (hello contents, key shares,
 * ciphertext) is checked only for JSON syntax and passed on untouched: the receiving agent
 * parses the E2E message strictly, and the relay never needs its contents.
 *
 * <p>The whole frame must still be one well-formed JSON object of valid UTF-8 with no byte order
 * mark, no trailing data and at most {@link StrictJson#MAX_DEPTH} levels of nesting; the routing
 * members must have their types and appear once. Duplicate keys elsewhere are left to the
 * receiver's strict parser, which refuses them. {@code register} and {@code heartbeat} frames are
 * only recognized here; the relay parses them in full. Immutable.
 *
 * @param type the {@code type} member
 * @param messageId the {@code messageId} member
 * @param sourceDid required on routed frames except {@code response}
 * @param destinationDid required on routed frames except {@code response}
 * @param code a {@code response}'s code
 * @param originalMessageId a {@code response}'s {@code originalMessageId}
 */
record Envelope(
    String type,
    String messageId,
    Optional<String> sourceDid,
    Optional<String> destinationDid,
    OptionalInt code,
    Optional<String> originalMessageId) {

  /** Streaming only, so no duplicate detection (the members the relay reads are checked here). */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(StrictJson.MAX_DEPTH).build())
      .build();

  /** Whether this is one of the relay's own frames ({@code register}, {@code heartbeat}). */
  boolean isRelayFrame() {
    return type.equals(RegisterFrame.TYPE) || type.equals(HeartbeatFrame.TYPE);
  }

  boolean isResponse() {
    return type.equals(MessageType.RESPONSE.wireName());
  }

  /** What a status for this frame needs. */
  FrameInfo info() {
    return new FrameInfo(type, Optional.of(messageId), sourceDid);
  }

  /**
   * Reads the envelope of one UTF-8 frame (its size already checked by the caller).
   *
   * @throws TransportException {@code INVALID_MESSAGE} naming the member or the syntax problem,
   *     {@code UNSUPPORTED_MESSAGE} for another version or an unknown {@code type}
   */
  static Envelope read(byte[] utf8) {
    Utf8Check.require(utf8);
    if (utf8.length >= 3 && (utf8[0] & 0xff) == 0xEF && (utf8[1] & 0xff) == 0xBB && (utf8[2] & 0xff) == 0xBF) {
      throw FrameFields.invalid("frame", "byte order mark at offset 0");
    }
    Members m = new Members();
    try (JsonParser p = FACTORY.createParser(utf8)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw FrameFields.invalid("frame", "not a JSON object");
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        p.nextToken();
        m.take(name, p);
      }
      if (p.nextToken() != null) {
        throw FrameFields.invalid("frame", "data after the JSON object");
      }
    } catch (StreamConstraintsException e) {
      throw FrameFields.invalid("frame", constraint(e));
    } catch (IOException e) {
      throw FrameFields.invalid("frame", "malformed JSON");
    }
    return m.envelope();
  }

  /** Which of the parser's limits a frame passed, in words (a number too long is not nesting). */
  private static String constraint(StreamConstraintsException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Number value length")) {
      return "a number longer than the parser's limit of digits";
    }
    if (message.startsWith("String value length")) {
      return "a string longer than the parser's limit";
    }
    if (message.contains("nesting depth")) {
      return "nested deeper than " + StrictJson.MAX_DEPTH + " levels";
    }
    return "beyond the parser's limits";
  }

  /**
   * The routing members as they are found. A mistyped or repeated member is remembered, not
   * thrown at once: it matters only where the frame's type gives the member a meaning (the
   * response members only for {@code response}; none for the relay's own frames, which their full
   * parser judges), as the strict E2E parser ignores members it does not know.
   */
  private static final class Members {
    private String version;
    private String type;
    private String messageId;
    private String sourceDid;
    private String destinationDid;
    private String originalMessageId;
    private Integer code;
    private boolean sourceNull;
    private boolean destinationNull;
    private int seen;
    /** The first problem of each member, by the member's bit. */
    private final TransportException[] problems = new TransportException[7];

    void take(String name, JsonParser p) throws IOException {
      int bit = switch (name) {
        case "version" -> 1;
        case "type" -> 2;
        case "messageId" -> 4;
        case "sourceDid" -> 8;
        case "destinationDid" -> 16;
        case "originalMessageId" -> 32;
        case "code" -> 64;
        default -> 0;
      };
      if ((seen & bit) != 0) {
        remember(bit, FrameFields.invalid(name, "duplicate member"));
        p.skipChildren();
        return;
      }
      seen |= bit;
      boolean isNull = p.currentToken() == JsonToken.VALUE_NULL;
      switch (name) {
        case "version" -> version = text(p, name, bit);
        case "type" -> type = text(p, name, bit);
        case "messageId" -> messageId = text(p, name, bit);
        case "sourceDid" -> {
          sourceNull = isNull;
          sourceDid = isNull ? null : text(p, name, bit);
        }
        case "destinationDid" -> {
          destinationNull = isNull;
          destinationDid = isNull ? null : text(p, name, bit);
        }
        case "originalMessageId" -> originalMessageId = isNull ? null : text(p, name, bit);
        case "code" -> {
          if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            code = p.getIntValue();
          } else {
            remember(bit, FrameFields.invalid(name, "not a 32-bit integer"));
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }

    Envelope envelope() {
      if (type == null) {
        throw problems[1] != null ? problems[1] : FrameFields.invalid("type", "missing");
      }
      if (type.equals(RegisterFrame.TYPE) || type.equals(HeartbeatFrame.TYPE)) {
        return new Envelope(type, "", Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty());
      }
      if (MessageType.fromWireName(type).isEmpty()) {
        throw new TransportException(
            TransportError.UNSUPPORTED_MESSAGE, "type: unknown frame type " + FrameFields.shorten(type));
      }
      // version, type, messageId and the DIDs always; originalMessageId and code for a response.
      int relevant = type.equals(MessageType.RESPONSE.wireName()) ? 0b1111111 : 0b0011111;
      for (int i = 0; i < problems.length; i++) {
        if (problems[i] != null && (relevant & 1 << i) != 0) {
          throw problems[i];
        }
      }
      if (!required(version, "version").equals(E2eMessage.VERSION)) {
        throw new TransportException(
            TransportError.UNSUPPORTED_MESSAGE, "version: " + FrameFields.shorten(version) + " not supported");
      }
      String id = required(messageId, "messageId");
      if (type.equals(MessageType.RESPONSE.wireName())) {
        if (code == null) {
          throw FrameFields.invalid("code", "missing");
        }
        return new Envelope(type, id, Optional.ofNullable(sourceDid), Optional.ofNullable(destinationDid),
            OptionalInt.of(code), Optional.ofNullable(originalMessageId));
      }
      if (sourceNull) {
        throw FrameFields.invalid("sourceDid", "not a string");
      }
      if (destinationNull) {
        throw FrameFields.invalid("destinationDid", "not a string");
      }
      return new Envelope(type, id, Optional.of(required(sourceDid, "sourceDid")),
          Optional.of(required(destinationDid, "destinationDid")), OptionalInt.empty(), Optional.empty());
    }

    private void remember(int bit, TransportException e) {
      int i = Integer.numberOfTrailingZeros(bit);
      if (problems[i] == null) {
        problems[i] = e;
      }
    }

    private static String required(String value, String name) {
      if (value == null) {
        throw FrameFields.invalid(name, "missing");
      }
      return value;
    }

    /** The member's text; null (and a remembered problem) if it is not a string. */
    private String text(JsonParser p, String name, int bit) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        remember(bit, FrameFields.invalid(name, "not a string"));
        p.skipChildren();
        return null;
      }
      return p.getText();
    }
  }
}
