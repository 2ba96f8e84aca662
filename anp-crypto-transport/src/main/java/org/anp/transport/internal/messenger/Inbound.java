package org.anp.transport.internal.messenger;

import java.util.Optional;
import org.anp.transport.relay.RelayFrame;

/**
 * A frame from the relay, numbered in arrival order on connection {@code generation}; empty if it
 * could not be parsed, with the {@code problem}. {@code ack} names it in an acknowledgement, if it
 * needs one.
 */
record Inbound(int generation, long arrival, Optional<RelayFrame> frame, Optional<AckTarget> ack, String problem) {}
