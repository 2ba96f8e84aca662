package org.anp.identity.limits;

import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonically increasing count (Prometheus type {@code counter}). Thread-safe and cheap under
 * contention; obtain one from {@link MetricsRegistry#counter}.
 */
public final class Counter {
  private final LongAdder value = new LongAdder();

  Counter() {}

  /** Adds one. */
  public void increment() {
    value.increment();
  }

  /**
   * Adds {@code amount}.
   *
   * @throws IllegalArgumentException if {@code amount} is negative (a counter never goes down)
   */
  public void add(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("a counter only grows: " + amount);
    }
    value.add(amount);
  }

  /** The current value. */
  public long value() {
    return value.sum();
  }
}
