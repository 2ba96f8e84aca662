package org.anp.meta.negotiator;

import java.util.Objects;

/**
 * A negotiator's answer to the peer's latest candidate (a protocol or a set of test cases):
 * accept it as it is, counter it with a full replacement, or refuse. Immutable.
 */
public sealed interface Verdict {

  /** Accept the peer's candidate exactly as received. */
  static Verdict accept() {
    return Accept.INSTANCE;
  }

  /** Propose {@code candidate} instead; {@code summary} says what changed and why. */
  static Verdict counter(String candidate, String summary) {
    return new Counter(candidate, summary);
  }

  /** Refuse; {@code reason} is sent to the peer. */
  static Verdict reject(String reason) {
    return new Reject(reason);
  }

  /** Acceptance of the peer's candidate. */
  enum Accept implements Verdict {
    INSTANCE
  }

  /**
   * A counter-proposal.
   *
   * @param candidate the full text of the new candidate (never a diff), not empty
   * @param summary what changed compared with the peer's candidate, not empty
   */
  record Counter(String candidate, String summary) implements Verdict {
    public Counter {
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(summary, "summary");
      if (candidate.isEmpty() || summary.isEmpty()) {
        throw new IllegalArgumentException("a counter-proposal needs a candidate and a summary");
      }
    }
  }

  /**
   * A refusal.
   *
   * @param reason why, for the peer and the logs
   */
  record Reject(String reason) implements Verdict {
    public Reject {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
