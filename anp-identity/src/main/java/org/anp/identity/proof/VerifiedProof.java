package org.anp.identity.proof;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.anp.identity.did.VerificationMethod;

/**
 * A document proof that {@link DocumentProofs#verify} has checked: the signature verifies with
 * the named verification method's key over the document as received. Only {@code DocumentProofs}
 * creates instances, so holding one is evidence of a successful check (STYLE rule 4).
 *
 * <p>Immutable and thread-safe; {@link #proof()} returns a copy.
 */
public final class VerifiedProof {
  private final ProofSuite suite;
  private final VerificationMethod verificationMethod;
  private final Instant created;
  private final ObjectNode proof;

  VerifiedProof(
      ProofSuite suite, VerificationMethod verificationMethod, Instant created, ObjectNode proof) {
    this.suite = suite;
    this.verificationMethod = verificationMethod;
    this.created = created;
    this.proof = proof.deepCopy();
  }

  /** The suite named by the proof. */
  public ProofSuite suite() {
    return suite;
  }

  /** The verification method whose key produced the signature. */
  public VerificationMethod verificationMethod() {
    return verificationMethod;
  }

  /** The proof's {@code created} time. */
  public Instant created() {
    return created;
  }

  /** A copy of the proof object as received. */
  public ObjectNode proof() {
    return proof.deepCopy();
  }

  @Override
  public String toString() {
    return "VerifiedProof[" + suite + ", " + verificationMethod.id() + ", " + created + "]";
  }
}
