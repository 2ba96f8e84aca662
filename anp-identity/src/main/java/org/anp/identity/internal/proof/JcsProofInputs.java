package org.anp.identity.internal.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.anp.identity.json.Jcs;

/**
 * The bytes a JCS Data Integrity proof signs, {@code SHA-256(JCS(proof configuration)) ||
 * SHA-256(JCS(unsecured document))}, in the two forms in use: ANP 1.2 (W3C {@code eddsa-jcs-2022}),
 * where the proof configuration carries the document's {@code @context}, and the earlier reference
 * SDK form, where it does not. Stateless.
 */
public final class JcsProofInputs {
  private JcsProofInputs() {}

  /** {@code SHA-256(JCS(proofConfig)) || SHA-256(JCS(unsecured))}. */
  public static byte[] hashData(JsonNode proofConfig, JsonNode unsecured) {
    byte[] out = new byte[64];
    System.arraycopy(sha256(Jcs.canonicalBytes(proofConfig)), 0, out, 0, 32);
    System.arraycopy(sha256(Jcs.canonicalBytes(unsecured)), 0, out, 32, 32);
    return out;
  }

  /**
   * The 1.2 proof configuration: {@code proofOptions} (the proof without {@code proofValue}) with
   * the document's {@code @context} added when the document has one and the options do not.
   */
  public static ObjectNode v12Config(ObjectNode proofOptions, JsonNode unsecured) {
    ObjectNode config = proofOptions.deepCopy();
    JsonNode context = unsecured.get("@context");
    if (context != null && !config.has("@context")) {
      config.set("@context", context.deepCopy());
    }
    return config;
  }

  /**
   * The inputs a verifier tries, 1.2 form first: with the document's {@code @context} in the
   * proof configuration, then (if different) the options exactly as received.
   */
  public static List<byte[]> candidates(ObjectNode proofOptions, JsonNode unsecured) {
    List<byte[]> out = new ArrayList<>(2);
    ObjectNode v12 = v12Config(proofOptions, unsecured);
    out.add(hashData(v12, unsecured));
    if (!v12.equals(proofOptions)) {
      out.add(hashData(proofOptions, unsecured));
    }
    return out;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
