package org.anp.transport.relay;

/**
 * One text frame on a message-service WebSocket (spec/e2e-transport.md section 10): a
 * {@link RegisterFrame}, a {@link HeartbeatFrame} or a {@link RoutedFrame} (an E2E frame the
 * relay routes by {@code destinationDid}). Immutable; obtained from {@link RelayFrames#parse} or
 * the factories of each type.
 */
public sealed interface RelayFrame permits RegisterFrame, HeartbeatFrame, RoutedFrame {
  /** The {@code type} member as on the wire, e.g. {@code register}. */
  String type();

  /** The frame's {@code messageId}. */
  String messageId();

  /** The frame as compact UTF-8 JSON, one WebSocket text frame. */
  byte[] toJsonBytes();
}
