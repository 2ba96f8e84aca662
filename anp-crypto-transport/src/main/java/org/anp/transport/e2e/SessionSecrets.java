package org.anp.transport.e2e;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * Everything needed to restore a {@link SecureSession}: the two DIDs, the role played, the key id,
 * the send and receive keys and the lifetime as absolute instants (the spec's persisted shape,
 * section 10.7, with an absolute expiry). {@code toString()} is redacted; key bytes come out only
 * through the {@code ...Insecure} accessors, meant for key-store writers.
 */
public final class SessionSecrets implements Destroyable {
  private final String localDid;
  private final String remoteDid;
  private final Role role;
  private final String secretKeyId;
  private final byte[] sendKey;
  private final byte[] receiveKey;
  private final Instant establishedAt;
  private final Instant expiresAt;
  private volatile boolean destroyed;

  private SessionSecrets(
      String localDid,
      String remoteDid,
      Role role,
      String secretKeyId,
      byte[] sendKey,
      byte[] receiveKey,
      Instant establishedAt,
      Instant expiresAt) {
    this.localDid = localDid;
    this.remoteDid = remoteDid;
    this.role = role;
    this.secretKeyId = secretKeyId;
    this.sendKey = sendKey;
    this.receiveKey = receiveKey;
    this.establishedAt = establishedAt;
    this.expiresAt = expiresAt;
  }

  /**
   * @throws IllegalArgumentException if a key is not 16 bytes (AES-128) or the lifetime ends
   *     before it starts
   */
  public static SessionSecrets of(
      String localDid,
      String remoteDid,
      Role role,
      String secretKeyId,
      byte[] sendKey,
      byte[] receiveKey,
      Instant establishedAt,
      Instant expiresAt) {
    Objects.requireNonNull(localDid, "localDid");
    Objects.requireNonNull(remoteDid, "remoteDid");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(secretKeyId, "secretKeyId");
    Objects.requireNonNull(establishedAt, "establishedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (sendKey.length != 16 || receiveKey.length != 16) {
      throw new IllegalArgumentException("keys must be 16 bytes (AES-128)");
    }
    if (expiresAt.isBefore(establishedAt)) {
      throw new IllegalArgumentException("expiresAt before establishedAt");
    }
    return new SessionSecrets(
        localDid, remoteDid, role, secretKeyId, sendKey.clone(), receiveKey.clone(), establishedAt, expiresAt);
  }

  public String localDid() {
    return localDid;
  }

  public String remoteDid() {
    return remoteDid;
  }

  public Role role() {
    return role;
  }

  public String secretKeyId() {
    return secretKeyId;
  }

  public Instant establishedAt() {
    return establishedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** A copy of the send key. For key stores only. */
  public byte[] sendKeyInsecure() {
    checkAlive();
    return sendKey.clone();
  }

  /** A copy of the receive key. For key stores only. */
  public byte[] receiveKeyInsecure() {
    checkAlive();
    return receiveKey.clone();
  }

  @Override
  public void destroy() {
    Arrays.fill(sendKey, (byte) 0);
    Arrays.fill(receiveKey, (byte) 0);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "SessionSecrets[" + secretKeyId + ", " + localDid + " -> " + remoteDid + ", redacted]";
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("secrets destroyed");
    }
  }
}
