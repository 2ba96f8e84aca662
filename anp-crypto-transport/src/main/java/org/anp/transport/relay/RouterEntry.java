package org.anp.transport.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.json.PyCompactSortedJson;
import org.anp.transport.internal.relay.FrameFields;

/**
 * One entry of a {@code register} frame's {@code routers}: a router DID, a fresh nonce and a
 * proof signed by the router's key over this entry (spec/e2e-transport.md 10.3). Immutable and
 * thread-safe; the JSON tree is kept as received so that the signature is checked over exactly
 * what was sent, unknown members included. Create one with {@link RegisterFrame#signRouter}.
 */
public final class RouterEntry {
  /** The longest nonce accepted, in characters. */
  public static final int MAX_NONCE_LENGTH = 256;

  private final ObjectNode json;
  private final String router;
  private final String nonce;
  private final RouterProof proof;

  private RouterEntry(ObjectNode json, String router, String nonce, RouterProof proof) {
    this.json = json;
    this.router = router;
    this.nonce = nonce;
    this.proof = proof;
  }

  /**
   * Reads one router entry (the tree is copied).
   *
   * @param path the JSON path used in error messages, e.g. {@code routers[0]}
   * @throws org.anp.transport.TransportException {@code INVALID_MESSAGE} naming the member
   */
  public static RouterEntry fromJson(JsonNode tree, String path) {
    if (!(tree instanceof ObjectNode source)) {
      throw FrameFields.invalid(path, "not an object");
    }
    ObjectNode json = source.deepCopy();
    String router = FrameFields.text(json, "router", path + ".router");
    try {
      Did.parse(router);
    } catch (IdentityException e) {
      throw FrameFields.invalid(path + ".router", "not a DID");
    }
    String nonce = FrameFields.text(json, "nonce", path + ".nonce");
    if (nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH) {
      throw FrameFields.invalid(path + ".nonce", "length must be 1.." + MAX_NONCE_LENGTH);
    }
    ObjectNode p = FrameFields.object(json, "proof", path + ".proof");
    RouterProof proof =
        new RouterProof(
            FrameFields.text(p, "type", path + ".proof.type"),
            FrameFields.instant(p, "created", path + ".proof.created"),
            FrameFields.optionalText(p, "proofPurpose", path + ".proof.proofPurpose"),
            FrameFields.text(p, "verificationMethod", path + ".proof.verificationMethod"),
            FrameFields.text(p, "proofValue", path + ".proof.proofValue"));
    return new RouterEntry(json, router, nonce, proof);
  }

  static RouterEntry signed(ObjectNode json) {
    return fromJson(json, "router");
  }

  /** The router DID this entry binds to the connection. */
  public String router() {
    return router;
  }

  /** The single-use nonce. */
  public String nonce() {
    return nonce;
  }

  /** The proof. */
  public RouterProof proof() {
    return proof;
  }

  /**
   * The bytes the proof signs: this entry without {@code proof.proofValue}, as Python
   * sorted-compact JSON (spec/e2e-transport.md section 3 and 10.3).
   */
  public byte[] signingInput() {
    return signingInput(json);
  }

  static byte[] signingInput(ObjectNode entry) {
    ObjectNode copy = entry.deepCopy();
    if (copy.get("proof") instanceof ObjectNode p) {
      p.remove("proofValue");
    }
    return PyCompactSortedJson.bytes(copy);
  }

  /** A copy of the entry's JSON. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  ObjectNode tree() {
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RouterEntry other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "RouterEntry[" + router + "]";
  }
}
