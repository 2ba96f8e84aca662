package org.anp.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.auth.SignatureBases;
import org.anp.identity.codec.Multibase;
import org.anp.identity.conformance.Anp02V12Conformance;
import org.anp.identity.conformance.Anp02V12Conformance.CaseOutcome;
import org.anp.identity.json.Jcs;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.proof.DataIntegrityProofs;

/**
 * The ANP-02 1.2 vector files (upstream {@code examples/did-authentication-vnext/}), one suite per
 * file: {@code anp02-v1.2-identities} ({@code identities.json}: each document resolves with its
 * method's evidence), {@code anp02-v1.2-bytes} ({@code byte-vectors.json}: every byte vector) and
 * {@code anp02-v1.2-scenarios} ({@code scenario-vectors.json}: the authentication, json-carriage,
 * token and method-evidence scenarios). The bytes and scenario files take the other files of the
 * set as companions. Cases run by {@link Anp02V12Conformance}; a case it counts as not applicable
 * is reported as such, with its reason.
 *
 * <p>{@code --emit anp02-v1.2 DIR} writes a coherent set of all three from this implementation:
 * the files must agree without sharing state, so, as upstream does, the keys are derived from
 * public labels ({@code SHA-256("ANP-JAVA-EMIT-TEST-ONLY:" + fixture + ":" + fragment)}) and the
 * time is the upstream fixed time. Stateless and thread-safe.
 */
public final class Anp02V12Suite implements ConformanceSuite {
  static final String FAMILY = "anp02-v1.2";
  private static final String LABEL = "ANP-JAVA-EMIT-TEST-ONLY:";
  private static final Instant FIXED = Instant.parse("2026-09-07T08:00:00Z");
  private static final String TARGET = "https://api.example/orders";
  private static final String PAYLOAD = "{\"action\":\"create\",\"orderId\":\"12345\"}";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Which file of the set a suite reads. */
  enum Kind {
    IDENTITIES("identities", "identities.json"),
    BYTES("bytes", "byte-vectors.json"),
    SCENARIOS("scenarios", "scenario-vectors.json");

    private final String suffix;
    private final String fileName;

    Kind(String suffix, String fileName) {
      this.suffix = suffix;
      this.fileName = fileName;
    }

    String suiteName() {
      return FAMILY + "-" + suffix;
    }
  }

  private final Kind kind;

  Anp02V12Suite(Kind kind) {
    this.kind = kind;
  }

  /** The {@code identities.json} suite. */
  static ConformanceSuite identities() {
    return new Anp02V12Suite(Kind.IDENTITIES);
  }

  /** The {@code byte-vectors.json} suite. */
  static ConformanceSuite bytes() {
    return new Anp02V12Suite(Kind.BYTES);
  }

  /** The {@code scenario-vectors.json} suite. */
  static ConformanceSuite scenarios() {
    return new Anp02V12Suite(Kind.SCENARIOS);
  }

  @Override
  public String name() {
    return kind.suiteName();
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return switch (kind) {
      case IDENTITIES -> Anp02V12Conformance.isIdentities(root);
      case BYTES -> Anp02V12Conformance.isByteVectors(root);
      case SCENARIOS -> Anp02V12Conformance.isScenarios(root);
    };
  }

  @Override
  public List<CaseResult> run(JsonNode root) {
    return run(root, Companions.NONE);
  }

  @Override
  public List<CaseResult> run(JsonNode root, Companions companions) {
    JsonNode identities = kind == Kind.IDENTITIES ? root : companion(companions, Kind.IDENTITIES);
    JsonNode bytes = kind == Kind.BYTES ? root : companion(companions, Kind.BYTES);
    JsonNode scenarios = kind == Kind.SCENARIOS ? root : companion(companions, Kind.SCENARIOS);
    Anp02V12Conformance conformance = Anp02V12Conformance.of(identities, bytes, scenarios);
    List<CaseOutcome> outcomes = switch (kind) {
      case IDENTITIES -> conformance.runIdentities();
      case BYTES -> conformance.runByteVectors();
      case SCENARIOS -> conformance.runScenarios();
    };
    List<CaseResult> results = new ArrayList<>();
    for (CaseOutcome o : outcomes) {
      String reason = o.reason();
      if (identities == null && o.verdict() == Anp02V12Conformance.Verdict.FAILED) {
        reason = "no identities.json beside this file; " + reason;
      }
      results.add(switch (o.verdict()) {
        case PASSED -> new CaseResult(o.id(), true, "");
        case NOT_APPLICABLE -> CaseResult.notApplicable(o.id(), o.reason());
        case FAILED -> new CaseResult(o.id(), false, reason.isBlank() ? "failed" : reason);
      });
    }
    return results;
  }

