package org.anp.identity.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;

/**
 * The nonces a server hands out in its {@code WWW-Authenticate} challenges (ANP-02 1.2): each is
 * valid for a limited time and is consumed by the first request that authenticates with it, so it
 * can be used once. A verifier may {@linkplain HttpSignatureVerifier.Builder#requireIssuedNonce
 * require} one.
 *
 * <p>Thread-safe; {@link #consume} is atomic: of concurrent requests with the same nonce, one wins.
 */
public final class IssuedNonces {
  private final Clock clock;
  private final Duration ttl;
  private final int maxOutstanding;
  private final Supplier<String> generator;
  private final Map<String, Instant> outstanding = new ConcurrentHashMap<>();

  private IssuedNonces(Clock clock, Duration ttl, int maxOutstanding, Supplier<String> generator) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.generator = Objects.requireNonNull(generator, "generator");
    if (ttl.isZero() || ttl.isNegative() || maxOutstanding < 1) {
      throw new IllegalArgumentException("ttl must be positive and maxOutstanding at least 1");
    }
    this.maxOutstanding = maxOutstanding;
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
   * A new nonce, valid from now for the configured time.
   *
   * @throws IdentityException {@code AUTH_NONCE_STORE_FULL} when {@code maxOutstanding} unexpired
   *     nonces are out
   */
  public String issue() {
    Instant now = clock.instant();
    purge(now);
    if (outstanding.size() >= maxOutstanding) {
      throw new IdentityException(IdentityError.AUTH_NONCE_STORE_FULL, "nonce: too many outstanding challenges");
    }
    String nonce = generator.get();
    outstanding.put(nonce, now.plus(ttl));
    return nonce;
  }

  /** Whether {@code nonce} was issued, is unexpired and not yet used. */
  public boolean isOutstanding(String nonce) {
    Instant expiry = outstanding.get(Objects.requireNonNull(nonce, "nonce"));
    return expiry != null && clock.instant().isBefore(expiry);
  }

  /** Uses {@code nonce} up; {@code true} for exactly one caller while it is outstanding. */
  public boolean consume(String nonce) {
    Instant expiry = outstanding.remove(Objects.requireNonNull(nonce, "nonce"));
    return expiry != null && clock.instant().isBefore(expiry);
  }

  private void purge(Instant now) {
    for (Iterator<Map.Entry<String, Instant>> it = outstanding.entrySet().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().getValue())) {
        it.remove();
      }
    }
  }
}
