package org.anp.transport.e2e;

import java.time.Clock;
import java.util.Optional;
import org.anp.transport.internal.e2e.InMemorySessionKeyStore;

/**
 * Where established sessions live, per pair of DIDs, looked up by {@code secretKeyId} for inbound
 * frames and by DID pair for outbound ones. Several live keys per pair are allowed (parallel
 * negotiations). Implementations are thread-safe.
 */
public interface SessionKeyStore {

  /** Adds a session (replacing one with the same key id). */
  void put(SecureSession session);

  /** The session with this key id, expired or not, if still stored. */
  Optional<SecureSession> bySecretKeyId(String secretKeyId);

  /** The unexpired session from {@code localDid} to {@code remoteDid} that expires last. */
  Optional<SecureSession> current(String localDid, String remoteDid);

  /** Forgets the session with this key id, if any. */
  void remove(String secretKeyId);

  /**
   * A bounded in-memory store; expired sessions are kept for {@code 1 hour} (so the receiver can
   * answer "expired" rather than "unknown") and then dropped.
   */
  static SessionKeyStore inMemory(int maxSessions, Clock clock) {
    return new InMemorySessionKeyStore(maxSessions, clock);
  }
}
