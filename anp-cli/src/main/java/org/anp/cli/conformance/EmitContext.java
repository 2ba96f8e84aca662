package org.anp.cli.conformance;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One {@code anp conformance --emit} run: the randomness and clock its suites use, and the objects
 * they share. The files of one family are written from one context, so that they can describe the
 * same thing: {@code e2e-legacy}'s {@code handshake.json} and {@code messages.json} share one
 * session. Not thread-safe; one context per run.
 */
public final class EmitContext {
  private final SecureRandom random;
  private final Clock clock;
  private final Map<Class<?>, Object> shared = new HashMap<>();

  /** A context with fresh keys from {@code random} and times from {@code clock}. */
  public EmitContext(SecureRandom random, Clock clock) {
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Where keys, nonces and randoms come from. */
  public SecureRandom random() {
    return random;
  }

  /** Where times come from. */
  public Clock clock() {
    return clock;
  }

  /** The context's one object of {@code type}, made by {@code make} on first use. */
  <T> T shared(Class<T> type, Supplier<T> make) {
    return type.cast(shared.computeIfAbsent(type, t -> Objects.requireNonNull(make.get(), "made")));
  }
}
