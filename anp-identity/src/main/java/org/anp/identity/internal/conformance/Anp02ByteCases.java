package org.anp.identity.internal.conformance;

import static org.anp.identity.internal.conformance.Anp02Checks.check;
import static org.anp.identity.internal.conformance.Anp02Checks.flipBit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Base64Variant;
import org.anp.identity.internal.conformance.Anp02Checks.CaseFailure;
import org.anp.identity.internal.conformance.Anp02Checks.NotApplicable;
import org.anp.identity.json.Jcs;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * The cases of {@code byte-vectors.json}: request signatures over HTTP headers and JSON carriage
 * (verified by the 1.2 gate), P1 origin-proof signature bases, Data Integrity proofs of DID
 * documents and objects, and their tamper negatives. P5 AEAD vectors are not applicable.
 */
final class Anp02ByteCases {
  private final Anp02Fixtures fixtures;
  private final Anp02Library library;

  Anp02ByteCases(Anp02Fixtures fixtures, Anp02Library library) {
    this.fixtures = fixtures;
    this.library = library;
  }

  /** Checks one positive vector; throws {@link CaseFailure} or {@link NotApplicable}. */
  void positive(JsonNode v) {
    switch (v.path("kind").asText()) {
      case "request-signature" -> requestSignature(v, Mutation.NONE, null);
      case "data-integrity" -> dataIntegrity(v, Mutation.NONE, null);
      case "p5-aead" -> throw p5NotApplicable();
      default -> throw new CaseFailure("unknown kind " + v.path("kind"));
    }
  }

  /** Checks one negative vector: the mutated input must not verify. */
  void negative(JsonNode n) {
    JsonNode base = fixtures.positive(n.path("base_id").asText());
    Mutation m = Mutation.of(n.path("mutation").asText());
    switch (base.path("kind").asText()) {
      case "request-signature" -> requestSignature(base, m, n.path("replacement"));
      case "data-integrity" -> dataIntegrity(base, m, n);
      case "p5-aead" -> throw p5NotApplicable();
      default -> throw new CaseFailure("unknown kind " + base.path("kind"));
    }
  }

  private static NotApplicable p5NotApplicable() {
    return new NotApplicable("P5 (anp.direct.e2ee.v2) ChaCha20-Poly1305 message AEAD is an E2EE v2 check; "
        + "anp-identity has no P5 implementation to run it against");
  }

  enum Mutation {
    NONE, TARGET, SIGNATURE, CONTENT, OBJECT_PROPERTY, PROOF_PURPOSE;

    static Mutation of(String name) {
      return switch (name) {
        case "request-target" -> TARGET;
        case "signature-byte" -> SIGNATURE;
        case "request-content" -> CONTENT;
        case "object-property" -> OBJECT_PROPERTY;
        case "proof-purpose" -> PROOF_PURPOSE;
        default -> throw new NotApplicable("mutation " + name + " applies to P5 vectors only");
      };
    }
  }

  private void requestSignature(JsonNode v, Mutation m, JsonNode replacement) {
    switch (v.path("transport").asText()) {
      case "http-headers" -> httpVector(v, m, replacement);
      case "http-json-metadata" -> jsonVector(v, m, replacement);
      case "p1-origin" -> originVector(v, m, replacement);
      default -> throw new CaseFailure("unknown transport " + v.path("transport"));
    }
  }

  private void httpVector(JsonNode v, Mutation m, JsonNode replacement) {
    SignedRequestSpec spec = SignedRequestSpec.of(v);
    String base = library.signatureBase(spec.method(), URI.create(spec.target()), spec.contentDigest(),
        v.path("signature_input").textValue());
    if (m == Mutation.NONE) {
      check(base.equals(v.path("signature_base_utf8").textValue()), "signature base differs: " + base);
      check(spec.contentDigest().equals(Optional.of(v.path("content_digest").asText())) || spec.payload().isEmpty(),
          "content digest differs");
      check(Base64Codec.encode(org.anp.identity.codec.Base64Variant.STANDARD, spec.sign(library, fixtures))
          .equals(v.path("signature_b64").textValue()), "re-signing with the test key gives another signature");
    }
    String target = m == Mutation.TARGET ? replacement.textValue() : spec.target();
    String body = m == Mutation.CONTENT ? replacement.textValue() : spec.payload().orElse("");
    String signature = m == Mutation.SIGNATURE ? flipBit(v.path("signature").textValue()) : v.path("signature").textValue();
    Map<String, String> headers = new LinkedHashMap<>();
    if (v.path("content_digest").isTextual() && spec.payload().isPresent()) {
      headers.put("Content-Digest", v.path("content_digest").textValue());
    }
    headers.put("Signature-Input", v.path("signature_input").textValue());
    headers.put("Signature", signature);
    AuthRequest request = AuthRequest.of(spec.method(), URI.create(target), headers,
        body.getBytes(StandardCharsets.UTF_8));
    Anp02Library.Outcome outcome = new Anp02Env(fixtures, library, spec.fixture()).endpoint().http(request);
    expectIntegrity(m, outcome);
  }

