package org.anp.identity.internal.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.keys.PrivateKeyMaterial;

/**
 * What differs between DID methods for an agent's own identity: how its stored document is
 * checked, how a changed document is signed again, and which keys may not change because the DID
 * is derived from them. Methods without rules of their own (did:web, and any method added through
 * the {@code DidMethod} SPI) get {@link #forMethod the generic rules}: a proof, if the document has
 * one, is a Data Integrity document proof. Implementations are stateless and thread-safe.
 */
public interface MethodRules {
  /** The rules for a DID method name ({@code wba}, {@code all}, {@code key}, anything else). */
  static MethodRules forMethod(String methodName) {
    return switch (methodName) {
      case "wba" -> WbaRules.INSTANCE;
      case "all" -> DidAllRules.INSTANCE;
      case "key" -> DidKeyRules.INSTANCE;
      default -> GenericRules.INSTANCE;
    };
  }

  /**
   * Checks a document the agent holds for itself: its id, key binding and proof as the method
   * requires.
   *
   * @throws org.anp.identity.IdentityException naming the failed check
   */
  void verify(DidDocument document);

  /**
   * Refuses to give {@code method} a new key when the DID is derived from its key.
   *
   * @throws org.anp.identity.IdentityException {@code KEY_BINDING_MISMATCH}
   */
  void checkKeyChange(DidDocument document, VerificationMethod method);

  /**
   * Signs a changed document.
   *
   * @param withoutProof the changed document, without {@code proof}
   * @param previousProof the proof of the document before the change, if it had one
   * @param signerId the absolute id of the verification method that signs (the assertion key)
   * @param signer its private key
   * @param now the proof's creation time
   * @throws org.anp.identity.IdentityException if the method does not allow the change
   */
  DidDocument seal(
      ObjectNode withoutProof, Optional<ObjectNode> previousProof, String signerId, PrivateKeyMaterial signer, Instant now);
}
