package org.anp.transport.internal.e2e;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.didall.DidAll;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.HelloKeyBinding;

/**
 * The standard key binding (spec ambiguity 1): did:all re-derives the address from the key;
 * any other method needs a document that lists the verification method with exactly this key.
 */
public final class DidKeyBinding implements HelloKeyBinding {
  private final Function<String, Optional<DidDocument>> documents;

  public DidKeyBinding(Function<String, Optional<DidDocument>> documents) {
    this.documents = Objects.requireNonNull(documents, "documents");
  }

  @Override
  public void check(String did, String verificationMethodId, PublicKeyMaterial key) {
    if (did.startsWith("did:all:")) {
      DidAll parsed;
      try {
        parsed = DidAll.parse(did);
      } catch (IdentityException e) {
        throw new TransportException(TransportError.DID_KEY_MISMATCH, "sourceDid: not a valid did:all");
      }
      if (!parsed.matches(key)) {
        throw new TransportException(
            TransportError.DID_KEY_MISMATCH,
            "verificationMethod.publicKeyHex: key does not derive the did:all address " + parsed.id());
      }
      return;
    }
    DidDocument document =
        documents
            .apply(did)
            .orElseThrow(
                () -> new TransportException(TransportError.DID_NOT_FOUND, "sourceDid: no document for " + did));
    Optional<VerificationMethod> method = document.verificationMethod(verificationMethodId);
    if (method.isEmpty()) {
      throw new TransportException(
          TransportError.DID_KEY_MISMATCH,
          "verificationMethod.id: " + verificationMethodId + " is not in the document of " + did);
    }
    if (!method.get().publicKey().equals(key)) {
      throw new TransportException(
          TransportError.DID_KEY_MISMATCH,
          "verificationMethod.publicKeyHex: differs from " + verificationMethodId + " in the document");
    }
  }
}