  private void jsonVector(JsonNode v, Mutation m, JsonNode replacement) {
    ObjectNode envelope = v.path("envelope").deepCopy();
    String target = v.path("target_uri").textValue();
    if (m == Mutation.TARGET) {
      target = replacement.textValue();
    } else if (m == Mutation.SIGNATURE) {
      ObjectNode auth = (ObjectNode) envelope.get("auth");
      auth.put("signature", flipBit(auth.path("signature").textValue()));
    } else if (m == Mutation.CONTENT) {
      envelope.set("payload", StrictJson.parse(replacement.textValue(), 1 << 16));
    }
    AuthRequest request = AuthRequest.of(v.path("method").textValue(), URI.create(target),
        Map.of("Content-Type", "application/json"), Jcs.canonicalBytes(envelope));
    Anp02Library.Outcome outcome = new Anp02Env(fixtures, library, v.path("identity_fixture").textValue()).endpoint().json(request);
    expectIntegrity(m, outcome);
  }

  private void originVector(JsonNode v, Mutation m, JsonNode replacement) {
    byte[] sro = m == Mutation.CONTENT
        ? Jcs.canonicalBytes(StrictJson.parse(replacement.textValue(), 1 << 16))
        : Jcs.canonicalBytes(v.path("signed_request_object"));
    if (m == Mutation.NONE) {
      check(new String(sro, StandardCharsets.UTF_8).equals(v.path("payload_utf8").textValue()),
          "JCS of the signed request object differs");
    }
    String digest = "sha-256=:" + Base64.getEncoder().encodeToString(Anp02Fixtures.sha256(sro)) + ":";
    String target = m == Mutation.TARGET ? replacement.textValue() : v.path("target_uri").textValue();
    String base = library.signatureBase(v.path("method").textValue(), URI.create(target), Optional.of(digest),
        v.path("signature_input").textValue());
    if (m == Mutation.NONE) {
      check(base.equals(v.path("signature_base_utf8").textValue()), "signature base differs: " + base);
    }
    byte[] signature = Base64.getDecoder().decode(v.path("signature_b64").textValue());
    if (m == Mutation.SIGNATURE) {
      signature[5] ^= 0x01;
    }
    PublicKeyMaterial key = PublicKeyMaterial.fromJwk(v.path("public_key_jwk"));
    boolean valid = verifies(key, base.getBytes(StandardCharsets.UTF_8), signature);
    check(valid == (m == Mutation.NONE), m == Mutation.NONE ? "signature does not verify" : "tampered input verifies");
  }

  private static boolean verifies(PublicKeyMaterial key, byte[] message, byte[] signature) {
    try {
      key.verify(message, signature);
      return true;
    } catch (IdentityException e) {
      return false;
    }
  }

  private static void expectIntegrity(Mutation m, Anp02Library.Outcome outcome) {
    if (m == Mutation.NONE) {
      check(outcome.ok(), "rejected: " + outcome.error());
    } else {
      check(!outcome.ok(), "a request with a tampered " + m + " was accepted");
    }
  }

  private void dataIntegrity(JsonNode v, Mutation m, JsonNode negative) {
    ObjectNode object = v.path("object").deepCopy();
    if (m == Mutation.OBJECT_PROPERTY) {
      object.set(negative.path("property").asText(), negative.path("replacement"));
    } else if (m == Mutation.PROOF_PURPOSE) {
      ((ObjectNode) object.get("proof")).set("proofPurpose", negative.path("replacement"));
    }
    PublicKeyMaterial key = PublicKeyMaterial.fromJwk(v.path("public_key_jwk"));
    boolean valid;
    try {
      if (v.path("object_type").asText().equals("did-document")) {
        library.verifyDocumentProof(object);
      } else {
        library.verifyObjectProof(object, key);
      }
      valid = true;
    } catch (IdentityException e) {
      if (m == Mutation.NONE) {
        throw new CaseFailure("proof does not verify: " + e.getMessage());
      }
      valid = false;
    }
    check(valid == (m == Mutation.NONE), "a tampered object verifies");
    if (m == Mutation.NONE) {
      ObjectNode withoutProof = object.deepCopy();
      withoutProof.remove("proof");
      check(Jcs.canonicalize(withoutProof).equals(v.path("document_jcs").textValue()), "document JCS differs");
    }
  }

}