  private static JsonNode companion(Companions companions, Kind wanted) {
    return companions.find(wanted.suiteName()).orElse(null);
  }

  @Override
  public String emitFileName() {
    return kind.fileName;
  }

  @Override
  public JsonNode emit(SecureRandom random, Clock clock) {
    Emitter e = new Emitter();
    return switch (kind) {
      case IDENTITIES -> e.identities();
      case BYTES -> e.bytes();
      case SCENARIOS -> e.scenarios();
    };
  }

  /** Builds the three files from derived public test keys. */
  private static final class Emitter {
    private final Map<String, ObjectNode> documents = new LinkedHashMap<>();

    Emitter() {
      documents.put("api-wba", document("api-wba", true));
      documents.put("api-web", document("api-web", false));
      documents.put("service-web", document("service-web", false));
    }

    private static PrivateKeyMaterial key(String fixture, String fragment) {
      return PrivateKeyMaterial.fromRaw(KeyType.ED25519,
          sha256((LABEL + fixture + ":" + fragment).getBytes(StandardCharsets.UTF_8)));
    }

    private static String did(String fixture) {
      return switch (fixture) {
        case "api-wba" -> "did:wba:emit-wba.example:api:api-wba:e1_" + key(fixture, "root").publicKey().jwkThumbprint();
        case "api-web" -> "did:web:emit-web.example:api:api-web";
        default -> "did:web:emit-service.example";
      };
    }

    private static ObjectNode document(String fixture, boolean signed) {
      String did = did(fixture);
      ObjectNode doc = JSON.objectNode();
      ArrayNode ctx = doc.putArray("@context");
      List.of("https://www.w3.org/ns/did/v1", "https://w3id.org/security/data-integrity/v2",
          "https://w3id.org/security/multikey/v1", "https://w3id.org/security/suites/jws-2020/v1").forEach(ctx::add);
      doc.put("id", did);
      ArrayNode vms = doc.putArray("verificationMethod");
      for (String fragment : List.of("root", "auth-jwk", "assertion-only")) {
        ObjectNode vm = vms.addObject();
        vm.put("id", did + "#" + fragment);
        vm.put("type", fragment.equals("auth-jwk") ? "JsonWebKey2020" : "Multikey");
        vm.put("controller", did);
        if (fragment.equals("auth-jwk")) {
          vm.set("publicKeyJwk", key(fixture, fragment).publicKey().toJwk());
        } else {
          byte[] raw = key(fixture, fragment).publicKey().raw();
          byte[] prefixed = new byte[raw.length + 2];
          prefixed[0] = (byte) 0xed;
          prefixed[1] = 0x01;
          System.arraycopy(raw, 0, prefixed, 2, raw.length);
          vm.put("publicKeyMultibase", Multibase.encodeBase58Btc(prefixed));
        }
      }
      doc.putArray("authentication").add(did + "#root").add(did + "#auth-jwk");
      doc.putArray("assertionMethod").add(did + "#root").add(did + "#assertion-only");
      return signed
          ? DataIntegrityProofs.sign(doc, key(fixture, "root"), did + "#root", "assertionMethod", FIXED)
          : doc;
    }

    JsonNode identities() {
      ObjectNode root = header("anp-java-emitted-public-test-fixtures");
      root.put("test_key_derivation", "SHA-256(\"" + LABEL + "\" + key label); public test keys only");
      ObjectNode ids = root.putObject("identities");
      documents.forEach((fixture, doc) -> {
        ObjectNode id = ids.putObject(fixture);
        id.put("did", did(fixture));
        id.put("method", fixture.endsWith("wba") ? "wba" : "web");
        id.put("kind", fixture.startsWith("api") ? "api" : "service");
        id.put("root_kid", did(fixture) + "#root");
        id.put("additional_authentication_kid", did(fixture) + "#auth-jwk");
        id.set("document", doc);
      });
      return root;
    }

