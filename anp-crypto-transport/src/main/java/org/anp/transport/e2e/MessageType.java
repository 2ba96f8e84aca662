package org.anp.transport.e2e;

import java.util.Optional;

/** The {@code type} values of the E2E frames this package reads and writes. */
public enum MessageType {
  SOURCE_HELLO("sourceHello"),
  DESTINATION_HELLO("destinationHello"),
  FINISHED("finished"),
  MESSAGE("message"),
  RESPONSE("response");

  private final String wireName;

  MessageType(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the {@code type} field. */
  public String wireName() {
    return wireName;
  }

  /** The type whose wire name is {@code text}, if any. */
  public static Optional<MessageType> fromWireName(String text) {
    for (MessageType t : values()) {
      if (t.wireName.equals(text)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
