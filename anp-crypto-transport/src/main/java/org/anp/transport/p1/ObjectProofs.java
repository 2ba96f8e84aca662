package org.anp.transport.p1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Multibase;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.proof.DocumentProofs;

/**
 * Object proofs of P1 Appendix B: a {@code proof} member with {@code type DataIntegrityProof},
 * {@code cryptosuite eddsa-jcs-2022}, {@code proofPurpose assertionMethod}, a full DID URL as
 * {@code verificationMethod}, an RFC 3339 {@code created} and a base58-btc multibase {@code z…}
 * {@code proofValue}, over the whole object without its top-level {@code proof}.
 *
 * <p>The bytes signed follow the W3C {@code eddsa-jcs-2022} suite: {@code
 * SHA-256(JCS(proof configuration)) || SHA-256(JCS(object without proof))}, where the proof
 * configuration is the proof without {@code proofValue}, plus the object's {@code @context} when it
 * has one. Only Ed25519 keys sign under this suite.
 *
 * <p>Security: {@link #verify} checks the shape, that the verification method belongs to the issuer
 * DID the object's profile names, that the issuer's document authorizes it through {@code
 * assertionMethod}, and the signature. The object's own business checks remain the caller's (B.6).
 * Stateless and thread-safe.
 */
public final class ObjectProofs {
  /** {@code proof.type}. */
  public static final String TYPE = "DataIntegrityProof";
  /** {@code proof.cryptosuite}. */
  public static final String CRYPTOSUITE = "eddsa-jcs-2022";
  /** {@code proof.proofPurpose}. */
  public static final String PURPOSE = "assertionMethod";

  private static final Set<String> REQUIRED =
      Set.of("type", "cryptosuite", "verificationMethod", "proofPurpose", "created", "proofValue");

  private ObjectProofs() {}

  /**
   * Signs {@code object} and returns a copy with {@code proof} added.
   *
   * @throws IllegalArgumentException if the object already has a proof or the key is not Ed25519
   */
  public static ObjectNode sign(ObjectNode object, PrivateKeyMaterial key, String verificationMethod, Instant created) {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(verificationMethod, "verificationMethod");
    if (object.has("proof")) {
      throw new IllegalArgumentException("object already has a proof");
    }
    if (key.type() != KeyType.ED25519) {
      throw new IllegalArgumentException(CRYPTOSUITE + " signs with Ed25519 keys only");
    }
    ObjectNode proof = object.objectNode();
    proof.put("type", TYPE);
    proof.put("cryptosuite", CRYPTOSUITE);
    proof.put("created", created.truncatedTo(ChronoUnit.SECONDS).toString());
    proof.put("verificationMethod", verificationMethod);
    proof.put("proofPurpose", PURPOSE);
    byte[] signature = key.sign(hashData(proof, object));
    proof.put("proofValue", Multibase.encodeBase58Btc(signature));
    ObjectNode out = object.deepCopy();
    out.set("proof", proof);
    return out;
  }

  /**
   * The 64 bytes signed for {@code objectWithProof}: its proof configuration (the proof without
   * {@code proofValue}, with the object's {@code @context} if any) and the object without proof.
   *
   * @throws IdentityException {@code INVALID_PROOF} if there is no proof object
   */
  public static byte[] hashData(ObjectNode objectWithProof) {
    JsonNode proof = objectWithProof.get("proof");
    if (proof == null || !proof.isObject()) {
      throw invalid("proof: missing or not an object");
    }
    ObjectNode config = ((ObjectNode) proof).deepCopy();
    config.remove("proofValue");
    ObjectNode unsigned = objectWithProof.deepCopy();
    unsigned.remove("proof");
    return hashData(config, unsigned);
  }

  private static byte[] hashData(ObjectNode proofWithoutValue, ObjectNode objectWithoutProof) {
    ObjectNode config = proofWithoutValue.deepCopy();
    JsonNode context = objectWithoutProof.get("@context");
    if (context != null) {
      config.set("@context", context.deepCopy());
    }
    return DocumentProofs.signingInput(config, objectWithoutProof);
  }

