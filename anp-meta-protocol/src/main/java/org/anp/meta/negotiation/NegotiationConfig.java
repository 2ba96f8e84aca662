package org.anp.meta.negotiation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.anp.meta.negotiator.Negotiator;
import org.anp.meta.wire.WireLimits;

/**
 * Settings of one negotiation engine (spec/meta-protocol.md §3). Immutable; build with
 * {@link #builder(Negotiator)}, derive variants with {@link #toBuilder()}.
 */
public final class NegotiationConfig {
  /** Default round limit: the spec's recommended maximum. */
  public static final int DEFAULT_MAX_ROUNDS = 10;

  /** Default wait for the peer's next negotiation message (the reference SDK's 60 s). */
  public static final Duration DEFAULT_NEGOTIATION_TIMEOUT = Duration.ofSeconds(60);

  /** Default wait for code generation on both sides (the spec's recommended 15 s). */
  public static final Duration DEFAULT_CODE_GENERATION_TIMEOUT = Duration.ofSeconds(15);

  /**
   * Default {@code sequenceId} of a requester's first proposal: the reference SDK's 1, which its
   * provider expects (decision record 0068).
   */
  public static final int DEFAULT_FIRST_SEQUENCE_ID = 1;

  private final Negotiator negotiator;
  private final Clock clock;
  private final SessionCapabilities capabilities;
  private final int maxRounds;
  private final Duration negotiationTimeout;
  private final Duration codeGenerationTimeout;
  private final WireLimits limits;
  private final RandomGenerator random;
  private final int firstSequenceId;

  private NegotiationConfig(Builder b) {
    this.negotiator = b.negotiator;
    this.clock = b.clock;
    this.capabilities = b.capabilities;
    this.maxRounds = b.maxRounds;
    this.negotiationTimeout = b.negotiationTimeout;
    this.codeGenerationTimeout = b.codeGenerationTimeout;
    this.limits = b.limits;
    this.random = b.random;
    this.firstSequenceId = b.firstSequenceId;
  }

  /** A builder with the defaults above, the system UTC clock and no optional capability. */
  public static Builder builder(Negotiator negotiator) {
    return new Builder(negotiator);
  }

  /** A builder seeded with this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(negotiator);
    b.clock = clock;
    b.capabilities = capabilities;
    b.maxRounds = maxRounds;
    b.negotiationTimeout = negotiationTimeout;
    b.codeGenerationTimeout = codeGenerationTimeout;
    b.limits = limits;
    b.random = random;
    b.firstSequenceId = firstSequenceId;
    return b;
  }

  public Negotiator negotiator() {
    return negotiator;
  }

  /** The clock every timeout is measured on. */
  public Clock clock() {
    return clock;
  }

  /** The capabilities of the session, from both hellos' blocks. */
  public SessionCapabilities capabilities() {
    return capabilities;
  }

  /** Most proposals (status {@code negotiating}, both sides together) in one negotiation. */
  public int maxRounds() {
    return maxRounds;
  }

  public Duration negotiationTimeout() {
    return negotiationTimeout;
  }

  public Duration codeGenerationTimeout() {
    return codeGenerationTimeout;
  }

  public WireLimits limits() {
    return limits;
  }

  /** Source of natural-language message ids. */
  public RandomGenerator random() {
    return random;
  }

  /**
   * The {@code sequenceId} of a requester's first proposal: 1 by default (what the reference SDK
   * sends and its provider expects), or 0 (spec/meta-protocol.md §2.1). Decision record 0068.
   */
  public int firstSequenceId() {
    return firstSequenceId;
  }

  /** Builder of {@link NegotiationConfig}; not thread-safe. */
  public static final class Builder {
    private Negotiator negotiator;
    private Clock clock = Clock.systemUTC();
    private SessionCapabilities capabilities = SessionCapabilities.MANDATORY_ONLY;
    private int maxRounds = DEFAULT_MAX_ROUNDS;
    private Duration negotiationTimeout = DEFAULT_NEGOTIATION_TIMEOUT;
    private Duration codeGenerationTimeout = DEFAULT_CODE_GENERATION_TIMEOUT;
    private WireLimits limits = WireLimits.DEFAULT;
    private RandomGenerator random = new SecureRandom();
    private int firstSequenceId = DEFAULT_FIRST_SEQUENCE_ID;

    private Builder(Negotiator negotiator) {
      this.negotiator = Objects.requireNonNull(negotiator, "negotiator");
    }

    public Builder negotiator(Negotiator negotiator) {
      this.negotiator = Objects.requireNonNull(negotiator, "negotiator");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder capabilities(SessionCapabilities capabilities) {
      this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
      return this;
    }

    /** @param maxRounds 1 to 1000 */
    public Builder maxRounds(int maxRounds) {
      if (maxRounds < 1 || maxRounds > 1000) {
        throw new IllegalArgumentException("maxRounds: " + maxRounds + ", need 1 to 1000");
      }
      this.maxRounds = maxRounds;
      return this;
    }

    /** @param timeout positive */
    public Builder negotiationTimeout(Duration timeout) {
      this.negotiationTimeout = positive(timeout, "negotiationTimeout");
      return this;
    }

    /** @param timeout positive */
    public Builder codeGenerationTimeout(Duration timeout) {
      this.codeGenerationTimeout = positive(timeout, "codeGenerationTimeout");
      return this;
    }

    public Builder limits(WireLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * @param first 1 (the default: what the reference SDK sends and its provider expects) or 0
     *     (spec/meta-protocol.md §2.1)
     */
    public Builder firstSequenceId(int first) {
      if (first != 0 && first != 1) {
        throw new IllegalArgumentException("firstSequenceId: " + first + ", need 0 or 1");
      }
      this.firstSequenceId = first;
      return this;
    }

    public NegotiationConfig build() {
      return new NegotiationConfig(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + ": must be positive");
      }
      return d;
    }
  }
}