    JsonNode bytes() {
      ObjectNode root = header("anp-java-emitted-byte-vectors");
      ArrayNode positives = root.putArray("positives");
      ArrayNode negatives = root.putArray("negatives");
      for (String m : List.of("wba", "web")) {
        String fixture = "api-" + m;
        addRequest(positives, negatives, "HTTP-" + m + "-POST", fixture, "POST", TARGET, PAYLOAD, "root", true);
        addRequest(positives, negatives, "HTTP-" + m + "-GET", fixture, "GET", TARGET + "?id=12345", null, "root", true);
        addRequest(positives, negatives, "HTTP-" + m + "-JWK", fixture, "POST", TARGET, PAYLOAD, "auth-jwk", true);
        addRequest(positives, negatives, "HTTP-" + m + "-NONCELESS", fixture, "POST", TARGET, PAYLOAD, "root", false);
        addRequest(positives, negatives, "JSON-" + m + "-POST", fixture, "POST", TARGET, PAYLOAD, "root", true);
      }
      ObjectNode doc = positives.addObject();
      doc.put("id", "DOCUMENT-api-wba");
      doc.put("kind", "data-integrity");
      doc.put("object_type", "did-document");
      doc.put("identity_fixture", "api-wba");
      doc.put("keyid", did("api-wba") + "#root");
      doc.set("public_key_jwk", key("api-wba", "root").publicKey().toJwk());
      doc.set("object", documents.get("api-wba"));
      ObjectNode unsecured = documents.get("api-wba").deepCopy();
      unsecured.remove("proof");
      doc.put("document_jcs", Jcs.canonicalize(unsecured));
      negatives.addObject().put("id", "DOCUMENT-api-wba-TAMPER-OBJECT").put("base_id", "DOCUMENT-api-wba")
          .put("mutation", "object-property").put("property", "tampered").put("replacement", true)
          .put("expected_integrity", false);
      negatives.addObject().put("id", "DOCUMENT-api-wba-TAMPER-PROOF-PURPOSE").put("base_id", "DOCUMENT-api-wba")
          .put("mutation", "proof-purpose").put("replacement", "authentication").put("expected_integrity", false);
      return root;
    }

    private void addRequest(ArrayNode positives, ArrayNode negatives, String id, String fixture, String method,
        String target, String payload, String fragment, boolean withNonce) {
      boolean json = id.startsWith("JSON-");
      String did = did(fixture);
      List<String> components = new ArrayList<>(List.of("@method", "@target-uri"));
      Optional<String> digest = Optional.ofNullable(payload).map(p ->
          "sha-256=:" + Base64.getEncoder().encodeToString(sha256(p.getBytes(StandardCharsets.UTF_8))) + ":");
      digest.ifPresent(d -> components.add("content-digest"));
      StringBuilder params = new StringBuilder("(");
      components.forEach(c -> params.append(params.length() > 1 ? " " : "").append('"').append(c).append('"'));
      params.append(");created=").append(FIXED.getEpochSecond()).append(";expires=").append(FIXED.getEpochSecond() + 60);
      if (withNonce) {
        params.append(";nonce=\"").append(id).append('"');
      }
      params.append(";keyid=\"").append(did).append('#').append(fragment).append('"');
      String input = "sig1=" + params;
      String base = SignatureBases.signatureBase(method, URI.create(target),
          digest.map(d -> Map.of("content-digest", d)).orElse(Map.of()), input);
      String signature = Base64.getEncoder().encodeToString(
          key(fixture, fragment).sign(base.getBytes(StandardCharsets.UTF_8)));
      ObjectNode v = positives.addObject();
      v.put("id", id);
      v.put("kind", "request-signature");
      v.put("transport", json ? "http-json-metadata" : "http-headers");
      v.put("identity_fixture", fixture);
      v.put("subject_did", did);
      v.put("keyid", did + "#" + fragment);
      v.set("public_key_jwk", key(fixture, fragment).publicKey().toJwk());
      v.put("method", method);
      v.put("target_uri", target);
      if (payload == null) {
        v.putNull("payload_utf8");
      } else {
        v.put("payload_utf8", payload);
      }
      ArrayNode cs = v.putArray("components");
      components.forEach(cs::add);
      v.put("signature_params", params.toString());
      v.put("signature_base_utf8", base);
      digest.ifPresent(d -> v.put("content_digest", d));
      v.put("signature_input", input);
      v.put("signature", "sig1=:" + signature + ":");
      v.put("signature_b64", signature);
      if (json) {
        ObjectNode envelope = v.putObject("envelope");
        ObjectNode auth = envelope.putObject("auth");
        auth.put("contentDigest", digest.orElseThrow());
        auth.put("signatureInput", input);
        auth.put("signature", "sig1=:" + signature + ":");
        envelope.putObject("payload").put("action", "create").put("orderId", "12345");
      }
      negatives.addObject().put("id", id + "-TAMPER-TARGET").put("base_id", id).put("mutation", "request-target")
          .put("replacement", "https://attacker.example/other").put("expected_integrity", false);
      negatives.addObject().put("id", id + "-TAMPER-SIGNATURE").put("base_id", id).put("mutation", "signature-byte")
          .put("expected_integrity", false);
      if (payload != null) {
        negatives.addObject().put("id", id + "-TAMPER-CONTENT").put("base_id", id).put("mutation", "request-content")
            .put("replacement", json ? "{\"action\":\"create\",\"orderId\":\"12345\",\"tampered\":true}" : payload + " ")
            .put("expected_integrity", false);
      }
    }

