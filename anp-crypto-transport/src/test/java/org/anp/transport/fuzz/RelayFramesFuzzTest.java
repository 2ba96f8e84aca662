package org.anp.transport.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.anp.transport.TransportException;
import org.anp.transport.relay.HeartbeatFrame;
import org.anp.transport.relay.RegisterFrame;
import org.anp.transport.relay.RelayFrame;
import org.anp.transport.relay.RelayFrames;
import org.anp.transport.relay.RoutedFrame;
import org.anp.transport.relay.RouterEntry;

/**
 * Fuzz target for the message-service frame reader {@link RelayFrames#parse(byte[], int)}: only
 * {@link TransportException} may escape; a parsed frame must re-serialize to a frame that parses
 * to an equal value, and each router entry must yield the bytes its proof covers.
 */
class RelayFramesFuzzTest {
  private static final int LIMIT = 64 * 1024;

  @FuzzTest
  void parse(byte[] data) {
    RelayFrame frame;
    try {
      frame = RelayFrames.parse(data, LIMIT);
    } catch (TransportException e) {
      return;
    }
    if (frame instanceof RegisterFrame register) {
      for (RouterEntry entry : register.routers()) {
        assertThat(entry.signingInput()).isNotEmpty();
      }
      assertThat(RelayFrames.parse(register.toJsonBytes(), Integer.MAX_VALUE)).isEqualTo(register);
    } else if (frame instanceof RoutedFrame routed) {
      assertThat(RelayFrames.parse(routed.toJsonBytes(), Integer.MAX_VALUE)).isEqualTo(routed);
    } else if (frame instanceof HeartbeatFrame heartbeat) {
      assertThat(RelayFrames.parse(heartbeat.toJsonBytes(), Integer.MAX_VALUE)).isEqualTo(heartbeat);
    }
  }
}
