package org.anp.transport.internal.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import org.anp.identity.json.StrictJson;
import org.anp.transport.e2e.MessageType;
import org.anp.transport.internal.e2e.Frames;

/** Writes the relay's {@code response} frames (decision 0004). Stateless. */
final class StatusFrames {
  private StatusFrames() {}

  static byte[] response(
      Instant now,
      SecureRandom random,
      Optional<String> relayDid,
      FrameInfo original,
      int code,
      String detail) {
    ObjectNode json = Frames.header(MessageType.RESPONSE.wireName(), now, Frames.newId(random));
    relayDid.ifPresent(did -> json.put("sourceDid", did));
    original.sourceDid().ifPresent(did -> json.put("destinationDid", did));
    json.put("originalType", original.type());
    original.messageId().ifPresent(id -> json.put("originalMessageId", id));
    json.put("code", code);
    json.put("detail", detail);
    try {
      return StrictJson.mapper().writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
