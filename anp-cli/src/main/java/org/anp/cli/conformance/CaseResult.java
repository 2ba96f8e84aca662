package org.anp.cli.conformance;

import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of one case of a conformance file.
 *
 * @param id the case's identifier, as the file names it (for example {@code
 *     e1-root/valid/proof}); not blank
 * @param outcome whether this implementation agreed with the expected verdict, or could not run
 *     the case at all
 * @param reason why the case failed or is not applicable (not blank then); may be empty for a
 *     passed case
 */
public record CaseResult(String id, Outcome outcome, String reason) {

  /** What running one case gave. */
  public enum Outcome {
    /** This implementation agreed with the expected verdict. */
    PASSED,
    /** This implementation disagreed, or the case could not be read. */
    FAILED,
    /** The case tests something this implementation deliberately does not do; the reason says what. */
    NOT_APPLICABLE
  }

  public CaseResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id is blank");
    }
    if (outcome != Outcome.PASSED && reason.isBlank()) {
      throw new IllegalArgumentException(
          outcome.name().toLowerCase(Locale.ROOT) + " case " + id + " has no reason");
    }
  }

  /** A passed ({@code passed}) or failed case. */
  public CaseResult(String id, boolean passed, String reason) {
    this(id, passed ? Outcome.PASSED : Outcome.FAILED, reason);
  }

  /** A case this implementation does not run, for {@code reason}. */
  public static CaseResult notApplicable(String id, String reason) {
    return new CaseResult(id, Outcome.NOT_APPLICABLE, reason);
  }

  /** Whether this implementation agreed with the expected verdict. */
  public boolean passed() {
    return outcome == Outcome.PASSED;
  }

  /** Whether this implementation disagreed with the expected verdict. */
  public boolean failed() {
    return outcome == Outcome.FAILED;
  }
}
