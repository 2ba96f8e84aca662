package org.anp.transport.e2e;

import java.time.Clock;
import java.time.Instant;
import java.security.SecureRandom;
import org.anp.transport.internal.e2e.AesGcmSession;

/**
 * An established short-term key pair between two DIDs, identified by {@link #secretKeyId()}:
 * encrypts byte payloads into {@code message} frames and decrypts the peer's (AES-128-GCM, fresh
 * random 96-bit IV per frame, no AAD; spec/e2e-transport.md sections 5 and 6). Payloads are
 * bytes, never decoded as text (the first byte is the meta-protocol header).
 *
 * <p>Thread-safe: encryption and decryption are serialized per session.
 *
 * <p>Security: a frame is refused if its key id or DIDs do not match, the key has expired, its
 * {@code timestamp} is older than the message window or too far in the future, the same frame
 * (same IV) was already accepted under this key, or its tag does not verify. A key
 * encrypts at most {@link SessionLimits#maxMessagesPerKey()} frames.
 */
public interface SecureSession {

  /** Restores a session from stored secrets (e.g. after a restart, spec section 10.7). */
  static SecureSession restore(SessionSecrets secrets, SessionLimits limits, Clock clock, SecureRandom random) {
    return new AesGcmSession(secrets, limits, clock, random);
  }

  String secretKeyId();

  String localDid();

  String remoteDid();

  Role role();

  /** When the handshake completed. */
  Instant establishedAt();

  /** The end of the key's lifetime (the shorter of both sides' {@code expires}). */
  Instant expiresAt();

  /** Whether the key's lifetime has ended at the session clock's current time. */
  boolean isExpired();

  /**
   * A Finished message for handshake {@code sessionId}: this key's id encrypted under the send
   * key (spec section 2.3).
   */
  Finished finished(String sessionId);

  /**
   * Checks the peer's Finished: it must decrypt under the receive key to a JSON object whose
   * {@code secretKeyId} is this key's id. The DIDs and session id are the engine's to check.
   *
   * @throws org.anp.transport.TransportException {@code FINISHED_INVALID}
   */
  void verifyFinished(Finished finished);

  /**
   * A copy of the session's secrets, for key stores that persist sessions and for vector
   * tooling. The caller should {@link SessionSecrets#destroy()} it after use.
   */
  SessionSecrets exportSecretsInsecure();

  /** Encrypts {@code payload} in a new frame with a fresh {@code messageId}. */
  EncryptedMessage encrypt(byte[] payload);

  /**
   * Encrypts {@code payload} in a new frame carrying {@code messageId} (used to resend a payload
   * under a new key with the id it was first sent with, so the receiver can drop a duplicate).
   *
   * @throws org.anp.transport.TransportException {@code ENCRYPTION_KEY_EXPIRED} after expiry or
   *     once the per-key message cap is reached; {@code ENCRYPTION_FAILED}
   */
  EncryptedMessage encrypt(String messageId, byte[] payload);

  /**
   * Decrypts a frame sent by the peer under this key.
   *
   * @throws org.anp.transport.TransportException {@code DECRYPTION_KEY_UNKNOWN} (other key id or
   *     DIDs), {@code DECRYPTION_KEY_EXPIRED} (also once the per-key cap is reached),
   *     {@code MESSAGE_REPLAYED} (seen or outside the window) or {@code DECRYPTION_FAILED}
   */
  byte[] decrypt(EncryptedMessage message);
}
