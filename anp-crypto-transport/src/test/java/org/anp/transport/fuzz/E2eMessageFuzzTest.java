package org.anp.transport.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.DestinationHello;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.SourceHello;
import org.anp.transport.internal.e2e.HelloSignatures;

/**
 * Fuzz target for the E2E frame reader ({@link E2eMessage#parse(byte[], int)}, which is
 * {@code MessageCodec}): only {@link TransportException} may escape; a parsed frame must
 * re-serialize to an equal frame, and a hello must yield the bytes its signature covers.
 */
class E2eMessageFuzzTest {
  private static final int LIMIT = 64 * 1024;

  @FuzzTest
  void parse(byte[] data) {
    E2eMessage message;
    try {
      message = E2eMessage.parse(data, LIMIT);
    } catch (TransportException e) {
      return;
    }
    assertThat(E2eMessage.parse(message.toJsonBytes(), Integer.MAX_VALUE)).isEqualTo(message);
    assertThat(message.messageId()).isNotNull();
    assertThat(message.timestamp()).isNotNull();
    if (message instanceof SourceHello || message instanceof DestinationHello) {
      assertThat(HelloSignatures.signingInput(message.json())).isNotEmpty();
    }
  }
}
