package org.anp.identity.wba;

import java.util.Optional;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.proof.VerifiedProof;

/**
 * A did:wba document that {@link DidWbaDocumentVerifier} accepted for a DID: its {@code id} is
 * the DID, its key binding (for {@code e1_}/{@code k1_} DIDs) holds and its proof, if any,
 * verifies. Only the verifier constructs instances. Immutable and thread-safe.
 */
public final class VerifiedDidDocument {
  private final Did did;
  private final DidDocument document;
  private final Optional<VerifiedProof> proof;
  private final Optional<VerificationMethod> boundKey;

  VerifiedDidDocument(
      Did did,
      DidDocument document,
      Optional<VerifiedProof> proof,
      Optional<VerificationMethod> boundKey) {
    this.did = did;
    this.document = document;
    this.proof = proof;
    this.boundKey = boundKey;
  }

  /** The DID the document was verified for. */
  public Did did() {
    return did;
  }

  /** The document. */
  public DidDocument document() {
    return document;
  }

  /** The verified proof; absent for an unsigned document of a DID without key binding. */
  public Optional<VerifiedProof> proof() {
    return proof;
  }

  /** For a key-bound DID, the verification method whose thumbprint the DID carries. */
  public Optional<VerificationMethod> boundKey() {
    return boundKey;
  }

  @Override
  public String toString() {
    return "VerifiedDidDocument[" + did + (proof.isPresent() ? ", signed" : ", unsigned") + "]";
  }
}
