package org.anp.transport.internal.e2e;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.transport.e2e.SecureSession;
import org.anp.transport.e2e.SessionKeyStore;

/**
 * Sessions in a map by key id. Sessions expired for more than an hour are dropped on
 * {@link #put}; when the store is full the session that expires first is evicted.
 */
public final class InMemorySessionKeyStore implements SessionKeyStore {
  private static final Duration KEEP_EXPIRED = Duration.ofHours(1);

  private final int maxSessions;
  private final Clock clock;
  private final Map<String, SecureSession> sessions = new LinkedHashMap<>();

  public InMemorySessionKeyStore(int maxSessions, Clock clock) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions: " + maxSessions);
    }
    this.maxSessions = maxSessions;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized void put(SecureSession session) {
    Instant cutoff = clock.instant().minus(KEEP_EXPIRED);
    sessions.values().removeIf(s -> s.expiresAt().isBefore(cutoff));
    sessions.remove(session.secretKeyId());
    while (sessions.size() >= maxSessions) {
      SecureSession first =
          sessions.values().stream().min(Comparator.comparing(SecureSession::expiresAt)).orElseThrow();
      sessions.remove(first.secretKeyId());
    }
    sessions.put(session.secretKeyId(), session);
  }

  @Override
  public synchronized Optional<SecureSession> bySecretKeyId(String secretKeyId) {
    return Optional.ofNullable(sessions.get(secretKeyId));
  }

  @Override
  public synchronized Optional<SecureSession> current(String localDid, String remoteDid) {
    return sessions.values().stream()
        .filter(s -> s.localDid().equals(localDid) && s.remoteDid().equals(remoteDid) && !s.isExpired())
        .max(Comparator.comparing(SecureSession::expiresAt));
  }

  @Override
  public synchronized void remove(String secretKeyId) {
    sessions.remove(secretKeyId);
  }
}