    JsonNode scenarios() {
      ObjectNode root = header("anp-java-emitted-scenarios");
      ObjectNode caps = root.putObject("fixture_capabilities");
      caps.put("request_signature_algorithm", "Ed25519");
      ArrayNode list = root.putArray("scenarios");
      long t = FIXED.getEpochSecond();
      for (String m : List.of("wba", "web")) {
        String post = "HTTP-" + m + "-POST";
        auth(list, "AUTH-" + m + "-ACCEPT", m, post, "none", null, "authenticated", null);
        auth(list, "AUTH-" + m + "-ASSERTION-ONLY", m, post, "sign-with", "#assertion-only", "reject",
            "invalid_verification_method");
        auth(list, "AUTH-" + m + "-UNKNOWN-KID", m, post, "replace-kid-and-resign", "#missing", "reject",
            "invalid_verification_method");
        auth(list, "AUTH-" + m + "-UNSUPPORTED-ALG", m, post, "set-alg-and-resign", "unsupported-example-alg",
            "reject", "invalid_verification_method");
        auth(list, "AUTH-" + m + "-TARGET-TAMPER", m, post, "replace-unsigned-target", TARGET + "/admin", "reject",
            "invalid_signature");
        auth(list, "AUTH-" + m + "-BODY-TAMPER", m, post, "replace-content", "{\"action\":\"delete\"}", "reject",
            "invalid_content_digest");
        auth(list, "AUTH-" + m + "-MISSING-DIGEST", m, post, "remove", "/headers/Content-Digest", "reject",
            "invalid_request");
        auth(list, "AUTH-" + m + "-UNCOVERED-TARGET", m, post, "remove-component-and-resign", "@target-uri", "reject",
            "invalid_request");
        auth(list, "AUTH-" + m + "-EXPIRED", m, post, "set-clock", t + 200, "reject", "invalid_timestamp");
        auth(list, "AUTH-" + m + "-FUTURE", m, post, "set-clock", t - 200, "reject", "invalid_timestamp");
        auth(list, "AUTH-" + m + "-REPLAY", m, post, "repeat-identical-request", 2, "second-request-rejected",
            "invalid_nonce");
        auth(list, "AUTH-" + m + "-CHALLENGE-MISMATCH", m, post, "issue-required-challenge", "other-nonce", "reject",
            "invalid_nonce");
        auth(list, "AUTH-" + m + "-CHALLENGE-ONCE", m, post, "issue-matching-challenge-then-repeat", 2,
            "second-request-rejected", "invalid_nonce");
        auth(list, "AUTH-" + m + "-CONCURRENT-REPLAY", m, post, "submit-identical-concurrently", 2,
            "at-most-one-authenticated", "invalid_nonce");
        auth(list, "AUTH-" + m + "-FORBIDDEN", m, post, "set-authorized", false, "authenticated-then-forbidden",
            "forbidden_did");
        auth(list, "AUTH-" + m + "-DISABLED-METHOD", m, post, "disable-method", true, "reject", "invalid_did");
        auth(list, "AUTH-" + m + "-NONCELESS-REPLAY", m, "HTTP-" + m + "-NONCELESS", "repeat-identical-request", 2,
            "second-request-rejected", "invalid_nonce");
        auth(list, "AUTH-" + m + "-DEACTIVATED", m, post, "set-document-deactivated-true-and-resign-with-root", null,
            "reject-current-authentication", "invalid_did");
        ObjectNode json = auth(list, "JSON-" + m + "-ACCEPT", m, "JSON-" + m + "-POST",
            "verify-payload-only-digest-and-actual-http-context", null, "authenticated", null);
        json.put("category", "json-carriage");
        ObjectNode boundary = auth(list, "JSON-" + m + "-WRONG-BOUNDARY", m, "JSON-" + m + "-POST",
            "treat-json-payload-digest-as-full-http-content-digest", null, "reject", "invalid_content_digest");
        boundary.put("category", "json-carriage");
        token(list, "TOKEN-" + m + "-ISSUER", m, "expected_issuer", "https://other.example");
        token(list, "TOKEN-" + m + "-EXPIRY", m, "clock", t + 200);
      }
      auth(list, "WBA-E1-PROOF-MISSING", "wba", "HTTP-wba-POST", "remove", "/document/proof", "reject", "invalid_did")
          .put("category", "method-evidence");
      auth(list, "WEB-NO-DOCUMENT-PROOF", "web", "HTTP-web-POST", "verify-native-web-method-then-request", null,
          "authenticated", null).put("category", "method-evidence");
      return root;
    }

