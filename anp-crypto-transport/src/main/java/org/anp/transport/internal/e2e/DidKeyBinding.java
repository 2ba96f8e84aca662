package org.anp.transport.internal.e2e;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * Thread-safe.
 */
public final class DidKeyBinding implements HelloKeyBinding {
  /**
   * How many did:all keys are kept decoded between handshakes (least recently used first out).
   * A did:all DID has no document to keep its key object in; a few KiB each.
   */
  static final int DID_ALL_KEYS_KEPT = 256;

  private final Function<String, Optional<DidDocument>> documents;
  // Guarded by itself; access order, so the eldest entry is the least recently used.
  private final Map<String, PublicKeyMaterial> didAllKeys = new LinkedHashMap<>(16, 0.75f, true);

  public DidKeyBinding(Function<String, Optional<DidDocument>> documents) {
    this.documents = Objects.requireNonNull(documents, "documents");
  }

  @Override
  public void check(String did, String verificationMethodId, PublicKeyMaterial key) {
    boundKey(did, verificationMethodId, key);
  }

  /**
   * Checks as {@link #check} does and returns the key object to verify the hello with: for a DID
   * with a document, the document's own key, equal to {@code key} but decoded once and kept with
   * the cached document, so BouncyCastle's precomputation for it is reused from one handshake
   * with that peer to the next (more than twice as fast a verification, docs/benchmarks.md);
   * for did:all, the object of an equal key that an earlier handshake proved to derive this DID
   * (one of the last {@link #DID_ALL_KEYS_KEPT}), else {@code key} itself, which is then kept.
   *
   * @throws TransportException as {@link #check}
   */
  public PublicKeyMaterial boundKey(String did, String verificationMethodId, PublicKeyMaterial key) {
    if (did.startsWith("did:all:")) {
      synchronized (didAllKeys) {
        PublicKeyMaterial kept = didAllKeys.get(did);
        if (key.equals(kept)) {
          return kept;
        }
      }
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
      synchronized (didAllKeys) {
        didAllKeys.put(did, key);
        if (didAllKeys.size() > DID_ALL_KEYS_KEPT) {
          Iterator<String> eldest = didAllKeys.keySet().iterator();
          eldest.next();
          eldest.remove();
        }
      }
      return key;
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
    PublicKeyMaterial documentKey;
    try {
      documentKey = method.get().publicKey();
    } catch (IdentityException e) {
      // Documents decode a key on its first use (decision 0007): this one is no valid key.
      throw new TransportException(
          TransportError.DID_KEY_MISMATCH,
          "verificationMethod.id: " + verificationMethodId + " has an invalid key in the document of " + did);
    }
    if (!documentKey.equals(key)) {
      throw new TransportException(
          TransportError.DID_KEY_MISMATCH,
          "verificationMethod.publicKeyHex: differs from " + verificationMethodId + " in the document");
    }
    return documentKey;
  }
}
