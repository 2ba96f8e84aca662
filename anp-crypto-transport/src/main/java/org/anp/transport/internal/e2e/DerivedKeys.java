package org.anp.transport.internal.e2e;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * The output of the key schedule: the initiator's ("source") and responder's ("destination")
 * data keys and the key id. Keys are copied in and out; {@link #toString()} is redacted. Not
 * thread-safe against {@link #destroy()}.
 */
public final class DerivedKeys implements Destroyable {
  private final byte[] sourceKey;
  private final byte[] destinationKey;
  private final String secretKeyId;
  private volatile boolean destroyed;

  DerivedKeys(byte[] sourceKey, byte[] destinationKey, String secretKeyId) {
    this.sourceKey = sourceKey;
    this.destinationKey = destinationKey;
    this.secretKeyId = secretKeyId;
  }

  /** Key the initiator sends with (and the responder receives with). */
  public byte[] sourceKey() {
    checkAlive();
    return sourceKey.clone();
  }

  /** Key the responder sends with (and the initiator receives with). */
  public byte[] destinationKey() {
    checkAlive();
    return destinationKey.clone();
  }

  /** The 16-hex-character key id. */
  public String secretKeyId() {
    return secretKeyId;
  }

  @Override
  public void destroy() {
    Arrays.fill(sourceKey, (byte) 0);
    Arrays.fill(destinationKey, (byte) 0);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "DerivedKeys[" + secretKeyId + ", redacted]";
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("keys destroyed");
    }
  }
}
