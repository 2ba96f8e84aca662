package org.anp.identity.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.internal.proof.JcsProofInputs;
import org.anp.identity.internal.proof.ProofValues;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * Creates and verifies the {@code proof} of a did:wba DID document, the way the reference SDK
 * does for every {@link ProofSuite}:
 *
 * <pre>
 *   to_be_signed = SHA-256(JCS(proof options)) || SHA-256(JCS(document without "proof"))
 * </pre>
 *
 * where the proof options are the proof object without {@code proofValue}. Ed25519 signs the 64
 * bytes; ECDSA signs them with SHA-256 and the signature is written as base64url (no padding) of
 * the 64-byte P1363 {@code r||s}. On verification a multibase {@code z…} proof value decoding to 64
 * bytes is accepted too (spec/README.md #16), and so is the ANP 1.2 form of {@link
 * DataIntegrityProofs} (proof configuration with the document's {@code @context}), tried first.
 *
 * <p>Verification rules: the proof must name a verification method of this document that is
 * referenced from {@code assertionMethod} or {@code authentication} (the reference SDK's legacy
 * documents have no {@code assertionMethod}, and sign with their authentication key); {@code
 * proofPurpose} must be {@code assertionMethod}; the suite must allow the key type of the
 * verification method, and the algorithm follows that key, never the suite name. Everything is
 * computed over the JSON tree as received ({@link DidDocument#json()}), never a re-serialized
 * model.
 *
 * <p>Stateless and thread-safe.
 */
public final class DocumentProofs {
  /** The only proof purpose a document proof may have. */
  public static final String PROOF_PURPOSE = "assertionMethod";

  private DocumentProofs() {}

  /**
   * Signs a document and returns a copy of it with a {@code proof} member added last, with
   * {@code proofPurpose} {@value #PROOF_PURPOSE} and {@code created} truncated to the second.
   *
   * @param documentWithoutProof the document; must not contain {@code proof}
   * @param key the private key of the verification method {@code verificationMethodId}
   * @param verificationMethodId the absolute id of the verification method
   * @param suite the suite; must allow {@code key}'s type
   * @param created the proof's creation time
   * @throws IllegalArgumentException if the document already has a proof or the suite does not
   *     allow the key type
   */
  public static ObjectNode sign(
      ObjectNode documentWithoutProof,
      PrivateKeyMaterial key,
      String verificationMethodId,
      ProofSuite suite,
      Instant created) {
    Objects.requireNonNull(documentWithoutProof, "documentWithoutProof");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(verificationMethodId, "verificationMethodId");
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(created, "created");
    if (documentWithoutProof.has("proof")) {
      throw new IllegalArgumentException("document already has a proof");
    }
    if (!suite.allows(key.type())) {
      throw new IllegalArgumentException(suite + " does not allow " + key.type() + " keys");
    }
    ObjectNode options = documentWithoutProof.objectNode();
    options.put("type", suite.proofType());
    options.put("created", created.truncatedTo(ChronoUnit.SECONDS).toString());
    options.put("verificationMethod", verificationMethodId);
    options.put("proofPurpose", PROOF_PURPOSE);
    suite.cryptosuite().ifPresent(c -> options.put("cryptosuite", c));
    byte[] signature = key.sign(signingInput(options, documentWithoutProof));
    ObjectNode signed = documentWithoutProof.deepCopy();
    ObjectNode proof = options.deepCopy();
    proof.put("proofValue", Base64Codec.encodeUrl(signature));
    signed.set("proof", proof);
    return signed;
  }

  /**
   * The 64 bytes a document proof signs: {@code SHA-256(JCS(proofOptions)) ||
   * SHA-256(JCS(documentWithoutProof))}.
   */
  public static byte[] signingInput(JsonNode proofOptions, JsonNode documentWithoutProof) {
    return JcsProofInputs.hashData(proofOptions, documentWithoutProof);
  }

  /**
   * Verifies the proof of {@code document}.
   *
   * @return the verified proof
   * @throws IdentityException {@code INVALID_PROOF} naming why: missing or malformed proof field,
   *     unknown suite, verification method absent or not referenced from {@code assertionMethod}
   *     or {@code authentication}, its key not a valid key, suite not allowing the key type, or a
   *     signature that does not verify
   */
  public static VerifiedProof verify(DidDocument document) {
    Objects.requireNonNull(document, "document");
    ObjectNode json = document.json();
    JsonNode proofNode = json.get("proof");
    if (proofNode == null) {
      throw invalid("proof: missing");
    }
    if (!proofNode.isObject()) {
      throw invalid("proof: expected an object");
    }
    ObjectNode proof = (ObjectNode) proofNode;
    String type = requiredString(proof, "type");
    Optional<String> cryptosuite = optionalString(proof, "cryptosuite");
    ProofSuite suite = ProofSuite.from(type, cryptosuite);
    String vmId = requiredString(proof, "verificationMethod");
    String purpose = requiredString(proof, "proofPurpose");
    if (!PROOF_PURPOSE.equals(purpose)) {
      throw invalid("proof.proofPurpose: expected " + PROOF_PURPOSE + ", got " + purpose);
    }
    Instant created = parseCreated(requiredString(proof, "created"));
    String proofValue = requiredString(proof, "proofValue");

    VerificationMethod method =
        document
            .verificationMethod(vmId)
            .orElseThrow(
                () -> invalid("proof.verificationMethod: " + vmId + " is not in the document"));
    if (!method.id().startsWith(document.id() + "#")) {
      throw invalid("proof.verificationMethod: " + vmId + " does not belong to " + document.id());
    }
    if (document.method(VerificationRelationship.ASSERTION_METHOD, method.id()).isEmpty()
        && document.method(VerificationRelationship.AUTHENTICATION, method.id()).isEmpty()) {
      throw invalid(
          "proof.verificationMethod: "
              + vmId
              + " is referenced neither from assertionMethod nor from authentication");
    }
    PublicKeyMaterial key;
    try {
      key = method.publicKey();
    } catch (IdentityException e) {
      // The document decodes a key on its first use (decision 0007).
      throw new IdentityException(
          IdentityError.INVALID_PROOF, "proof.verificationMethod: the key of " + method.id() + " is invalid", e);
    }
    if (!suite.allows(key.type())) {
      throw invalid(
          "proof.type: suite "
              + suite
              + " does not allow the "
              + key.type()
              + " key of "
              + method.id());
    }

    ObjectNode options = proof.deepCopy();
    options.remove("proofValue");
    IdentityException last = null;
    for (byte[] input : JcsProofInputs.candidates(options, document.jsonWithoutProof())) {
      for (byte[] signature : ProofValues.candidates(proofValue, "proof.proofValue")) {
        try {
          key.verify(input, signature);
          return new VerifiedProof(suite, method, created, proof);
        } catch (IdentityException e) {
          last = e;
        }
      }
    }
    throw new IdentityException(
        IdentityError.INVALID_PROOF,
        "proof.proofValue: signature does not verify with " + method.id(),
        last);
  }

  private static Instant parseCreated(String created) {
    try {
      return OffsetDateTime.parse(created).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid("proof.created: not an ISO 8601 date-time: " + created);
    }
  }

  private static String requiredString(ObjectNode proof, String field) {
    JsonNode value = proof.get(field);
    if (value == null) {
      throw invalid("proof." + field + ": missing");
    }
    if (!value.isTextual()) {
      throw invalid("proof." + field + ": expected a string");
    }
    return value.textValue();
  }

  private static Optional<String> optionalString(ObjectNode proof, String field) {
    JsonNode value = proof.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw invalid("proof." + field + ": expected a string");
    }
    return Optional.of(value.textValue());
  }

  private static IdentityException invalid(String message) {
    return new IdentityException(IdentityError.INVALID_PROOF, message);
  }
}
