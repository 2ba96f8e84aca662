package org.anp.identity.wba;

import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.proof.DocumentProofs;
import org.anp.identity.proof.VerifiedProof;

/**
 * Checks a did:wba document against the DID it was fetched for:
 *
 * <ol>
 *   <li>the document's {@code id} equals the DID, both normalized as by {@link DidWba#parse}
 *       (spec/identity.md 1.2, spec/README.md #41), else {@code INVALID_DOCUMENT};
 *   <li>if the DID's last path segment starts with {@code e1_} or {@code k1_}: a verification
 *       method referenced from {@code authentication}, with the profile's key type (Ed25519 /
 *       secp256k1), has the RFC 7638 JWK thumbprint written after the prefix, else {@code
 *       KEY_BINDING_MISMATCH}; such a document must carry a proof made with that very key, else
 *       {@code INVALID_PROOF};
 *   <li>a proof, when present, must verify ({@link DocumentProofs#verify}), else {@code
 *       INVALID_PROOF}. A DID without key binding may come without a proof (as the reference SDK
 *       allows).
 * </ol>
 *
 * <p>Stateless and thread-safe.
 */
public final class DidWbaDocumentVerifier {
  private DidWbaDocumentVerifier() {}

  /**
   * Verifies {@code document} for {@code expected}.
   *
   * @throws IdentityException {@code INVALID_DID}, {@code INVALID_DOCUMENT}, {@code
   *     KEY_BINDING_MISMATCH} or {@code INVALID_PROOF}, naming the failed check
   */
  public static VerifiedDidDocument verify(DidDocument document, Did expected) {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(expected, "expected");
    DidWba wanted = DidWba.parse(expected);
    DidWba actual = DidWba.parse(document.id());
    if (!wanted.equals(actual)) {
      throw new IdentityException(
          IdentityError.INVALID_DOCUMENT,
          "id: " + document.id() + " does not equal the requested DID " + wanted);
    }
    Optional<VerificationMethod> boundKey = checkBinding(document, actual);
    Optional<VerifiedProof> proof =
        document.json().has("proof")
            ? Optional.of(DocumentProofs.verify(document))
            : Optional.empty();
    if (boundKey.isPresent()) {
      if (proof.isEmpty()) {
        throw new IdentityException(
            IdentityError.INVALID_PROOF, "proof: missing, but required for a key-bound DID");
      }
      if (!proof.get().verificationMethod().id().equals(boundKey.get().id())) {
        throw new IdentityException(
            IdentityError.INVALID_PROOF,
            "proof.verificationMethod: a key-bound DID must be signed with the bound key "
                + boundKey.get().id());
      }
    }
    return new VerifiedDidDocument(wanted.toDid(), document, proof, boundKey);
  }

  /**
   * Checks only the key binding of an {@code e1_}/{@code k1_} DID (without the proof).
   *
   * @return the bound verification method, or empty for a DID without key binding
   * @throws IdentityException {@code KEY_BINDING_MISMATCH} if no authentication key matches
   */
  public static Optional<VerificationMethod> checkBinding(DidDocument document, DidWba did) {
    Optional<String> last = did.lastSegment();
    if (last.isEmpty()) {
      return Optional.empty();
    }
    Optional<DidWbaProfile> profile = DidWbaProfile.boundBy(last.get());
    if (profile.isEmpty()) {
      return Optional.empty();
    }
    String thumbprint = last.get().substring(profile.get().bindingPrefix().orElseThrow().length());
    for (VerificationMethod method : document.methods(VerificationRelationship.AUTHENTICATION)) {
      Optional<PublicKeyMaterial> key = validKey(method);
      if (key.isPresent()
          && key.get().type() == profile.get().keyType()
          && key.get().jwkThumbprint().equals(thumbprint)) {
        return Optional.of(method);
      }
    }
    throw new IdentityException(
        IdentityError.KEY_BINDING_MISMATCH,
        "id: no "
            + profile.get().keyType()
            + " authentication key has the thumbprint "
            + thumbprint
            + " of the DID's last segment");
  }

  // A document decodes each key on first use (decision 0007); a key that is not valid cannot be
  // the one the DID is bound to.
  private static Optional<PublicKeyMaterial> validKey(VerificationMethod method) {
    try {
      return Optional.of(method.publicKey());
    } catch (IdentityException e) {
      return Optional.empty();
    }
  }
}
