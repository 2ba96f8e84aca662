package org.anp.cli.conformance;

import static org.anp.cli.conformance.CaseChecks.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.json.Jcs;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.proof.DocumentProofs;
import org.anp.identity.wba.DidWba;
import org.anp.identity.wba.DidWbaDocumentVerifier;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.identity.wba.DidWbaProfile;

/**
 * The {@code did-wba/did-documents.json} format: {@code identities[]} (DID, document URL, document,
 * every private key in every encoding, the proof's signing input, key binding) and {@code
 * tampered_documents[]} (documents whose proof must fail). Every check is derived from the file's
 * own fields, so files with other identities run the same way.
 *
 * <p>Per identity the case groups are {@code <name>/document} (DID syntax, id, document URL,
 * expected verdict), {@code <name>/key-binding} (only for {@code e1_}/{@code k1_} DIDs or when the
 * file records a binding), {@code <name>/proof} (full did:wba verification),
 * {@code <name>/signing-input} and {@code <name>/keys/<fragment>}; each tampered document is one
 * case named by its {@code id}. Stateless and thread-safe.
 */
public final class DidDocumentsSuite implements ConformanceSuite {
  /** The suite name, which other suites use to find their DID documents. */
  static final String NAME = "did-documents";


  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return root != null
        && root.isObject()
        && root.path("identities").isArray()
        && root.path("tampered_documents").isArray();
  }

  @Override
  public String emitFileName() {
    return "did-documents.json";
  }

  @Override
  public Optional<String> malformation(JsonNode root) {
    return FileShape.problem(root, f -> f
        .eachObject("identities", i -> i
            .object("did_document", d -> d.optionalObject("proof", p -> { }))
            .optionalObject("proof", p -> p.optionalObject("signing_input", s -> { }))
            .optionalObjectOfObjects("keys", k -> k.optionalObject("private_key_jwk", j -> { })))
        .eachObject("tampered_documents", t -> t.object("did_document", d -> { }).object("expected", e -> { })));
  }

  @Override
  public List<CaseResult> run(JsonNode root) {
    List<CaseResult> results = new ArrayList<>();
    int index = 0;
    for (JsonNode identity : root.path("identities")) {
      String name = identity.path("name").asText("identities[" + index + "]");
      results.add(check(name + "/document", () -> checkDocument(identity)));
      if (identity.has("key_binding") || isBound(identity.path("did").asText(""))) {
        results.add(check(name + "/key-binding", () -> checkBinding(identity)));
      }
      results.add(check(name + "/proof", () -> checkProof(identity)));
      results.add(check(name + "/signing-input", () -> checkSigningInput(identity)));
      for (Map.Entry<String, JsonNode> key : identity.path("keys").properties()) {
        results.add(
            check(
                name + "/keys/" + key.getKey(),
                () -> checkKey(identity, key.getKey(), key.getValue())));
      }
      index++;
    }
    index = 0;
    for (JsonNode tampered : root.path("tampered_documents")) {
      String id = tampered.path("id").asText("tampered_documents[" + index + "]");
      results.add(check(id, () -> checkTampered(tampered)));
      index++;
    }
    return results;
  }

  private static void checkDocument(JsonNode identity) {
    DidDocument document = DidDocument.fromJson(identity.path("did_document"));
    String did = text(identity, "did");
    DidWba wba = DidWba.parse(did);
    expectEqual("did (normalized)", did, wba.toString());
    expectEqual("did_document.id", did, document.id().toString());
    expectEqual("did_document_url", text(identity, "did_document_url"), wba.documentUrl().toString());
    expectEqual("expected", "valid", text(identity, "expected"));
    String fragment = identity.path("authentication_key_fragment").asText("");
    if (!fragment.isEmpty()
        && document
            .method(org.anp.identity.did.VerificationRelationship.AUTHENTICATION, fragment)
            .isEmpty()) {
      throw new IllegalStateException(
          "authentication_key_fragment " + fragment + " is not listed in authentication");
    }
  }

  private static void checkBinding(JsonNode identity) {
    DidDocument document = DidDocument.fromJson(identity.path("did_document"));
    DidWba wba = DidWba.parse(text(identity, "did"));
    Optional<VerificationMethod> bound = DidWbaDocumentVerifier.checkBinding(document, wba);
    if (bound.isEmpty()) {
      throw new IllegalStateException("the file records a key binding, but the DID has none");
    }
    JsonNode binding = identity.path("key_binding");
    if (binding.isMissingNode()) {
      return;
    }
    String segment = wba.lastSegment().orElseThrow();
    expectEqual("key_binding.segment", text(binding, "segment"), segment);
    JsonNode thumbprint = binding.path("thumbprint");
    ObjectNode members = thumbprintMembers(bound.get().publicKey());
    expectEqual(
        "key_binding.thumbprint.rfc7638_input",
        text(thumbprint, "rfc7638_input"),
        Jcs.canonicalize(members));
    expectEqual(
        "key_binding.thumbprint.sha256_b64url",
        text(thumbprint, "sha256_b64url"),
        bound.get().publicKey().jwkThumbprint());
    if (!segment.endsWith("_" + bound.get().publicKey().jwkThumbprint())) {
      throw new IllegalStateException("segment does not end in the thumbprint");
    }
  }

  private static void checkProof(JsonNode identity) {
    DidDocument document = DidDocument.fromJson(identity.path("did_document"));
    DidWbaDocumentVerifier.verify(document, Did.parse(text(identity, "did")));
    DocumentProofs.verify(document);
    JsonNode recorded = identity.path("proof");
    JsonNode proof = identity.path("did_document").path("proof");
    expectEqual("proof.type", text(recorded, "type"), text(proof, "type"));
    expectEqual(
        "proof.cryptosuite",
        recorded.path("cryptosuite").asText(""),
        proof.path("cryptosuite").asText(""));
  }

  private static void checkSigningInput(JsonNode identity) {
    JsonNode input = identity.path("proof").path("signing_input");
    ObjectNode document = (ObjectNode) identity.path("did_document").deepCopy();
    ObjectNode options = (ObjectNode) document.remove("proof");
    if (options == null) {
      throw new IllegalStateException("did_document.proof: missing");
    }
    options.remove("proofValue");
    String optionsJcs = Jcs.canonicalize(options);
    expectEqual("signing_input.proof_options_jcs", text(input, "proof_options_jcs"), optionsJcs);
    byte[] optionsHash = sha256(Jcs.canonicalBytes(options));
    byte[] documentHash = sha256(Jcs.canonicalBytes(document));
    expectEqual(
        "signing_input.proof_options_jcs_sha256_hex",
        text(input, "proof_options_jcs_sha256_hex"),
        Hex.encode(optionsHash));
    expectEqual(
        "signing_input.document_without_proof_jcs_sha256_hex",
        text(input, "document_without_proof_jcs_sha256_hex"),
        Hex.encode(documentHash));
    byte[] both = Arrays.copyOf(optionsHash, 64);
    System.arraycopy(documentHash, 0, both, 32, 32);
    expectEqual("signing_input.to_be_signed_hex", text(input, "to_be_signed_hex"), Hex.encode(both));
    expectEqual(
        "to_be_signed (library)",
        Hex.encode(both),
        Hex.encode(DocumentProofs.signingInput(options, document)));
  }

  private static void checkKey(JsonNode identity, String fragment, JsonNode key) throws Exception {
    KeyType type = KeyType.fromJwkCurve(text(key, "key_type"));
    PrivateKeyMaterial fromHex = PrivateKeyMaterial.fromRaw(type, Hex.decode(text(key, "private_key_hex")));
    PublicKeyMaterial expected = fromHex.publicKey();
    PrivateKeyMaterial fromPem = PrivateKeyMaterial.fromPkcs8Pem(text(key, "private_key_pem"));
    expectKey("private_key_pem", expected, fromPem.publicKey());
    PrivateKeyMaterial fromJwk = PrivateKeyMaterial.fromJwk(key.path("private_key_jwk"));
    expectKey("private_key_jwk", expected, fromJwk.publicKey());
    expectKey("public_key_pem", expected, PublicKeyMaterial.fromSpkiPem(text(key, "public_key_pem")));
    expectKey("public_key_jwk", expected, PublicKeyMaterial.fromJwk(key.path("public_key_jwk")));
    if (!expected.toJwk().equals(stripKid(key.path("public_key_jwk")))) {
      throw new IllegalStateException("public_key_jwk: differs from the library's JWK");
    }
    if (key.has("public_key_hex")) {
      expectEqual("public_key_hex", text(key, "public_key_hex"), Hex.encode(expected.raw()));
    }
    if (key.has("public_key_uncompressed_hex")) {
      expectEqual(
          "public_key_uncompressed_hex",
          text(key, "public_key_uncompressed_hex"),
          Hex.encode(expected.raw()));
    }
    if (key.has("public_key_compressed_hex")) {
      expectEqual(
          "public_key_compressed_hex",
          text(key, "public_key_compressed_hex"),
          Hex.encode(expected.compressed()));
    }
    DidDocument document = DidDocument.fromJson(identity.path("did_document"));
    VerificationMethod method =
        document
            .verificationMethod(fragment)
            .orElseThrow(
                () -> new IllegalStateException("did_document: no verification method #" + fragment));
    expectKey("did_document verification method #" + fragment, expected, method.publicKey());
    fromHex.destroy();
    fromPem.destroy();
    fromJwk.destroy();
  }

  private static void checkTampered(JsonNode tampered) {
    DidDocument document = DidDocument.fromJson(tampered.path("did_document"));
    JsonNode expected = tampered.path("expected");
    boolean proofValid = succeeds(() -> DocumentProofs.verify(document));
    expectEqual("expected.proof", text(expected, "proof"), proofValid ? "valid" : "invalid");
    String binding = expected.path("binding_check_with_verify_proof").asText("");
    if (binding.isEmpty()) {
      return;
    }
    DidWba wba = DidWba.parse(document.id());
    boolean bound = isBound(wba.toString());
    boolean bindingValid =
        bound
            ? succeeds(() -> DidWbaDocumentVerifier.verify(document, document.id()))
            : succeeds(() -> DidWbaDocumentVerifier.checkBinding(document, wba));
    boolean expectedValid = !binding.startsWith("invalid");
    if (bindingValid != expectedValid) {
      throw new IllegalStateException(
          "expected.binding_check_with_verify_proof: file says "
              + binding
              + ", found "
              + (bindingValid ? "valid" : "invalid"));
    }
  }

  private static boolean succeeds(Runnable action) {
    try {
      action.run();
      return true;
    } catch (IdentityException e) {
      return false;
    }
  }

  private static boolean isBound(String did) {
    try {
      return DidWba.parse(did).lastSegment().flatMap(DidWbaProfile::boundBy).isPresent();
    } catch (IdentityException e) {
      return false;
    }
  }

  private static ObjectNode thumbprintMembers(PublicKeyMaterial key) {
    ObjectNode jwk = key.toJwk();
    ObjectNode members = JsonNodeFactory.instance.objectNode();
    for (String field : key.type().isEc() ? List.of("crv", "kty", "x", "y") : List.of("crv", "kty", "x")) {
      members.set(field, jwk.get(field));
    }
    return members;
  }

  private static JsonNode stripKid(JsonNode jwk) {
    if (!jwk.isObject()) {
      return jwk;
    }
    ObjectNode copy = ((ObjectNode) jwk).deepCopy();
    copy.remove("kid");
    return copy;
  }

  private static void expectKey(String field, PublicKeyMaterial expected, PublicKeyMaterial actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException(field + ": a different public key than private_key_hex");
    }
  }

  private static void expectEqual(String field, String expected, String actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException(field + ": expected " + expected + ", found " + actual);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new IllegalStateException(field + ": missing or not a string");
    }
    return value.textValue();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  // ---- emit ----

  /** One identity layout of the emitted file. */
  private record Spec(String name, KeyType keyType, Optional<DidWbaProfile> profile, boolean withPath, boolean e2ee) {}

  private static final List<Spec> SPECS =
      List.of(
          new Spec("e1-root", KeyType.ED25519, Optional.of(DidWbaProfile.E1), false, true),
          new Spec("e1-port-path", KeyType.ED25519, Optional.of(DidWbaProfile.E1), true, true),
          new Spec("k1-root", KeyType.SECP256K1, Optional.of(DidWbaProfile.K1), false, true),
          new Spec("k1-port-path", KeyType.SECP256K1, Optional.of(DidWbaProfile.K1), true, true),
          new Spec("legacy-root", KeyType.SECP256K1, Optional.of(DidWbaProfile.PLAIN_LEGACY), false, true),
          new Spec("legacy-port-path", KeyType.SECP256K1, Optional.of(DidWbaProfile.PLAIN_LEGACY), true, false),
          new Spec("p256-root", KeyType.SECP256R1, Optional.empty(), false, true),
          new Spec("p256-port-path", KeyType.SECP256R1, Optional.empty(), true, true));

  @Override
  public JsonNode emit(SecureRandom random, Clock clock) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ObjectNode meta = root.putObject("meta");
    meta.put("generated_at", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    meta.put("generator", "anp-java DidDocumentsSuite");
    ArrayNode identities = root.putArray("identities");
    ArrayNode tamperedList = root.putArray("tampered_documents");
    for (Spec spec : SPECS) {
      DidWbaIdentity.Builder builder =
          DidWbaIdentity.builder()
              .host(spec.name() + ".example.com")
              .keyType(spec.keyType())
              .e2eeKeys(spec.e2ee())
              .agentDescriptionUrl("https://" + spec.name() + ".example.com/ad.json")
              .clock(clock)
              .random(random);
      spec.profile().ifPresent(builder::profile);
      if (spec.withPath()) {
        builder.port(8443).path(List.of("user", "alice"));
      }
      DidWbaIdentity identity = builder.build();
      ObjectNode entry = identities.addObject();
      entry.put("name", spec.name());
      entry.put("description", "emitted by anp-java: " + spec);
      String did = identity.did().toString();
      entry.put("did", did);
      entry.put("did_document_url", identity.didWba().documentUrl().toString());
      ObjectNode document = identity.document().json();
      entry.set("did_document", document);
      ObjectNode keys = entry.putObject("keys");
      for (Map.Entry<String, PrivateKeyMaterial> key : identity.privateKeys().entrySet()) {
        keys.set(key.getKey(), keyEntry(key.getValue()));
      }
      entry.put("authentication_key_fragment", "key-1");
      ObjectNode proof = entry.putObject("proof");
      JsonNode docProof = document.path("proof");
      proof.put("type", docProof.path("type").asText());
      if (docProof.has("cryptosuite")) {
        proof.put("cryptosuite", docProof.path("cryptosuite").asText());
      } else {
        proof.putNull("cryptosuite");
      }
      ObjectNode options = ((ObjectNode) docProof).deepCopy();
      options.remove("proofValue");
      ObjectNode withoutProof = document.deepCopy();
      withoutProof.remove("proof");
      byte[] optionsHash = sha256(Jcs.canonicalBytes(options));
      byte[] documentHash = sha256(Jcs.canonicalBytes(withoutProof));
      ObjectNode input = proof.putObject("signing_input");
      input.put("proof_options_jcs", Jcs.canonicalize(options));
      input.put("proof_options_jcs_sha256_hex", Hex.encode(optionsHash));
      input.put("document_without_proof_jcs_sha256_hex", Hex.encode(documentHash));
      input.put("to_be_signed_hex", Hex.encode(optionsHash) + Hex.encode(documentHash));
      entry.put("expected", "valid");
      boolean bound = isBound(did);
      if (bound) {
        PublicKeyMaterial signing = identity.privateKey("key-1").orElseThrow().publicKey();
        ObjectNode binding = entry.putObject("key_binding");
        binding.put("segment", identity.didWba().lastSegment().orElseThrow());
        ObjectNode thumbprint = binding.putObject("thumbprint");
        thumbprint.put("rfc7638_input", Jcs.canonicalize(thumbprintMembers(signing)));
        thumbprint.put("sha256_b64url", signing.jwkThumbprint());
      }
      for (String change : List.of("service-added-after-signing", "proof-value-bit-flip", "proof-created-changed")) {
        ObjectNode tampered = tamperedList.addObject();
        tampered.put("id", spec.name() + "/" + change);
        tampered.put("base_identity", spec.name());
        tampered.set("did_document", tamper(document, change, did));
        tampered.put("label", "expected-invalid");
        ObjectNode expected = tampered.putObject("expected");
        expected.put("proof", "invalid");
        expected.put("binding_check_with_verify_proof", bound ? "invalid" : "valid (not a key-bound DID)");
        tampered.put("reason", change + ": the proof does not cover the modified document");
      }
    }
    return root;
  }

  private static ObjectNode tamper(ObjectNode document, String change, String did) {
    ObjectNode copy = document.deepCopy();
    ObjectNode proof = (ObjectNode) copy.get("proof");
    switch (change) {
      case "service-added-after-signing" -> {
        ArrayNode services = copy.has("service") ? (ArrayNode) copy.get("service") : copy.putArray("service");
        ObjectNode evil = services.addObject();
        evil.put("id", did + "#evil");
        evil.put("type", "AgentDescription");
        evil.put("serviceEndpoint", "https://evil.example/ad.json");
        // keep "proof" last, as a signer would have written it
        copy.remove("proof");
        copy.set("proof", proof);
      }
      case "proof-value-bit-flip" -> {
        byte[] signature = Base64Codec.decodeUrl(proof.path("proofValue").asText());
        signature[signature.length / 2] ^= 0x01;
        proof.put("proofValue", Base64Codec.encodeUrl(signature));
      }
      case "proof-created-changed" -> proof.put("created", "2020-01-01T00:00:00Z");
      default -> throw new IllegalArgumentException(change);
    }
    return copy;
  }

  private static ObjectNode keyEntry(PrivateKeyMaterial key) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    PublicKeyMaterial pub = key.publicKey();
    entry.put("private_key_pem", key.toPkcs8PemInsecure());
    entry.put("public_key_pem", pub.toSpkiPem());
    entry.put("key_type", key.type().jwkCurve());
    entry.set("private_key_jwk", key.toJwkInsecure());
    entry.set("public_key_jwk", pub.toJwk());
    entry.put("private_key_hex", Hex.encode(key.exportInsecure()));
    if (key.type().isEc()) {
      entry.put("public_key_uncompressed_hex", Hex.encode(pub.raw()));
      entry.put("public_key_compressed_hex", Hex.encode(pub.compressed()));
    } else {
      entry.put("public_key_hex", Hex.encode(pub.raw()));
    }
    return entry;
  }
}
