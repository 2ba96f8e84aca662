package org.anp.identity.auth.anp02;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.json.Jcs;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.spi.DidMethod;

/**
 * Runs the ANP-02 1.2 vectors against an {@link Anp02Subject}: every case of {@code
 * byte-vectors.json} and the authentication, json-carriage, token and method-evidence scenarios of
 * {@code scenario-vectors.json}. Each case ends passed, failed (with the disagreement) or not
 * applicable (with the reason).
 */
final class Anp02Driver {
  /** The scenario categories this driver runs. */
  static final List<String> CATEGORIES = List.of("authentication", "json-carriage", "token", "method-evidence");

  enum Verdict { PASSED, FAILED, NOT_APPLICABLE }

  record Result(String id, Verdict verdict, String reason) {}

  private static final String CREATED = "2026-09-07T08:00:00Z";

  private final Anp02Vectors vectors;
  private final Anp02Subject subject;
  private final List<DidMethod> methods;

  Anp02Driver(Anp02Vectors vectors, Anp02Subject subject, List<DidMethod> methods) {
    this.vectors = vectors;
    this.subject = subject;
    this.methods = List.copyOf(methods);
  }

  /** Every case, byte vectors first. */
  List<Result> runAll() {
    List<Result> out = new ArrayList<>();
    for (JsonNode p : vectors.bytes.path("positives")) {
      out.add(run(p.path("id").asText(), () -> positive(p)));
    }
    for (JsonNode n : vectors.bytes.path("negatives")) {
      out.add(run(n.path("id").asText(), () -> negative(n)));
    }
    for (JsonNode s : vectors.scenarios(CATEGORIES)) {
      out.add(run(s.path("id").asText(), () -> scenario(s)));
    }
    return out;
  }

