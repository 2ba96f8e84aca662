package org.anp.transport.internal.messenger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.Optional;
import org.anp.identity.json.StrictJson;
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

  /** The target of a parsed frame; empty for {@code response} frames, which are never acknowledged. */
  static Optional<AckTarget> of(RoutedFrame frame) {
    if (frame.isResponse() || frame.sourceDid().isEmpty() || frame.destinationDid().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AckTarget(frame.type(), frame.messageId(), frame.sourceDid().get(), frame.destinationDid().get()));
  }

  /**
   * The target of a frame this messenger could not parse strictly, read from its top-level
   * members. The relay routed it, so it expects an acknowledgement like any other (the frame is
   * refused, not lost); empty when the members are not there or the frame is not routed.
   */
  static Optional<AckTarget> bestEffort(byte[] utf8) {
    String type = null;
    String messageId = null;
    String source = null;
    String destination = null;
    try (JsonParser p = LENIENT.createParser(utf8)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
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
    boolean routed = type != null && MessageType.fromWireName(type).filter(t -> t != MessageType.RESPONSE).isPresent();
    if (!routed || messageId == null || source == null || destination == null) {
      return Optional.empty();
    }
    return Optional.of(new AckTarget(type, messageId, source, destination));
  }
}
