package org.anp.transport.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.ErrorResponse;
import org.anp.transport.relay.RelayFrame;
import org.anp.transport.relay.RelayFrames;
import org.anp.transport.relay.RoutedFrame;

/**
 * Fuzz target for the relay's envelope reader {@link Envelope#read(byte[])}: only
 * {@link TransportException} may escape, and the reader is a relaxation of the strict frame
 * parser: every frame {@link RelayFrames#parse(byte[], int)} accepts must read as an envelope
 * with the same routing members.
 */
class EnvelopeFuzzTest {
  private static final int LIMIT = 64 * 1024;

  @FuzzTest
  void read(byte[] data) {
    if (data.length > LIMIT) {
      return;
    }
    Envelope envelope;
    try {
      envelope = Envelope.read(data);
    } catch (TransportException e) {
      envelope = null;
    }
    RelayFrame strict;
    try {
      strict = RelayFrames.parse(data, LIMIT);
    } catch (TransportException e) {
      return;
    }
    assertThat(envelope).as("an envelope for every frame the strict parser accepts").isNotNull();
    assertThat(envelope.type()).isEqualTo(strict.type());
    if (strict instanceof RoutedFrame routed) {
      assertThat(envelope.messageId()).isEqualTo(routed.messageId());
      assertThat(envelope.sourceDid()).isEqualTo(routed.sourceDid());
      assertThat(envelope.destinationDid()).isEqualTo(routed.destinationDid());
      if (routed.message() instanceof ErrorResponse response) {
        assertThat(envelope.code().getAsInt()).isEqualTo(response.code());
        assertThat(envelope.originalMessageId()).isEqualTo(response.originalMessageId());
      }
    }
  }
}