    private static ObjectNode auth(ArrayNode list, String id, String method, String vector, String operation,
        Object value, String outcome, String error) {
      ObjectNode s = list.addObject();
      s.put("id", id);
      s.put("category", "authentication");
      ObjectNode input = s.putObject("input");
      input.put("identity_fixture", "api-" + method);
      input.put("byte_vector", vector);
      input.put("verifier_time", FIXED.getEpochSecond() + 30);
      input.put("allowed_clock_skew_seconds", 0);
      input.put("authorized", true);
      s.putArray("actions").addObject().put("operation", operation).set("value", valueNode(value));
      ObjectNode expected = s.putObject("expected");
      expected.put("outcome", outcome);
      if (error == null) {
        expected.putNull("public_error");
      } else {
        expected.put("public_error", error);
      }
      return s;
    }

    private static JsonNode valueNode(Object value) {
      if (value == null) {
        return JSON.nullNode();
      }
      if (value instanceof String v) {
        return JSON.textNode(v);
      }
      if (value instanceof Boolean b) {
        return JSON.booleanNode(b);
      }
      return JSON.numberNode(((Number) value).longValue());
    }

    private static void token(ArrayNode list, String id, String method, String field, Object changed) {
      long t = FIXED.getEpochSecond();
      ObjectNode s = list.addObject();
      s.put("id", id);
      s.put("category", "token");
      ObjectNode input = s.putObject("input");
      input.put("identity_fixture", "api-" + method);
      input.put("issuer_fixture", "service-web");
      input.putObject("token_fixture").put("iss", "https://api.example").put("aud", TARGET)
          .put("sub", did("api-" + method)).put("scope", "orders.read").put("iat", t).put("exp", t + 60);
      input.putObject("verification_context").put("expected_issuer", "https://api.example").put("resource", TARGET)
          .put("required_scope", "orders.read").put("clock", t + 30);
      ArrayNode actions = s.putArray("actions");
      actions.addObject().put("operation", "issue-valid-jwt-with-test-issuer-key");
      ObjectNode change = actions.addObject().put("operation", "change-verification-context").putObject("value");
      change.set(field, valueNode(changed));
      s.putObject("expected").put("outcome", "reject").put("public_error", "invalid_access_token");
    }

    private static ObjectNode header(String status) {
      ObjectNode root = JSON.objectNode();
      root.put("schema_version", 1);
      root.put("status", status);
      root.put("generator", "anp-java Anp02V12Suite");
      root.put("fixed_time", FIXED.toString());
      return root;
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
