package org.anp.meta.internal.codegen;

import java.util.concurrent.Callable;

/**
 * The check injected into generated code at every method entry and before every backward jump
 * ({@link BytecodeCheck}): past the deadline of the call running on this thread, it throws
 * {@link CallOverrun}, again at every later check, so a runaway loop cannot continue even if it
 * catches the error. Outside a guarded call it does nothing. Thread-safe (per-thread state).
 */
public final class CallGuard {
  private static final ThreadLocal<long[]> DEADLINE = new ThreadLocal<>();

  private CallGuard() {}

  /** Called by generated code only. */
  public static void check() {
    long[] deadline = DEADLINE.get();
    if (deadline != null && System.nanoTime() - deadline[0] > 0) {
      throw new CallOverrun();
    }
  }

  /** Runs {@code task} on this thread with a deadline {@code limitNanos} from now. */
  static <T> T within(long limitNanos, Callable<T> task) throws Exception {
    DEADLINE.set(new long[] {System.nanoTime() + limitNanos});
    try {
      return task.call();
    } finally {
      DEADLINE.remove();
    }
  }

  /** Generated code ran past its time limit. An {@link Error}: generated code should not catch it. */
  public static final class CallOverrun extends Error {
    private static final long serialVersionUID = 1L;

    CallOverrun() {
      super("generated code ran past its time limit", null, false, false);
    }
  }
}
