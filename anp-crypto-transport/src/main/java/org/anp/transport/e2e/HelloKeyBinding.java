package org.anp.transport.e2e;

import java.util.Optional;
import java.util.function.Function;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.transport.internal.e2e.DidKeyBinding;

/**
 * Decides whether the signing key a hello carries belongs to the DID that sent it (spec
 * ambiguity 1). Synchronous on purpose: the handshake engine performs no I/O, so documents are
 * resolved before a hello is handed to it (see {@link E2eEndpoint}). Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface HelloKeyBinding {

  /**
   * Returns normally if {@code key} is bound to {@code did} under {@code verificationMethodId}.
   *
   * @throws org.anp.transport.TransportException {@code DID_KEY_MISMATCH}, or
   *     {@code DID_NOT_FOUND} when no document is available for a DID that needs one
   */
  void check(String did, String verificationMethodId, PublicKeyMaterial key);

  /**
   * The standard rule: for did:all the identifier derived from the key must equal the DID's; for
   * every other method the document from {@code documents} must list a verification method with
   * that id and exactly that public key.
   */
  static HelloKeyBinding standard(Function<String, Optional<DidDocument>> documents) {
    return new DidKeyBinding(documents);
  }
}
