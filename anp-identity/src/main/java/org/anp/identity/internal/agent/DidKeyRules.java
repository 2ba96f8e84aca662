package org.anp.identity.internal.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.didkey.DidKey;
import org.anp.identity.keys.PrivateKeyMaterial;

/**
 * did:key: the document is the expansion of the DID, unsigned; it cannot change, and its key is the
 * DID.
 */
enum DidKeyRules implements MethodRules {
  INSTANCE;

  @Override
  public void verify(DidDocument document) {
    if (!DidKey.document(document.id()).equals(document)) {
      throw new IdentityException(
          IdentityError.INVALID_DOCUMENT, "document: differs from the document did:key derives from " + document.id());
    }
  }

  @Override
  public void checkKeyChange(DidDocument document, VerificationMethod method) {
    throw new IdentityException(
        IdentityError.KEY_BINDING_MISMATCH, method.id() + ": a did:key is its key; a new key needs a new DID");
  }

  @Override
  public DidDocument seal(
      ObjectNode withoutProof, Optional<ObjectNode> previousProof, String signerId, PrivateKeyMaterial signer, Instant now) {
    DidDocument changed = DidDocument.fromJson(withoutProof);
    verify(changed);
    return changed;
  }
}