  /** A case's outcome: a thrown {@link NotApplicable} or failure, or a pass. */
  private static Result run(String id, Runnable check) {
    try {
      check.run();
      return new Result(id, Verdict.PASSED, "");
    } catch (NotApplicable e) {
      return new Result(id, Verdict.NOT_APPLICABLE, e.getMessage());
    } catch (UnsupportedOperationException e) {
      return new Result(id, Verdict.FAILED, "not implemented: " + e.getMessage());
    } catch (RuntimeException | AssertionError e) {
      return new Result(id, Verdict.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Thrown by a case this library cannot run, with the reason. */
  static final class NotApplicable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotApplicable(String reason) {
      super(reason);
    }
  }

  // ---------------------------------------------------------------- byte vectors

  private void positive(JsonNode v) {
    switch (v.path("kind").asText()) {
      case "request-signature" -> requestSignature(v, Mutation.NONE, null);
      case "data-integrity" -> dataIntegrity(v, Mutation.NONE, null);
      case "p5-aead" -> throw p5NotApplicable();
      default -> throw new AssertionError("unknown kind " + v.path("kind"));
    }
  }

  private void negative(JsonNode n) {
    JsonNode base = vectors.positive(n.path("base_id").asText());
    Mutation m = Mutation.of(n.path("mutation").asText());
    switch (base.path("kind").asText()) {
      case "request-signature" -> requestSignature(base, m, n.path("replacement"));
      case "data-integrity" -> dataIntegrity(base, m, n);
      case "p5-aead" -> throw p5NotApplicable();
      default -> throw new AssertionError("unknown kind " + base.path("kind"));
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
      default -> throw new AssertionError("unknown transport " + v.path("transport"));
    }
  }

  private void httpVector(JsonNode v, Mutation m, JsonNode replacement) {
    SignedRequestSpec spec = SignedRequestSpec.of(v);
    String base = subject.signatureBase(spec.method(), URI.create(spec.target()), spec.contentDigest(),
        v.path("signature_input").textValue());
    if (m == Mutation.NONE) {
      check(base.equals(v.path("signature_base_utf8").textValue()), "signature base differs: " + base);
      check(spec.contentDigest().equals(Optional.of(v.path("content_digest").asText())) || spec.payload().isEmpty(),
          "content digest differs");
      check(Base64Codec.encode(org.anp.identity.codec.Base64Variant.STANDARD, spec.sign(subject))
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
    Anp02Subject.Outcome outcome = new Env(spec.fixture()).endpoint().http(request);
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
    Anp02Subject.Outcome outcome = new Env(v.path("identity_fixture").textValue()).endpoint().json(request);
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
    String digest = "sha-256=:" + Base64.getEncoder().encodeToString(Anp02Vectors.sha256(sro)) + ":";
    String target = m == Mutation.TARGET ? replacement.textValue() : v.path("target_uri").textValue();
    String base = subject.signatureBase(v.path("method").textValue(), URI.create(target), Optional.of(digest),
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

  private static void expectIntegrity(Mutation m, Anp02Subject.Outcome outcome) {
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
        subject.verifyDocumentProof(object);
      } else {
        subject.verifyObjectProof(object, key);
      }
      valid = true;
    } catch (IdentityException e) {
      if (m == Mutation.NONE) {
        throw new AssertionError("proof does not verify: " + e.getMessage(), e);
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

  private static String flipBit(String sigHeader) {
    int start = sigHeader.indexOf(":") + 1;
    int end = sigHeader.lastIndexOf(':');
    byte[] sig = Base64.getDecoder().decode(sigHeader.substring(start, end));
    sig[5] ^= 0x01;
    return sigHeader.substring(0, start) + Base64.getEncoder().encodeToString(sig) + sigHeader.substring(end);
  }

  // ---------------------------------------------------------------- scenarios

  private void scenario(JsonNode s) {
    JsonNode input = s.path("input");
    JsonNode expected = s.path("expected");
    List<JsonNode> actions = new ArrayList<>();
    s.path("actions").forEach(actions::add);
    String op = actions.get(0).path("operation").asText();
    JsonNode value = actions.get(0).path("value");
    switch (s.path("category").asText()) {
      case "token" -> token(s, input, expected, actions);
      case "json-carriage" -> jsonScenario(input, expected, op);
      default -> authScenario(s, input, expected, actions, op, value);
    }
  }

  private void authScenario(JsonNode s, JsonNode input, JsonNode expected, List<JsonNode> actions, String op,
      JsonNode value) {
    if (op.equals("resolve-and-authenticate")) {
      unsupportedMethod(input, expected);
      return;
    }
    String fixture = input.path("identity_fixture").asText();
    Env env = new Env(fixture);
    env.skew = Duration.ofSeconds(input.path("allowed_clock_skew_seconds").asLong(0));
    String vectorId = input.path("byte_vector").asText();
    boolean resignDocument = isWba(fixture);
    // A scenario about the document (DOCUMENT-* vector) authenticates the fixture's plain POST.
    SignedRequestSpec spec = SignedRequestSpec.of(vectors.positive(
        vectorId.startsWith("HTTP-") ? vectorId : "HTTP-" + vectors.identity(fixture).path("method").asText() + "-POST"));
    String error = expected.path("public_error").asText(null);
    String outcome = expected.path("outcome").asText();
    switch (op) {
      case "none", "verify-current-method-and-explicitly-authorized-jwk-request-key",
          "verify-native-web-method-then-request" -> expectOutcome(env.endpoint().http(spec.request(subject)),
              Anp02Subject.Outcome.OK);
      case "remove-selected-jwk-request-key-from-authentication-and-resign-document-with-root" -> {
        ObjectNode doc = env.document();
        removeReference(doc, "authentication", spec.keyid());
        env.put(resignDocument ? resign(fixture, doc) : doc);
        expectOutcome(env.endpoint().http(spec.request(subject)), error);
      }
      case "sign-with" -> expectOutcome(env.endpoint().http(
          spec.withKeyid(vectors.did(fixture) + value.asText()).request(subject)), error);
      case "replace-kid-and-resign" -> expectOutcome(env.endpoint().http(
          withSigningKeyOf(spec.withKeyid(vectors.did(fixture) + value.asText()), "root")), error);
      case "set-alg-and-resign" -> expectOutcome(env.endpoint().http(spec.withAlg(value.asText()).request(subject)), error);
      case "replace" -> {
        ObjectNode doc = env.document();
        doc.put("id", expected.path("mutation_value").asText());
        env.put(resignDocument ? resign(fixture, doc) : doc);
        expectOutcome(env.endpoint().http(spec.request(subject)), error);
      }
      case "replace-unsigned-target" -> expectOutcome(env.endpoint().http(
          retarget(spec.request(subject), value.asText())), error);
      case "replace-content" -> expectOutcome(env.endpoint().http(
          withBody(spec.request(subject), value.asText().getBytes(StandardCharsets.UTF_8))), error);
      case "append-content-byte" -> expectOutcome(env.endpoint().http(
          withBody(spec.request(subject), (spec.payload().orElse("") + value.asText()).getBytes(StandardCharsets.UTF_8))),
          error);
      case "remove" -> {
        String path = value.asText();
        if (path.startsWith("/headers/")) {
          expectOutcome(env.endpoint().http(withoutHeader(spec.request(subject), path.substring(9))), error);
        } else if (path.startsWith("/document/")) {
          ObjectNode doc = env.document();
          doc.remove(path.substring(10));
          env.put(doc);
          expectOutcome(env.endpoint().http(spec.request(subject)), error);
        } else {
          throw new AssertionError("unknown removal " + value);
        }
      }
      case "remove-component-and-resign" -> expectOutcome(env.endpoint().http(
          spec.withoutComponent(value.asText()).request(subject)), error);
      case "set-clock" -> {
        env.now = Instant.ofEpochSecond(value.asLong());
        expectOutcome(env.endpoint().http(spec.request(subject)), error);
      }
      case "repeat-identical-request" -> {
        Anp02Subject.Endpoint endpoint = env.endpoint();
        AuthRequest request = spec.request(subject);
        expectOutcome(endpoint.http(request), Anp02Subject.Outcome.OK);
        expectOutcome(endpoint.http(request), error);
      }
      case "issue-required-challenge" -> {
        Anp02Subject.Endpoint endpoint = env.endpoint();
        endpoint.issueNonce(value.asText());
        expectOutcome(endpoint.http(spec.request(subject)), error);
      }
      case "issue-matching-challenge-then-repeat" -> {
        Anp02Subject.Endpoint endpoint = env.endpoint();
        endpoint.issueNonce(spec.nonce().orElseThrow());
        AuthRequest request = spec.request(subject);
        expectOutcome(endpoint.http(request), Anp02Subject.Outcome.OK);
        expectOutcome(endpoint.http(request), error);
      }
      case "submit-identical-concurrently" -> concurrent(env.endpoint(), spec.request(subject), value.asInt(), error);
      case "set-authorized" -> {
        env.authorized = value.asBoolean();
        expectOutcome(env.endpoint().http(spec.request(subject)), error);
      }
      case "resolver-result" -> {
        Anp02Subject.Endpoint endpoint = env.endpoint();
        env.unavailable = true;
        AuthRequest request = spec.request(subject);
        expectOutcome(endpoint.http(request), error);
        env.unavailable = false;
        expectOutcome(endpoint.http(request), Anp02Subject.Outcome.OK);
      }
      case "disable-method" -> {
        env.disabledMethod = vectors.identity(fixture).path("method").asText();
        expectOutcome(env.endpoint().http(spec.request(subject)), error);
      }
      case "accept-once" -> {
        Anp02Subject.Endpoint endpoint = env.endpoint();
        AuthRequest request = spec.request(subject);
        expectOutcome(endpoint.http(request), Anp02Subject.Outcome.OK);
        expectOutcome(endpoint.http(relabel(request, "sig1", "sig2")), error);
      }
      case "issue-matching-challenge" -> {
        Anp02Subject.Endpoint endpoint = env.endpoint();
        endpoint.issueNonce(spec.nonce().orElseThrow());
        AuthRequest request = spec.request(subject);
        Map<String, String> flipped = headersOf(request);
        flipped.put("Signature", flipBit(flipped.get("Signature")));
        check(!endpoint.http(AuthRequest.of(request.method(), request.uri(), flipped, request.body())).ok(),
            "a flipped signature was accepted");
        expectOutcome(endpoint.http(request), Anp02Subject.Outcome.OK);
        check(!endpoint.http(request).ok(), "the issued nonce was accepted twice");
      }
      case "change-document-without-resigning" -> {
        ObjectNode doc = env.document();
        ObjectNode vm = (ObjectNode) doc.path("verificationMethod").get(0);
        vm.put("publicKeyMultibase", multikey(Anp02Vectors.key(fixture, "assertion-only")));
        env.put(doc);
        expectOutcome(env.endpoint().http(spec.request(subject)), error);
      }
      case "resign-document-with-alternative-key-retaining-original-e1-path" -> {
        ObjectNode doc = env.document();
        doc.remove("proof");
        String vmId = vectors.did(fixture) + input.path("alternative_key").asText();
        ObjectNode signed = subject.signDocument(doc, Anp02Vectors.key(fixture, "assertion-only"), vmId,
            Instant.parse(CREATED));
        subject.verifyObjectProof(signed, Anp02Vectors.key(fixture, "assertion-only").publicKey());
        env.put(signed);
        SignedRequestSpec http = SignedRequestSpec.of(vectors.positive("HTTP-wba-POST"));
        check(!env.endpoint().http(http.request(subject)).ok(),
            "accepted a document signed by a key other than the e1_ bound key");
      }
      case "remove-current-authentication-key-at-host" -> {
        Anp02Subject.Endpoint endpoint = env.endpoint();
        AuthRequest request = spec.request(subject);
        expectOutcome(endpoint.http(request), Anp02Subject.Outcome.OK);
        ObjectNode doc = env.document();
        removeMethod(doc, spec.keyid());
        env.put(doc);
        check(!env.endpoint().http(request).ok(), "accepted after the host removed the key");
      }
      case "remove-document-at-https-host" -> {
        Anp02Subject.Endpoint endpoint = env.endpoint();
        expectOutcome(endpoint.http(spec.request(subject)), Anp02Subject.Outcome.OK);
        env.put(null);
        expectOutcome(endpoint.http(spec.withNonce("after-removal").request(subject)), error);
      }
      case "add-conflicting-verification-method-with-same-id" -> {
        ObjectNode doc = env.document();
        ObjectNode copy = ((ObjectNode) doc.path("verificationMethod").get(0)).deepCopy();
        copy.remove("publicKeyJwk");
        copy.put("type", "Multikey");
        copy.put("publicKeyMultibase", multikey(Anp02Vectors.key(fixture, "assertion-only")));
        ((ArrayNode) doc.get("verificationMethod")).add(copy);
        env.put(resignDocument ? resign(fixture, doc) : doc);
        check(!env.endpoint().http(spec.request(subject)).ok(), "accepted with two verification methods of one id");
      }
      case "set-document-deactivated-true-and-resign-with-root" -> {
        ObjectNode doc = env.document();
        doc.put("deactivated", true);
        env.put(resignDocument ? resign(fixture, doc) : doc);
        expectOutcome(env.endpoint().http(spec.withNonce("after-deactivation").request(subject)), error);
      }
      default -> throw new NotApplicable("operation " + op + " is not known to this driver (" + s.path("id") + ")");
    }
    check(outcome != null, "no expected outcome");
  }

  private void unsupportedMethod(JsonNode input, JsonNode expected) {
    Env env = new Env("api-wba");
    SignedRequestSpec spec = SignedRequestSpec.of(vectors.positive("HTTP-wba-POST"))
        .withKeyid(input.path("did").asText() + "#key-1");
    AuthRequest request = withSigningKeyOf(spec, "root");
    expectOutcome(env.endpoint().http(request), expected.path("public_error").asText());
  }

  private void jsonScenario(JsonNode input, JsonNode expected, String op) {
    String fixture = input.path("identity_fixture").asText();
    JsonNode v = vectors.positive(input.path("byte_vector").asText());
    Env env = new Env(fixture);
    byte[] envelope = Jcs.canonicalBytes(v.path("envelope"));
    URI target = URI.create(v.path("target_uri").textValue());
    switch (op) {
      case "verify-payload-only-digest-and-actual-http-context" -> {
        Anp02Subject.Outcome o = env.endpoint().json(
            AuthRequest.of("POST", target, Map.of("Content-Type", "application/json"), envelope));
        expectOutcome(o, Anp02Subject.Outcome.OK);
      }
      case "treat-json-payload-digest-as-full-http-content-digest" -> {
        JsonNode auth = v.path("envelope").path("auth");
        Map<String, String> headers = Map.of(
            "Content-Digest", auth.path("contentDigest").textValue(),
            "Signature-Input", auth.path("signatureInput").textValue(),
            "Signature", auth.path("signature").textValue());
        expectOutcome(env.endpoint().http(AuthRequest.of("POST", target, headers, envelope)),
            expected.path("public_error").asText());
      }
      case "send-as-websocket-frame-without-transport-binding" -> throw new NotApplicable(
          "JSON carriage is verified only with the HTTP request's method and target (the API takes an AuthRequest); "
              + "this library offers no transport without them to submit the frame to");
      default -> throw new NotApplicable("operation " + op + " is not known to this driver");
    }
  }

  private void token(JsonNode s, JsonNode input, JsonNode expected, List<JsonNode> actions) {
    String op = actions.get(0).path("operation").asText();
    if (op.equals("authenticate-and-authorize-request")) {
      Env env = new Env(input.path("identity_fixture").asText());
      Anp02Subject.Outcome o = env.endpoint().http(
          SignedRequestSpec.of(vectors.positive(input.path("byte_vector").asText())).request(subject));
      expectOutcome(o, Anp02Subject.Outcome.OK);
      check(o.authenticationInfo().isEmpty(), "a token was issued although issue_token is false");
      return;
    }
    JsonNode change = actions.get(1).path("value");
    if (change.has("resource") || change.has("required_scope")) {
      throw new NotApplicable("token policy: this library's access tokens are bound to the issuing service "
          + "(iss, exp, signature) and carry no aud or scope claims; the scenario's JWT audience/scope policy is, "
          + "as the file says, an implementation-selected example and not an ANP-02 requirement (decision 0026)");
    }
    PrivateKeyMaterial issuer = Anp02Vectors.key(input.path("issuer_fixture").asText(), "root");
    String jwt = mintJwt(input.path("token_fixture"), issuer);
    JsonNode ctx = input.path("verification_context");
    String baseline = verifyToken(jwt, issuer, ctx);
    check(baseline.equals(Anp02Subject.Outcome.OK), "the unchanged token is refused: " + baseline);
    ObjectNode changed = ctx.deepCopy();
    changed.setAll((ObjectNode) actions.get(1).path("value"));
    String verdict = verifyToken(jwt, issuer, changed);
    check(verdict.equals(expected.path("public_error").asText()),
        "expected " + expected.path("public_error").asText() + ", got " + verdict + " (" + s.path("id") + ")");
  }

  private String verifyToken(String jwt, PrivateKeyMaterial issuer, JsonNode ctx) {
    return subject.verifyToken(jwt, issuer, ctx.path("expected_issuer").asText(), ctx.path("resource").asText(),
        ctx.path("required_scope").asText(), Instant.ofEpochSecond(ctx.path("clock").asLong()));
  }

  private static String mintJwt(JsonNode claims, PrivateKeyMaterial key) {
    String header = Base64Codec.encodeUrl("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = Base64Codec.encodeUrl(Jcs.canonicalBytes(claims));
    String input = header + "." + payload;
    return input + "." + Base64Codec.encodeUrl(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
  }

  private static void concurrent(Anp02Subject.Endpoint endpoint, AuthRequest request, int n, String error) {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Anp02Subject.Outcome>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return endpoint.http(request);
        }, pool));
      }
      start.countDown();
      int ok = 0;
      for (CompletableFuture<Anp02Subject.Outcome> f : all) {
        Anp02Subject.Outcome o = f.orTimeout(60, TimeUnit.SECONDS).join();
        if (o.ok()) {
          ok++;
        } else {
          check(o.error().equals(error), "expected " + error + ", got " + o.error());
        }
      }
      check(ok == 1, ok + " of " + n + " identical concurrent requests were accepted");
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- helpers

  private static void expectOutcome(Anp02Subject.Outcome o, String wanted) {
    check(o.verdict().equals(wanted), "expected " + wanted + ", got " + o.verdict());
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }

  private boolean isWba(String fixture) {
    return vectors.identity(fixture).path("document").has("proof");
  }

  private ObjectNode resign(String fixture, ObjectNode doc) {
    doc.remove("proof");
    return subject.signDocument(doc, Anp02Vectors.key(fixture, "root"), vectors.did(fixture) + "#root",
        Instant.parse(CREATED));
  }

  private AuthRequest withSigningKeyOf(SignedRequestSpec spec, String fragment) {
    PrivateKeyMaterial key = Anp02Vectors.key(spec.fixture(), fragment);
    String input = spec.label() + "=" + spec.signatureParams();
    String base = subject.signatureBase(spec.method(), URI.create(spec.target()), spec.contentDigest(), input);
    Map<String, String> h = new LinkedHashMap<>();
    spec.contentDigest().ifPresent(d -> h.put("Content-Digest", d));
    h.put("Signature-Input", input);
    h.put("Signature", spec.label() + "=:" + Base64.getEncoder().encodeToString(
        key.sign(base.getBytes(StandardCharsets.UTF_8))) + ":");
    return AuthRequest.of(spec.method(), URI.create(spec.target()), h,
        spec.payload().orElse("").getBytes(StandardCharsets.UTF_8));
  }

  private static String multikey(PrivateKeyMaterial key) {
    byte[] raw = key.publicKey().raw();
    byte[] prefixed = new byte[raw.length + 2];
    prefixed[0] = (byte) 0xed;
    prefixed[1] = 0x01;
    System.arraycopy(raw, 0, prefixed, 2, raw.length);
    return org.anp.identity.codec.Multibase.encodeBase58Btc(prefixed);
  }

  private static void removeReference(ObjectNode doc, String relationship, String id) {
    ArrayNode refs = (ArrayNode) doc.get(relationship);
    for (int i = refs.size() - 1; i >= 0; i--) {
      if (refs.get(i).isTextual() && refs.get(i).textValue().equals(id)) {
        refs.remove(i);
      }
    }
  }

  private static void removeMethod(ObjectNode doc, String id) {
    ArrayNode vms = (ArrayNode) doc.get("verificationMethod");
    for (int i = vms.size() - 1; i >= 0; i--) {
      if (vms.get(i).path("id").asText().equals(id)) {
        vms.remove(i);
      }
    }
    for (String rel : List.of("authentication", "assertionMethod")) {
      if (doc.has(rel)) {
        removeReference(doc, rel, id);
      }
    }
  }

  private static Map<String, String> headersOf(AuthRequest r) {
    Map<String, String> h = new LinkedHashMap<>();
    r.headers().forEach((k, v) -> h.put(k, v.get(0)));
    return h;
  }

  private static AuthRequest retarget(AuthRequest r, String target) {
    return AuthRequest.of(r.method(), URI.create(target), headersOf(r), r.body());
  }

  private static AuthRequest withBody(AuthRequest r, byte[] body) {
    return AuthRequest.of(r.method(), r.uri(), headersOf(r), body);
  }

  private static AuthRequest withoutHeader(AuthRequest r, String name) {
    Map<String, String> h = headersOf(r);
    h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    return AuthRequest.of(r.method(), r.uri(), h, r.body());
  }

  private static AuthRequest relabel(AuthRequest r, String from, String to) {
    Map<String, String> h = headersOf(r);
    for (String name : List.of("Signature-Input", "Signature")) {
      h.put(name, to + h.get(name).substring(from.length()));
    }
    return AuthRequest.of(r.method(), r.uri(), h, r.body());
  }

  /**
   * The world of one case: the documents the (simulated) HTTPS hosts serve, the clock, and the
   * endpoint policy. Documents are fetched afresh on every resolution (no resolver cache), as
   * the scenarios with {@code refresh_required} ask.
   */
  private final class Env {
    private final Map<URI, byte[]> hosted = new HashMap<>();
    private final String fixture;
    Instant now = Instant.ofEpochSecond(Anp02Vectors.VERIFIER_TIME);
    Duration skew = Duration.ZERO;
    boolean authorized = true;
    volatile boolean unavailable;
    String disabledMethod = "";

    Env(String fixture) {
      this.fixture = fixture;
      var it = vectors.identities.path("identities").properties().iterator();
      while (it.hasNext()) {
        JsonNode id = it.next().getValue();
        hosted.put(Anp02Vectors.documentUrl(id.path("did").asText()), Jcs.canonicalBytes(id.path("document")));
      }
    }

    ObjectNode document() {
      return vectors.document(fixture);
    }

    /** Serves {@code doc} for the fixture's DID; {@code null} removes it (404). */
    void put(ObjectNode doc) {
      URI url = Anp02Vectors.documentUrl(vectors.did(fixture));
      if (doc == null) {
        hosted.remove(url);
      } else {
        hosted.put(url, Jcs.canonicalBytes(doc));
      }
    }

    Anp02Subject.Endpoint endpoint() {
      DidResolver.Builder b = DidResolver.builder()
          .cacheSize(0)
          .clock(Clock.fixed(now, ZoneOffset.UTC))
          .fetcher((uri, max) -> {
            if (unavailable) {
              return CompletableFuture.failedFuture(
                  new IdentityException(IdentityError.RESOLUTION_FAILED, "503 from " + uri.getHost()));
            }
            byte[] body = hosted.get(uri);
            return body == null
                ? CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "404 " + uri))
                : CompletableFuture.completedFuture(body.clone());
          });
      for (DidMethod m : methods) {
        if (!m.methodName().equals(disabledMethod)) {
          b.method(m);
        }
      }
      return subject.endpoint(b.build(), Clock.fixed(now, ZoneOffset.UTC), skew, authorized);
    }
  }

  /** Counts by verdict. */
  static Map<Verdict, Integer> counts(List<Result> results) {
    Map<Verdict, Integer> out = new LinkedHashMap<>();
    for (Verdict v : Verdict.values()) {
      out.put(v, 0);
    }
    results.forEach(r -> out.merge(r.verdict(), 1, Integer::sum));
    return out;
  }
}
