package org.anp.identity.didall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.anp.identity.internal.proof.ProofValues;
import org.anp.identity.json.PyCompactSortedJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * Verifies a did:all document (spec/identity.md 2.3) on its JSON as received:
 *
 * <ol>
 *   <li>{@code id} parses as a did:all DID (and equals the expected DID, if given);
 *   <li>{@code proof.verificationMethod} names a verification method of the document (in {@code
 *       verificationMethod} or embedded in {@code authentication}) whose id starts with the DID
 *       followed by {@code #}, which is listed in {@code authentication} and holds a P-256 {@code
 *       publicKeyHex} (130 hex characters, or the reference SDK's 132-character {@code 0404…}
 *       form);
 *   <li>the address re-derived from that key equals the DID's ({@code KEY_BINDING_MISMATCH});
 *   <li>ECDSA P-256 with SHA-256 over the Python-sorted compact JSON of the whole document with
 *       {@code proof.proofValue} removed verifies ({@code INVALID_PROOF}).
 * </ol>
 *
 * <p>Stateless and thread-safe.
 */
public final class DidAllDocumentVerifier {
  private DidAllDocumentVerifier() {}

  /**
   * Verifies {@code document}.
   *
   * @throws IdentityException {@code INVALID_DOCUMENT}, {@code INVALID_DID}, {@code
   *     KEY_BINDING_MISMATCH} or {@code INVALID_PROOF}, naming the failed field
   */
  public static VerifiedDidAllDocument verify(JsonNode document) {
    Objects.requireNonNull(document, "document");
    if (!document.isObject()) {
      throw new IdentityException(IdentityError.INVALID_DOCUMENT, "document: expected an object");
    }
    ObjectNode doc = (ObjectNode) document;
    DidAll did = DidAll.parse(text(doc, "id", IdentityError.INVALID_DOCUMENT, "id"));
    JsonNode proofNode = doc.get("proof");
    if (proofNode == null || !proofNode.isObject()) {
      throw new IdentityException(IdentityError.INVALID_PROOF, "proof: missing or not an object");
    }
    ObjectNode proof = (ObjectNode) proofNode;
    String vmId =
        text(proof, "verificationMethod", IdentityError.INVALID_PROOF, "proof.verificationMethod");
    String proofValue = text(proof, "proofValue", IdentityError.INVALID_PROOF, "proof.proofValue");
    if (!vmId.startsWith(did + "#")) {
      throw new IdentityException(
          IdentityError.INVALID_PROOF,
          "proof.verificationMethod: " + vmId + " does not belong to " + did);
    }
    JsonNode vm = findMethod(doc.get("verificationMethod"), vmId);
    if (vm == null) {
      vm = findMethod(doc.get("authentication"), vmId);
    }
    if (vm == null) {
      throw new IdentityException(
          IdentityError.INVALID_PROOF,
          "proof.verificationMethod: " + vmId + " is not in the document");
    }
    if (!listedIn(doc.get("authentication"), vmId)) {
      throw new IdentityException(
          IdentityError.INVALID_VERIFICATION_METHOD,
          "authentication: does not list " + vmId);
    }
    PublicKeyMaterial key = PublicKeyMaterial.fromRaw(KeyType.SECP256R1, publicKeyHex(vm));
    if (!did.matches(key)) {
      throw new IdentityException(
          IdentityError.KEY_BINDING_MISMATCH,
          "id: address " + did.id() + " is not derived from the key of " + vmId);
    }
    ObjectNode unsigned = doc.deepCopy();
    ((ObjectNode) unsigned.get("proof")).remove("proofValue");
    byte[] message = PyCompactSortedJson.bytes(unsigned);
    IdentityException last = null;
    for (byte[] signature : ProofValues.candidates(proofValue, "proof.proofValue")) {
      try {
        key.verify(message, signature);
        return new VerifiedDidAllDocument(did, key, vmId, doc);
      } catch (IdentityException e) {
        last = e;
      }
    }
    throw new IdentityException(
        IdentityError.INVALID_PROOF, "proof.proofValue: signature does not verify", last);
  }

  /**
   * Verifies {@code document} and that its {@code id} is {@code expected}.
   *
   * @throws IdentityException as {@link #verify(JsonNode)}, or {@code INVALID_DOCUMENT} for
   *     another id
   */
  public static VerifiedDidAllDocument verify(JsonNode document, DidAll expected) {
    VerifiedDidAllDocument verified = verify(document);
    if (!verified.did().equals(expected)) {
      throw new IdentityException(
          IdentityError.INVALID_DOCUMENT,
          "id: " + verified.did() + " does not equal the requested DID " + expected);
    }
    return verified;
  }

  /**
   * Decodes a did:all {@code publicKeyHex}: 130 hex characters {@code 04||X||Y}, or 132 starting
   * {@code 0404} (the reference SDK's doubled prefix).
   */
  static byte[] publicKeyHex(JsonNode vm) {
    JsonNode hex = vm.get("publicKeyHex");
    if (hex == null || !hex.isTextual()) {
      throw new IdentityException(
          IdentityError.INVALID_KEY, "verificationMethod.publicKeyHex: missing or not a string");
    }
    String text = hex.textValue();
    if (text.length() == 132 && text.startsWith("0404")) {
      text = text.substring(2);
    }
    if (text.length() != 130 || !text.startsWith("04")) {
      throw new IdentityException(
          IdentityError.INVALID_KEY,
          "verificationMethod.publicKeyHex: expected 130 hex characters starting 04");
    }
    return Hex.decode(text);
  }

  private static JsonNode findMethod(JsonNode list, String id) {
    if (list == null || !list.isArray()) {
      return null;
    }
    for (JsonNode entry : list) {
      if (entry.isObject() && id.equals(entry.path("id").asText(null))) {
        return entry;
      }
    }
    return null;
  }

  private static boolean listedIn(JsonNode list, String id) {
    if (list == null || !list.isArray()) {
      return false;
    }
    for (JsonNode entry : list) {
      if ((entry.isTextual() && id.equals(entry.textValue()))
          || (entry.isObject() && id.equals(entry.path("id").asText(null)))) {
        return true;
      }
    }
    return false;
  }

  private static String text(ObjectNode node, String field, IdentityError code, String name) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IdentityException(code, name + ": missing or not a string");
    }
    return value.textValue();
  }
}