  /**
   * Verifies the proof of {@code object}, issued by {@code issuerDid}.
   *
   * @param issuerDocument the issuer's DID document, already resolved and validated under its
   *     method
   * @return the verification method that signed
   * @throws IdentityException {@code INVALID_PROOF} naming the failed check
   */
  public static VerificationMethod verify(ObjectNode object, String issuerDid, DidDocument issuerDocument) {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(issuerDid, "issuerDid");
    JsonNode proofNode = object.get("proof");
    if (proofNode == null || !proofNode.isObject()) {
      throw invalid("proof: missing or not an object");
    }
    for (String field : REQUIRED) {
      JsonNode v = proofNode.get(field);
      if (v == null || !v.isTextual()) {
        throw invalid("proof." + field + ": missing or not a string");
      }
    }
    expect(proofNode, "type", TYPE);
    expect(proofNode, "cryptosuite", CRYPTOSUITE);
    expect(proofNode, "proofPurpose", PURPOSE);
    try {
      OffsetDateTime.parse(proofNode.get("created").textValue());
    } catch (DateTimeParseException e) {
      throw invalid("proof.created: not an RFC 3339 date-time");
    }
    String vm = proofNode.get("verificationMethod").textValue();
    if (!vm.startsWith(issuerDid + "#") || vm.length() == issuerDid.length() + 1) {
      throw invalid("proof.verificationMethod: not a DID URL of the issuer " + issuerDid);
    }
    if (!issuerDocument.id().toString().equals(issuerDid)) {
      throw invalid("the document is not the issuer's");
    }
    String proofValue = proofNode.get("proofValue").textValue();
    if (proofValue.isEmpty() || proofValue.charAt(0) != Multibase.BASE58_BTC) {
      throw invalid("proof.proofValue: not base58-btc multibase (z...)");
    }
    byte[] signature = Multibase.decodeBase58Btc(proofValue);
    VerificationMethod method =
        issuerDocument
            .method(VerificationRelationship.ASSERTION_METHOD, vm)
            .orElseThrow(() -> invalid("proof.verificationMethod: not authorized by assertionMethod"));
    PublicKeyMaterial key = method.publicKey();
    if (key.type() != KeyType.ED25519) {
      throw invalid("proof.verificationMethod: " + CRYPTOSUITE + " needs an Ed25519 key");
    }
    try {
      key.verify(hashData(object), signature);
    } catch (IdentityException e) {
      throw invalid("proof.proofValue: signature does not verify");
    }
    return method;
  }

  /**
   * Verifies the signature of {@code object}'s proof with {@code key} alone (shape and signature;
   * no DID document), for known-answer tests and for keys already bound by other means.
   *
   * @throws IdentityException {@code INVALID_PROOF}
   */
  public static void verifySignature(ObjectNode object, PublicKeyMaterial key) {
    JsonNode proofNode = object.get("proof");
    if (proofNode == null || !proofNode.isObject()) {
      throw invalid("proof: missing or not an object");
    }
    expect(proofNode, "type", TYPE);
    expect(proofNode, "cryptosuite", CRYPTOSUITE);
    expect(proofNode, "proofPurpose", PURPOSE);
    JsonNode value = proofNode.get("proofValue");
    if (value == null || !value.isTextual() || !value.textValue().startsWith("z")) {
      throw invalid("proof.proofValue: not base58-btc multibase (z...)");
    }
    try {
      key.verify(hashData(object), Multibase.decodeBase58Btc(value.textValue()));
    } catch (IdentityException e) {
      throw invalid("proof.proofValue: signature does not verify");
    }
  }

  private static void expect(JsonNode proof, String field, String value) {
    JsonNode v = proof.get(field);
    if (v == null || !value.equals(v.textValue())) {
      throw invalid("proof." + field + ": must be " + value);
    }
  }

  private static IdentityException invalid(String message) {
    return new IdentityException(IdentityError.INVALID_PROOF, message);
  }
}
