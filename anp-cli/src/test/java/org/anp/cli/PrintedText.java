package org.anp.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * What a command prints, as a stream it writes to, that tests wait on: {@link #await} returns as
 * soon as a write makes the condition true, without polling.
 */
public final class PrintedText extends OutputStream {
  private static final long WAIT_SECONDS = 30;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final List<Waiter> waiters = new ArrayList<>();

  private record Waiter(Predicate<String> condition, CompletableFuture<String> printed) {}

  @Override
  public synchronized void write(int b) {
    bytes.write(b);
    wakeWaiters();
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    bytes.write(b, off, len);
    wakeWaiters();
  }

  /** Forgets what was printed so far. */
  public synchronized void reset() {
    bytes.reset();
  }

  /** Everything printed so far. */
  public synchronized String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Completes with the text printed so far once it satisfies {@code condition}. */
  public synchronized CompletableFuture<String> when(Predicate<String> condition) {
    CompletableFuture<String> printed = new CompletableFuture<>();
    String now = text();
    if (condition.test(now)) {
      printed.complete(now);
    } else {
      waiters.add(new Waiter(condition, printed));
    }
    return printed;
  }

  /** {@link #when}, waited for; fails naming what was printed if it never holds. */
  public String await(Predicate<String> condition, String what) {
    return await(condition, what, new CompletableFuture<>());
  }

  /**
   * {@link #await}, giving up early when {@code exit} completes first (the command ended without
   * printing what was awaited).
   */
  public String await(Predicate<String> condition, String what, CompletableFuture<?> exit) {
    CompletableFuture<String> printed = when(condition);
    try {
      CompletableFuture.anyOf(printed, exit.handle((code, failure) -> null))
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
      if (printed.isDone()) {
        return printed.join();
      }
      throw new AssertionError("the command ended before printing " + what + "; printed:\n" + text());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("not printed within " + WAIT_SECONDS + " s: " + what + "; printed:\n" + text(), e);
    }
  }

  /** Waits until {@code text} has been printed. */
  public String awaitContains(String text) {
    return await(printed -> printed.contains(text), "\"" + text + "\"");
  }

  private void wakeWaiters() {
    if (waiters.isEmpty()) {
      return;
    }
    String now = text();
    waiters.removeIf(w -> {
      if (w.condition().test(now)) {
        w.printed().complete(now);
        return true;
      }
      return false;
    });
  }
}
