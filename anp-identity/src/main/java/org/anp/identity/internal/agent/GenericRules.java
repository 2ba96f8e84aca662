package org.anp.identity.internal.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.proof.DocumentProofs;
import org.anp.identity.proof.ProofSuite;

/**
 * The rules for a method without rules of its own: a proof, when present, must verify as a Data
 * Integrity document proof; a changed document is signed again only if it was signed before,
 * with the same suite when that suite allows the signer's key.
 */
enum GenericRules implements MethodRules {
  INSTANCE;

  @Override
  public void verify(DidDocument document) {
    if (document.proof().isPresent()) {
      DocumentProofs.verify(document);
    }
  }

  @Override
  public void checkKeyChange(DidDocument document, VerificationMethod method) {
    // the DID does not depend on any key
  }

  @Override
  public DidDocument seal(
      ObjectNode withoutProof, Optional<ObjectNode> previousProof, String signerId, PrivateKeyMaterial signer, Instant now) {
    if (previousProof.isEmpty()) {
      return DidDocument.fromJson(withoutProof);
    }
    return DidDocument.fromJson(
        DocumentProofs.sign(withoutProof, signer, signerId, suite(previousProof, signer), now));
  }

  /** The suite of the previous proof if it allows the signer's key, else our default for it. */
  static ProofSuite suite(Optional<ObjectNode> previousProof, PrivateKeyMaterial signer) {
    return previousProof
        .map(p -> ProofSuite.from(p.path("type").asText(""), Optional.ofNullable(p.path("cryptosuite").textValue())))
        .filter(s -> s.allows(signer.type()))
        .orElseGet(() -> ProofSuite.defaultFor(signer.type()));
  }
}
