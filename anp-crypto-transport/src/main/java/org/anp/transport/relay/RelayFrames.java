package org.anp.transport.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.internal.relay.FrameFields;

/**
 * Reads any text frame of a message-service connection into its {@link RelayFrame} type:
 * {@code register} to {@link RegisterFrame}, {@code heartbeat} to {@link HeartbeatFrame}, and
 * the E2E frames ({@code sourceHello}, {@code destinationHello}, {@code finished},
 * {@code message}, {@code response}) to a {@link RoutedFrame} through
 * {@link E2eMessage#parse(JsonNode)}. Stateless and thread-safe.
 *
 * <p>Parsing is strict and all-or-nothing: the size limit is checked before parsing; invalid
 * UTF-8, malformed JSON, duplicate keys, trailing data, a non-object, a missing or mistyped
 * member and a version other than {@code 1.0} are rejected.
 */
public final class RelayFrames {
  /** The default frame size limit: 1 MiB. */
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  private RelayFrames() {}

  /**
   * Parses one UTF-8 frame of at most {@code maxBytes} bytes.
   *
   * @throws TransportException {@code MESSAGE_TOO_LARGE} over the limit, {@code INVALID_MESSAGE}
   *     naming the member, {@code UNSUPPORTED_MESSAGE} for an unknown {@code type} or version
   */
  public static RelayFrame parse(byte[] utf8, int maxBytes) {
    if (utf8.length > maxBytes) {
      throw new TransportException(
          TransportError.MESSAGE_TOO_LARGE, "frame: " + utf8.length + " bytes, limit " + maxBytes);
    }
    JsonNode tree;
    try {
      tree = StrictJson.parse(utf8, maxBytes);
    } catch (IdentityException e) {
      TransportError code =
          e.code() == IdentityError.INPUT_TOO_LARGE ? TransportError.MESSAGE_TOO_LARGE : TransportError.INVALID_MESSAGE;
      throw new TransportException(code, "frame: " + e.getMessage());
    }
    if (!(tree instanceof ObjectNode json)) {
      throw FrameFields.invalid("frame", "not a JSON object");
    }
    String type = FrameFields.text(json, "type", "type");
    return switch (type) {
      case RegisterFrame.TYPE -> RegisterFrame.fromJson(json);
      case HeartbeatFrame.TYPE -> HeartbeatFrame.fromJson(json);
      default -> new RoutedFrame(E2eMessage.parse(json));
    };
  }

  /** Parses a frame given as text; see {@link #parse(byte[], int)}. */
  public static RelayFrame parse(String text, int maxBytes) {
    return parse(text.getBytes(StandardCharsets.UTF_8), maxBytes);
  }

  static byte[] write(JsonNode json) {
    try {
      return StrictJson.mapper().writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
