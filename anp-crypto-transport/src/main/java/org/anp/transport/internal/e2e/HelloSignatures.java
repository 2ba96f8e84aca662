package org.anp.transport.internal.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.json.PyCompactSortedJson;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;

/**
 * Hello signatures (spec/e2e-transport.md section 3): ECDSA P-256 with SHA-256 over the Python
 * sorted-compact JSON of the whole message minus {@code proof.proofValue}, P1363 r||s in base64url
 * without padding. Verification works on the received tree, so unknown fields and nulls count.
 */
public final class HelloSignatures {
  private HelloSignatures() {}

  /**
   * The exact bytes signed: the tree without {@code proof.proofValue}, PySorted, UTF-8. Only the
   * top level and the proof are copied (shallowly): the writer reads the rest where it is.
   */
  public static byte[] signingInput(JsonNode hello) {
    if (!(hello instanceof ObjectNode helloObject)) {
      return PyCompactSortedJson.bytes(hello);
    }
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    copy.setAll(helloObject);
    if (copy.get("proof") instanceof ObjectNode proof) {
      ObjectNode proofCopy = JsonNodeFactory.instance.objectNode();
      proofCopy.setAll(proof);
      proofCopy.remove("proofValue");
      copy.set("proof", proofCopy);
    }
    return PyCompactSortedJson.bytes(copy);
  }

  /** Signs {@code hello} (whose proof has no proofValue yet) and sets {@code proof.proofValue}. */
  public static void sign(ObjectNode hello, PrivateKeyMaterial key) {
    String value = Base64Codec.encodeUrl(key.sign(signingInput(hello)));
    ((ObjectNode) hello.get("proof")).put("proofValue", value);
  }

  /**
   * @throws TransportException {@code HELLO_SIGNATURE_INVALID} if the signature is malformed or
   *     does not verify
   */
  public static void verify(JsonNode hello, String proofValue, PublicKeyMaterial key) {
    byte[] signature;
    try {
      signature = Base64Codec.decodeUrl(proofValue);
    } catch (IdentityException e) {
      throw new TransportException(TransportError.HELLO_SIGNATURE_INVALID, "proof.proofValue: not base64url");
    }
    if (signature.length != 64) {
      throw new TransportException(
          TransportError.HELLO_SIGNATURE_INVALID, "proof.proofValue: " + signature.length + " bytes, expected 64");
    }
    try {
      key.verify(signingInput(hello), signature);
    } catch (IdentityException e) {
      throw new TransportException(TransportError.HELLO_SIGNATURE_INVALID, "proof.proofValue: signature does not verify");
    }
  }
}
