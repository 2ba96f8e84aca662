package org.anp.meta.negotiator;

import java.util.Objects;

/**
 * A negotiator's judgement of a reported protocol violation (spec/meta-protocol.md §2.4): the
 * fault is ours (we fix our code and regenerate), or it is not, with the reason. Immutable.
 *
 * @param ours whether the local side is at fault
 * @param reason why not, when {@code ours} is false; may be empty otherwise
 */
public record FixVerdict(boolean ours, String reason) {
  public FixVerdict {
    Objects.requireNonNull(reason, "reason");
  }

  /** The fault is ours: we fix our code. */
  public static FixVerdict admit() {
    return new FixVerdict(true, "");
  }

  /** The fault is not ours, because {@code reason}. */
  public static FixVerdict deny(String reason) {
    return new FixVerdict(false, reason);
  }
}
