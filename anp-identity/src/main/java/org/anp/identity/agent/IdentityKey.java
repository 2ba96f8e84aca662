package org.anp.identity.agent;

import java.util.Objects;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.keys.PrivateKeyMaterial;

/**
 * One private key of an {@link AgentIdentity} with the verification method of its DID document
 * that publishes the public half.
 *
 * <p>Security: {@link #toString()} shows the method id and key type only. The key is owned by the
 * identity; destroying it makes the identity unusable. Immutable and thread-safe.
 *
 * @param method the verification method, {@code <did>#<fragment>}
 * @param privateKey the private key whose public key is the method's
 */
public record IdentityKey(VerificationMethod method, PrivateKeyMaterial privateKey) {
  public IdentityKey {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(privateKey, "privateKey");
  }

  /** The absolute id of the verification method, {@code <did>#<fragment>}. */
  public String id() {
    return method.id();
  }

  /** The fragment of the verification method id, e.g. {@code key-1}. */
  public String fragment() {
    return method.fragment();
  }

  @Override
  public String toString() {
    return "IdentityKey[" + method.id() + ", " + privateKey.type() + ", redacted]";
  }
}
