package org.anp.transport.internal.messenger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.Optional;
import org.anp.identity.json.StrictJson;
import org.anp.transport.e2e.ErrorResponse;
import org.anp.transport.e2e.MessageType;
import org.anp.transport.relay.RoutedFrame;

/**
 * The members of a routed frame that its acknowledgement names (decision 0006): the frame's
 * type and messageId, and its two DIDs, which the acknowledgement swaps. Immutable.
 */
record AckTarget(String type, String messageId, String sourceDid, String destinationDid) {
  private static final JsonFactory LENIENT = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(StrictJson.MAX_DEPTH).build())
      .build();

  /**
   * The target of a parsed frame: every routed frame the relay tracks, which is every E2E frame
   * but a {@code response}, and an end-to-end error (4000-4999) between two agents (decision
   * 0010); empty for the relay's own statuses and other responses.
   */
  static Optional<AckTarget> of(RoutedFrame frame) {
    if (frame.sourceDid().isEmpty() || frame.destinationDid().isEmpty()) {
      return Optional.empty();
    }
    if (frame.message() instanceof ErrorResponse r && (r.code() < 4000 || r.code() > 4999)) {
      return Optional.empty();
    }
    return Optional.of(new AckTarget(frame.type(), frame.messageId(), frame.sourceDid().get(), frame.destinationDid().get()));
  }

  /**
   * The target of a frame this messenger could not parse strictly, read from its top-level
   * members. The relay routed it, so it expects an acknowledgement like any other (the frame is
   * refused, not lost); empty when the members are not there or the relay does not track it.
   */
  static Optional<AckTarget> bestEffort(byte[] utf8) {
    String type = null;
    String messageId = null;
    String source = null;
    String destination = null;
    int code = 0;
    try (JsonParser p = LENIENT.createParser(utf8)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
        if (name.equals("code") && value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
          code = p.getIntValue();
        }
        p.skipChildren(); // a no-op unless the value is an object or array
        switch (name) {
          case "type" -> type = text;
          case "messageId" -> messageId = text;
          case "sourceDid" -> source = text;
          case "destinationDid" -> destination = text;
          default -> { }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<MessageType> known = type == null ? Optional.empty() : MessageType.fromWireName(type);
    boolean tracked = known.isPresent() && (known.get() != MessageType.RESPONSE || code >= 4000 && code <= 4999);
    if (!tracked || messageId == null || source == null || destination == null) {
      return Optional.empty();
    }
    return Optional.of(new AckTarget(type, messageId, source, destination));
  }
}
