package org.anp.meta.wire;

import java.util.Objects;
import java.util.Optional;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * {@code testCasesNegotiation} (spec/meta-protocol.md §2.3): a set of test cases in natural
 * language, each with request data, expected response data and expected outcome. It has no
 * sequence id; rounds are counted locally. Immutable.
 *
 * @param testCases the test cases text; must not be empty when negotiating or accepting
 * @param modificationSummary what changed since the previous set, or why it was refused
 * @param status {@code negotiating}, {@code accepted} or {@code rejected} (never
 *     {@code timeout})
 */
public record TestCasesNegotiation(
    String testCases, Optional<String> modificationSummary, NegotiationStatus status)
    implements MetaMessage {

  /** The {@code action} value. */
  public static final String ACTION = "testCasesNegotiation";

  /**
   * @throws MetaProtocolException {@code MALFORMED_MESSAGE} for status {@code timeout} or empty
   *     test cases where they are required
   */
  public TestCasesNegotiation {
    Objects.requireNonNull(testCases, "testCases");
    Objects.requireNonNull(modificationSummary, "modificationSummary");
    Objects.requireNonNull(status, "status");
    if (status == NegotiationStatus.TIMEOUT) {
      throw new MetaProtocolException(
          MetaProtocolError.MALFORMED_MESSAGE, "status: timeout is not a test-cases status");
    }
    if (testCases.isEmpty() && status != NegotiationStatus.REJECTED) {
      throw new MetaProtocolException(
          MetaProtocolError.MALFORMED_MESSAGE,
          "testCases: required when status is " + status.wireName());
    }
  }

  @Override
  public String action() {
    return ACTION;
  }
}
