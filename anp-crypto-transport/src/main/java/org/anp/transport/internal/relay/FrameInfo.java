package org.anp.transport.internal.relay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.transport.relay.RelayFrame;
import org.anp.transport.relay.RoutedFrame;

/**
 * What a status response needs to know about the frame it answers: type, messageId and the
 * sender to address. Read best-effort from frames that failed to parse, so a client can match
 * even a 400 or 413 to its request.
 */
record FrameInfo(String type, Optional<String> messageId, Optional<String> sourceDid) {
  static final String UNKNOWN = "unknown";

  static FrameInfo of(RelayFrame frame) {
    Optional<String> source = frame instanceof RoutedFrame r ? r.sourceDid() : Optional.empty();
    return new FrameInfo(frame.type(), Optional.of(frame.messageId()), source);
  }

  /** Reads the three members from raw bytes if they are JSON; never throws for bad input. */
  static FrameInfo bestEffort(byte[] utf8, int maxBytes) {
    JsonNode tree;
    try {
      tree = StrictJson.parse(utf8, maxBytes);
    } catch (IdentityException e) {
      return new FrameInfo(UNKNOWN, Optional.empty(), Optional.empty());
    }
    return new FrameInfo(
        textOf(tree, "type").filter(t -> t.length() <= 64).orElse(UNKNOWN),
        textOf(tree, "messageId").filter(t -> t.length() <= 256),
        textOf(tree, "sourceDid").filter(t -> t.length() <= 2048));
  }

  private static Optional<String> textOf(JsonNode tree, String name) {
    JsonNode node = tree.isObject() ? tree.get(name) : null;
    return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
  }
}
