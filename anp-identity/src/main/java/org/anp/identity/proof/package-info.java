/**
 * Proofs on DID documents: {@link org.anp.identity.proof.DocumentProofs} signs a document and
 * verifies the proof of a received one, returning a {@link org.anp.identity.proof.VerifiedProof}
 * or throwing {@link org.anp.identity.IdentityException} with code {@code INVALID_PROOF}. The
 * supported suites are listed in {@link org.anp.identity.proof.ProofSuite}.
 */
package org.anp.identity.proof;
