package org.anp.identity.internal.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.didall.DidAll;
import org.anp.identity.didall.DidAllDocumentVerifier;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.keys.PrivateKeyMaterial;

/**
 * did:all (deprecated): checked by {@link DidAllDocumentVerifier}, signed as {@link
 * DidAllIdentity} signs, and the key the address is derived from cannot change.
 */
enum DidAllRules implements MethodRules {
  INSTANCE;

  @Override
  public void verify(DidDocument document) {
    DidAllDocumentVerifier.verify(document.json(), DidAll.parse(document.id().toString()));
  }

  @Override
  public void checkKeyChange(DidDocument document, VerificationMethod method) {
    DidAll did = DidAll.parse(document.id().toString());
    if (did.matches(method.publicKey())) {
      throw new IdentityException(
          IdentityError.KEY_BINDING_MISMATCH,
          method.id() + ": the did:all address is derived from this key; a new key needs a new DID");
    }
  }

  @Override
  public DidDocument seal(
      ObjectNode withoutProof, Optional<ObjectNode> previousProof, String signerId, PrivateKeyMaterial signer, Instant now) {
    return DidDocument.fromJson(DidAllIdentity.signDocument(withoutProof, signer, signerId, now));
  }
}
