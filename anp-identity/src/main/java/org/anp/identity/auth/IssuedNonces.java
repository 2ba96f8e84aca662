package org.anp.identity.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.RefusalLog;
import org.slf4j.LoggerFactory;

/**
 * The nonces a server hands out in its {@code WWW-Authenticate} challenges (ANP-02 1.2): each is
 * valid for a limited time and is consumed by the first request that authenticates with it, so it
 * can be used once. A verifier may {@linkplain HttpSignatureVerifier.Builder#requireIssuedNonce
 * require} one.
 *
 * <p>At most {@code maxOutstanding} nonces are outstanding; issuing one more forgets the oldest
 * (issue 12, decision 0043). Challenges go to unauthenticated callers, so refusing to issue when
 * full would let one caller deny challenges to everyone; forgetting the oldest only makes a
 * client whose nonce was forgotten ask again, and opens no replay (a forgotten nonce is refused).
 * Forgetting is counted ({@link RefusalLog}, limit {@code issued_nonces_full}) and logged at WARN
 * at most once a minute.
 *
 * <p>Thread-safe; {@link #consume} is atomic: of concurrent requests with the same nonce, one wins.
 */
public final class IssuedNonces {
  private final Clock clock;
  private final Duration ttl;
  private final int maxOutstanding;
  private final Supplier<String> generator;
  private final LinkedHashMap<String, Instant> outstanding = new LinkedHashMap<>();
  private final RefusalLog forgotten;

  private IssuedNonces(Clock clock, Duration ttl, int maxOutstanding, Supplier<String> generator) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.generator = Objects.requireNonNull(generator, "generator");
    if (ttl.isZero() || ttl.isNegative() || maxOutstanding < 1) {
      throw new IllegalArgumentException("ttl must be positive and maxOutstanding at least 1");
    }
    this.maxOutstanding = maxOutstanding;
    this.forgotten = RefusalLog.create(LoggerFactory.getLogger(IssuedNonces.class), "issued_nonces_full",
        clock, Duration.ofMinutes(1), MetricsRegistry.create());
  }

  /** Random 128-bit base64url nonces, each valid for {@code ttl}, at most {@code maxOutstanding} at once. */
  public static IssuedNonces create(Clock clock, Duration ttl, int maxOutstanding) {
    SecureRandom random = new SecureRandom();
    return new IssuedNonces(clock, ttl, maxOutstanding, () -> {
      byte[] b = new byte[16];
      random.nextBytes(b);
      return Base64Codec.encodeUrl(b);
    });
  }

  /** As {@link #create(Clock, Duration, int)} with nonces from {@code generator} (tests, fixed vectors). */
  public static IssuedNonces create(Clock clock, Duration ttl, int maxOutstanding, Supplier<String> generator) {
    return new IssuedNonces(clock, ttl, maxOutstanding, generator);
  }

  /**
   * A new nonce, valid from now for the configured time; when {@code maxOutstanding} unexpired
   * nonces are out, the oldest is forgotten.
   */
  public String issue() {
    Instant now = clock.instant();
    String nonce = generator.get();
    synchronized (outstanding) {
      purge(now);
      if (outstanding.size() >= maxOutstanding) {
        Iterator<Map.Entry<String, Instant>> oldest = outstanding.entrySet().iterator();
        oldest.next();
        oldest.remove();
        forgotten.refused("unauthenticated callers",
            maxOutstanding + " challenge nonces outstanding, the oldest was forgotten");
      }
      outstanding.put(nonce, now.plus(ttl));
    }
    return nonce;
  }

  /** How many times an outstanding nonce was forgotten to issue a new one. */
  public long forgottenCount() {
    return forgotten.count();
  }

  /** Whether {@code nonce} was issued, is unexpired and not yet used. */
  public boolean isOutstanding(String nonce) {
    Instant expiry;
    synchronized (outstanding) {
      expiry = outstanding.get(Objects.requireNonNull(nonce, "nonce"));
    }
    return expiry != null && clock.instant().isBefore(expiry);
  }

  /** Uses {@code nonce} up; {@code true} for exactly one caller while it is outstanding. */
  public boolean consume(String nonce) {
    Instant expiry;
    synchronized (outstanding) {
      expiry = outstanding.remove(Objects.requireNonNull(nonce, "nonce"));
    }
    return expiry != null && clock.instant().isBefore(expiry);
  }

  // Insertion order is expiry order (one ttl, a clock that does not go back in practice).
  private void purge(Instant now) {
    for (Iterator<Map.Entry<String, Instant>> it = outstanding.entrySet().iterator(); it.hasNext(); ) {
      if (now.isBefore(it.next().getValue())) {
        return;
      }
      it.remove();
    }
  }
}
