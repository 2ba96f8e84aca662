package org.anp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.anp.transport.relay.RelayStatus;
import org.junit.jupiter.api.Test;

/** {@link TransportError}'s response codes against decision record 0004 and {@link RelayStatus}. */
class TransportErrorTest {
  private static final Set<Integer> DECISION_0004_ERRORS = Set.of(400, 403, 404, 413, 429, 503, 504);

  @Test
  void deliveredAndQueuedAreNotErrors() {
    assertThat(TransportError.fromResponseCode(200)).isEmpty();
    assertThat(TransportError.fromResponseCode(202)).isEmpty();
    assertThat(RelayStatus.DELIVERED.error()).isEmpty();
    assertThat(RelayStatus.QUEUED.error()).isEmpty();
  }

  @Test
  void everyErrorCodeOfDecision0004MapsToAnErrorReportedWithThatCode() {
    for (int code : DECISION_0004_ERRORS) {
      assertThat(TransportError.fromResponseCode(code)).as("code %d", code)
          .hasValueSatisfying(e -> assertThat(e.responseCode()).isEqualTo(code));
    }
    assertThat(TransportError.fromResponseCode(413)).contains(TransportError.MESSAGE_TOO_LARGE);
    assertThat(TransportError.fromResponseCode(429)).contains(TransportError.RATE_LIMITED);
    assertThat(TransportError.fromResponseCode(503)).contains(TransportError.QUEUE_FULL);
    assertThat(TransportError.fromResponseCode(504)).contains(TransportError.MESSAGE_EXPIRED);
    assertThat(TransportError.fromResponseCode(403)).contains(TransportError.FORBIDDEN);
  }

  @Test
  void messageTooLargeIsReportedAs413() {
    assertThat(TransportError.MESSAGE_TOO_LARGE.responseCode()).isEqualTo(413);
    assertThat(TransportError.MESSAGE_TOO_LARGE.wireName()).isEqualTo("413");
    assertThat(TransportError.MESSAGE_TOO_LARGE.httpStatus()).isEqualTo(413);
  }

  @Test
  void relayStatusesAndTransportErrorsAgreeOnEveryCode() {
    for (RelayStatus s : RelayStatus.values()) {
      if (s == RelayStatus.DELIVERED || s == RelayStatus.QUEUED) {
        continue;
      }
      assertThat(s.error()).as("%s", s).hasValueSatisfying(e -> assertThat(e.responseCode()).isEqualTo(s.code()));
      assertThat(DECISION_0004_ERRORS).contains(s.code());
    }
  }

  @Test
  void theEndToEndCodesMapToTheirKeyErrors() {
    assertThat(TransportError.fromResponseCode(4000)).contains(TransportError.ENCRYPTION_FAILED);
    assertThat(TransportError.fromResponseCode(4001)).contains(TransportError.DECRYPTION_FAILED);
    assertThat(TransportError.fromResponseCode(4002)).contains(TransportError.ENCRYPTION_KEY_INVALID);
    assertThat(TransportError.fromResponseCode(4003)).contains(TransportError.DECRYPTION_KEY_UNKNOWN);
    assertThat(TransportError.fromResponseCode(4004)).contains(TransportError.ENCRYPTION_KEY_EXPIRED);
    assertThat(TransportError.fromResponseCode(4005)).contains(TransportError.DECRYPTION_KEY_EXPIRED);
  }

  @Test
  void anUnknownCodeIsAnUnexpectedMessage() {
    assertThat(TransportError.fromResponseCode(999)).contains(TransportError.UNEXPECTED_MESSAGE);
    assertThat(TransportError.fromResponseCode(201)).contains(TransportError.UNEXPECTED_MESSAGE);
    assertThat(TransportError.fromResponseCode(-1)).contains(TransportError.UNEXPECTED_MESSAGE);
  }

  @Test
  void everyErrorsResponseCodeMapsBackToAnErrorWithTheSameCode() {
    for (TransportError e : TransportError.values()) {
      assertThat(TransportError.fromResponseCode(e.responseCode())).as("%s", e)
          .hasValueSatisfying(back -> assertThat(back.responseCode()).isEqualTo(e.responseCode()));
    }
  }
}
