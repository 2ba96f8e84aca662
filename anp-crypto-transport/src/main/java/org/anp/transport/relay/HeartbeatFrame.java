package org.anp.transport.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import org.anp.transport.internal.e2e.Frames;
import org.anp.transport.internal.relay.FrameFields;

/**
 * The {@code heartbeat} frame (spec/e2e-transport.md 10.4): {@code "message":"ping"} from the
 * connecting side, answered with {@code "message":"pong"} echoing the ping's {@code messageId}
 * (spec/README.md ambiguity 28). Immutable and thread-safe.
 */
public final class HeartbeatFrame implements RelayFrame {
  /** The {@code type} value. */
  public static final String TYPE = "heartbeat";

  private final ObjectNode json;
  private final Instant timestamp;
  private final String messageId;
  private final boolean ping;

  private HeartbeatFrame(ObjectNode json, Instant timestamp, String messageId, boolean ping) {
    this.json = json;
    this.timestamp = timestamp;
    this.messageId = messageId;
    this.ping = ping;
  }

  /** A ping. */
  public static HeartbeatFrame ping(Instant now, String messageId) {
    return create(now, messageId, true);
  }

  /** The pong answering {@code ping}, with the same {@code messageId}. */
  public static HeartbeatFrame pong(HeartbeatFrame ping, Instant now) {
    return create(now, ping.messageId, false);
  }

  private static HeartbeatFrame create(Instant now, String messageId, boolean ping) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(messageId, "messageId");
    ObjectNode json = Frames.header(TYPE, now, messageId);
    json.put("message", ping ? "ping" : "pong");
    return new HeartbeatFrame(json, Instant.parse(json.get("timestamp").textValue()), messageId, ping);
  }

  static HeartbeatFrame fromJson(ObjectNode json) {
    FrameFields.header(json, TYPE);
    Instant timestamp = FrameFields.instant(json, "timestamp", "timestamp");
    String messageId = FrameFields.text(json, "messageId", "messageId");
    String message = FrameFields.text(json, "message", "message");
    if (!message.equals("ping") && !message.equals("pong")) {
      throw FrameFields.invalid("message", "expected \"ping\" or \"pong\"");
    }
    return new HeartbeatFrame(json, timestamp, messageId, message.equals("ping"));
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** When the frame was sent. */
  public Instant timestamp() {
    return timestamp;
  }

  @Override
  public String messageId() {
    return messageId;
  }

  /** {@code true} for ping, {@code false} for pong. */
  public boolean isPing() {
    return ping;
  }

  @Override
  public byte[] toJsonBytes() {
    return RelayFrames.write(json);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeartbeatFrame other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "HeartbeatFrame[" + messageId + ", " + (ping ? "ping" : "pong") + "]";
  }
}
