package org.anp.identity.internal.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.proof.DocumentProofs;
import org.anp.identity.wba.DidWba;
import org.anp.identity.wba.DidWbaDocumentVerifier;

/**
 * did:wba: the document is checked as a resolver checks it ({@link DidWbaDocumentVerifier}); a
 * changed document is always signed (as {@code DidWbaIdentity} creates them), with the suite of
 * its previous proof; the key an {@code e1_}/{@code k1_} DID is bound to cannot change.
 */
enum WbaRules implements MethodRules {
  INSTANCE;

  @Override
  public void verify(DidDocument document) {
    DidWbaDocumentVerifier.verify(document, document.id());
  }

  @Override
  public void checkKeyChange(DidDocument document, VerificationMethod method) {
    Optional<VerificationMethod> bound = DidWbaDocumentVerifier.checkBinding(document, DidWba.parse(document.id()));
    if (bound.isPresent() && bound.get().id().equals(method.id())) {
      throw new IdentityException(
          IdentityError.KEY_BINDING_MISMATCH,
          method.id() + ": the DID's last path segment is bound to this key; a new key needs a new DID");
    }
  }

  @Override
  public DidDocument seal(
      ObjectNode withoutProof, Optional<ObjectNode> previousProof, String signerId, PrivateKeyMaterial signer, Instant now) {
    return DidDocument.fromJson(
        DocumentProofs.sign(withoutProof, signer, signerId, GenericRules.suite(previousProof, signer), now));
  }
}
