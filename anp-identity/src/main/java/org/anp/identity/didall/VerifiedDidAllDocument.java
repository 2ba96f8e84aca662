package org.anp.identity.didall;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * A did:all document that {@link DidAllDocumentVerifier} accepted: its address is derived from
 * {@link #publicKey()} and its proof verifies with that key. Only the verifier creates instances.
 * Immutable and thread-safe; {@link #json()} returns a copy.
 */
public final class VerifiedDidAllDocument {
  private final DidAll did;
  private final PublicKeyMaterial publicKey;
  private final String verificationMethodId;
  private final ObjectNode json;

  VerifiedDidAllDocument(
      DidAll did, PublicKeyMaterial publicKey, String verificationMethodId, ObjectNode json) {
    this.did = did;
    this.publicKey = publicKey;
    this.verificationMethodId = verificationMethodId;
    this.json = json.deepCopy();
  }

  /** The DID (the document's {@code id}). */
  public DidAll did() {
    return did;
  }

  /** The P-256 key the DID is derived from. */
  public PublicKeyMaterial publicKey() {
    return publicKey;
  }

  /** The id of the verification method holding the key. */
  public String verificationMethodId() {
    return verificationMethodId;
  }

  /** A copy of the document as received. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  @Override
  public String toString() {
    return "VerifiedDidAllDocument[" + did + "]";
  }
}
