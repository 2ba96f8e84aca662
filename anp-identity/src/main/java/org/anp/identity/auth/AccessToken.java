package org.anp.identity.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A bearer access token issued by {@link AccessTokenService}. A secret: {@link #toString()} is
 * redacted and the token text is only available through {@link #valueInsecure()}, whose name is
 * meant to stand out in review; never log it. Immutable and thread-safe.
 */
public final class AccessToken {
  private final String value;
  private final Instant expiresAt;
  private final Duration expiresIn;

  AccessToken(String value, Instant expiresAt, Duration expiresIn) {
    this.value = Objects.requireNonNull(value, "value");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.expiresIn = Objects.requireNonNull(expiresIn, "expiresIn");
  }

  /** The compact JWT, for the response headers and the client's later requests. */
  public String valueInsecure() {
    return value;
  }

  /** The lifetime the token was issued with ({@code expires_in}). */
  public Duration expiresIn() {
    return expiresIn;
  }

  /** When the token expires ({@code exp}). */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** Expiry only; never the token. */
  @Override
  public String toString() {
    return "AccessToken[redacted, expires " + expiresAt + "]";
  }
}
