package org.anp.meta.internal.session;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The requester's application request timeout without a timer per request (issue 14, row B):
 * each waiting reply carries its deadline, and one check on the agent's thread, armed only when
 * none is, fails those past it with a {@link TimeoutException} and re-arms itself for the
 * earliest deadline left. It is armed when a request's send completes, on the agent's thread,
 * so a request wakes no thread of its own. Deadlines are on the JVM's monotonic clock, like the
 * per-request timers they replace. Confined to the agent's thread, except
 * {@link #deadlineFromNow()}.
 */
final class RequestDeadlines {
  private final Duration timeout;
  private final long timeoutNanos;
  private final ScheduledExecutorService loop;
  private final Collection<PeerLink> links;
  /** Whether a check is scheduled. */
  private boolean armed;

  /**
   * @param loop the agent's thread
   * @param links a live view of the agent's peers
   */
  RequestDeadlines(Duration timeout, ScheduledExecutorService loop, Collection<PeerLink> links) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.timeoutNanos = timeout.toNanos();
    this.loop = Objects.requireNonNull(loop, "loop");
    this.links = Objects.requireNonNull(links, "links");
  }

  /** The deadline of a request sent now; any thread. */
  long deadlineFromNow() {
    return System.nanoTime() + timeoutNanos;
  }

  /**
   * After a request was sent, or ahead of the first when a protocol becomes ready (decision
   * record 0090): makes sure a check is scheduled. A check already scheduled fires no later than
   * the new request expires, since every deadline is the same time after its send or later.
   */
  void arm() {
    if (!armed) {
      schedule(timeoutNanos);
    }
  }

  /** Fails the expired replies and re-arms for the earliest deadline left, if any. */
  private void check() {
    armed = false;
    long now = System.nanoTime();
    long next = Long.MAX_VALUE;
    for (PeerLink link : links) {
      next = Math.min(next, link.expireRequests(now, () -> new TimeoutException("no reply within " + timeout)));
    }
    if (next != Long.MAX_VALUE) {
      schedule(Math.max(0, next - now));
    }
  }

  private void schedule(long delayNanos) {
    try {
      loop.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
      armed = true;
    } catch (RejectedExecutionException e) {
      armed = false; // the agent is closed, and closing failed what waited
    }
  }
}
