package org.anp.meta.wire;

import java.util.Objects;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * {@code fixErrorNegotiation} (spec/meta-protocol.md §2.4): a report that the peer's traffic
 * violates the agreed protocol ({@code negotiating}), the peer's admission of fault
 * ({@code accepted}: it will fix its code and announce it with {@code codeGeneration}), or its
 * denial with the reason in {@code errorDescription} ({@code rejected}). Immutable.
 *
 * @param errorDescription the error, or the reason for a denial; never empty when negotiating
 * @param status {@code negotiating}, {@code accepted} or {@code rejected} (never
 *     {@code timeout})
 */
public record FixErrorNegotiation(String errorDescription, NegotiationStatus status)
    implements MetaMessage {

  /** The {@code action} value. */
  public static final String ACTION = "fixErrorNegotiation";

  /**
   * @throws MetaProtocolException {@code MALFORMED_MESSAGE} for status {@code timeout} or an
   *     empty description on a report
   */
  public FixErrorNegotiation {
    Objects.requireNonNull(errorDescription, "errorDescription");
    Objects.requireNonNull(status, "status");
    if (status == NegotiationStatus.TIMEOUT) {
      throw new MetaProtocolException(
          MetaProtocolError.MALFORMED_MESSAGE, "status: timeout is not a fix-error status");
    }
    if (errorDescription.isEmpty() && status == NegotiationStatus.NEGOTIATING) {
      throw new MetaProtocolException(
          MetaProtocolError.MALFORMED_MESSAGE, "errorDescription: required when negotiating");
    }
  }

  @Override
  public String action() {
    return ACTION;
  }
}
