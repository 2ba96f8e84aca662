package org.anp.identity.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Multibase;
import org.anp.identity.internal.proof.JcsProofInputs;
import org.anp.identity.internal.proof.ProofValues;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * {@code DataIntegrityProof} proofs as ANP 1.2 writes them (ANP-03 documents, P1 Appendix B
 * object proofs, P4 receipts, P5 bundles): the proof configuration that is hashed is the proof
 * without {@code proofValue} plus the secured object's {@code @context} (when it has one), the
 * signed bytes are {@code SHA-256(JCS(configuration)) || SHA-256(JCS(object without proof))}, and
 * {@code proofValue} is multibase base58btc ({@code z…}). The cryptosuite follows the key:
 * {@code eddsa-jcs-2022} for Ed25519, {@code ecdsa-jcs-2019} for P-256.
 *
 * <p>Verification also reads the earlier reference-SDK form (configuration without
 * {@code @context}, base64url value), as {@link DocumentProofs} does. Stateless and thread-safe.
 */
public final class DataIntegrityProofs {
  private DataIntegrityProofs() {}

  /**
   * Returns a copy of {@code unsecured} with a {@code proof} member added last.
   *
   * @param unsecured the object; must not contain {@code proof}
   * @param key the signing key (Ed25519 or P-256)
   * @param verificationMethodId the absolute DID URL of the key
   * @param proofPurpose e.g. {@code assertionMethod}
   * @param created the proof time, truncated to the second
   * @throws IllegalArgumentException if the object has a proof or the key type has no JCS suite
   */
  public static ObjectNode sign(
      ObjectNode unsecured,
      PrivateKeyMaterial key,
      String verificationMethodId,
      String proofPurpose,
      Instant created) {
    Objects.requireNonNull(unsecured, "unsecured");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(verificationMethodId, "verificationMethodId");
    Objects.requireNonNull(proofPurpose, "proofPurpose");
    Objects.requireNonNull(created, "created");
    if (unsecured.has("proof")) {
      throw new IllegalArgumentException("object already has a proof");
    }
    ProofSuite suite = ProofSuite.defaultFor(key.type());
    if (suite != ProofSuite.EDDSA_JCS_2022 && suite != ProofSuite.ECDSA_JCS_2019) {
      throw new IllegalArgumentException("no ANP 1.2 Data Integrity suite for " + key.type() + " keys");
    }
    ObjectNode options = unsecured.objectNode();
    options.put("type", ProofSuite.DATA_INTEGRITY_PROOF);
    options.put("cryptosuite", suite.cryptosuite().orElseThrow());
    options.put("created", created.truncatedTo(ChronoUnit.SECONDS).toString());
    options.put("verificationMethod", verificationMethodId);
    options.put("proofPurpose", proofPurpose);
    byte[] signature = key.sign(JcsProofInputs.hashData(JcsProofInputs.v12Config(options, unsecured), unsecured));
    ObjectNode signed = unsecured.deepCopy();
    ObjectNode proof = options.deepCopy();
    proof.put("proofValue", Multibase.encodeBase58Btc(signature));
    signed.set("proof", proof);
    return signed;
  }

  /**
   * Verifies the {@code proof} of {@code secured} with {@code key}.
   *
   * @param expectedPurpose the {@code proofPurpose} the proof must have
   * @return the proof's {@code verificationMethod}
   * @throws IdentityException {@code INVALID_PROOF} naming the failed check: missing or malformed
   *     proof member, another purpose, a suite that is not a JCS Data Integrity suite or does not
   *     allow the key's type, or a signature that does not verify
   */
  public static String verify(ObjectNode secured, PublicKeyMaterial key, String expectedPurpose) {
    Objects.requireNonNull(secured, "secured");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expectedPurpose, "expectedPurpose");
    JsonNode proofNode = secured.get("proof");
    if (proofNode == null || !proofNode.isObject()) {
      throw invalid("proof: missing or not an object");
    }
    ObjectNode proof = (ObjectNode) proofNode;
    if (!ProofSuite.DATA_INTEGRITY_PROOF.equals(text(proof, "type"))) {
      throw invalid("proof.type: expected " + ProofSuite.DATA_INTEGRITY_PROOF);
    }
    ProofSuite suite = ProofSuite.from(ProofSuite.DATA_INTEGRITY_PROOF, java.util.Optional.of(text(proof, "cryptosuite")));
    if (!suite.allows(key.type())) {
      throw invalid("proof.cryptosuite: " + suite + " does not allow " + key.type() + " keys");
    }
    String purpose = text(proof, "proofPurpose");
    if (!expectedPurpose.equals(purpose)) {
      throw invalid("proof.proofPurpose: expected " + expectedPurpose + ", got " + purpose);
    }
    String method = text(proof, "verificationMethod");
    text(proof, "created");
    String proofValue = text(proof, "proofValue");
    ObjectNode options = proof.deepCopy();
    options.remove("proofValue");
    ObjectNode unsecured = secured.deepCopy();
    unsecured.remove("proof");
    for (byte[] input : JcsProofInputs.candidates(options, unsecured)) {
      for (byte[] signature : ProofValues.candidates(proofValue, "proof.proofValue")) {
        try {
          key.verify(input, signature);
          return method;
        } catch (IdentityException e) {
          // try the next reading
        }
      }
    }
    throw invalid("proof.proofValue: signature does not verify with " + method);
  }

  private static String text(ObjectNode proof, String field) {
    JsonNode v = proof.get(field);
    if (v == null || !v.isTextual()) {
      throw invalid("proof." + field + ": missing or not a string");
    }
    return v.textValue();
  }

  private static IdentityException invalid(String message) {
    return new IdentityException(IdentityError.INVALID_PROOF, message);
  }
}
