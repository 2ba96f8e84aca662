package org.anp.identity.internal.conformance;

import static org.anp.identity.internal.conformance.Anp02Checks.check;
import static org.anp.identity.internal.conformance.Anp02Checks.expectOutcome;
import static org.anp.identity.internal.conformance.Anp02Checks.flipBit;
import static org.anp.identity.internal.conformance.Anp02Checks.headersOf;
import static org.anp.identity.internal.conformance.Anp02Checks.multikey;
import static org.anp.identity.internal.conformance.Anp02Checks.relabel;
import static org.anp.identity.internal.conformance.Anp02Checks.removeMethod;
import static org.anp.identity.internal.conformance.Anp02Checks.removeReference;
import static org.anp.identity.internal.conformance.Anp02Checks.retarget;
import static org.anp.identity.internal.conformance.Anp02Checks.withBody;
import static org.anp.identity.internal.conformance.Anp02Checks.withoutHeader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.internal.conformance.Anp02Checks.CaseFailure;
import org.anp.identity.internal.conformance.Anp02Checks.NotApplicable;
import org.anp.identity.json.Jcs;
import org.anp.identity.keys.PrivateKeyMaterial;

/**
 * The authentication, json-carriage, token and method-evidence scenarios of {@code
 * scenario-vectors.json}: each builds the upstream baseline (a byte vector's request, the fixture
 * documents), applies the scenario's actions (re-signing with the public test keys where the
 * adapter rule says so), and compares the gate's outcome and error with the expected ones.
 */
final class Anp02ScenarioCases {
  /** The scenario categories these cases cover. */
  static final List<String> CATEGORIES = List.of("authentication", "json-carriage", "token", "method-evidence");

  private final Anp02Fixtures fixtures;
  private final Anp02Library library;

  Anp02ScenarioCases(Anp02Fixtures fixtures, Anp02Library library) {
    this.fixtures = fixtures;
    this.library = library;
  }

  /** Runs one scenario; throws {@link CaseFailure} or {@link NotApplicable}. */
  void scenario(JsonNode s) {
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
    Anp02Env env = new Anp02Env(fixtures, library, fixture);
    env.skew = Duration.ofSeconds(input.path("allowed_clock_skew_seconds").asLong(0));
    String vectorId = input.path("byte_vector").asText();
    boolean resignDocument = isWba(fixture);
    // A scenario about the document (DOCUMENT-* vector) authenticates the fixture's plain POST.
    SignedRequestSpec spec = SignedRequestSpec.of(fixtures.positive(
        vectorId.startsWith("HTTP-") ? vectorId : "HTTP-" + fixtures.identity(fixture).path("method").asText() + "-POST"));
    String error = expected.path("public_error").asText(null);
    switch (op) {
      case "none", "verify-current-method-and-explicitly-authorized-jwk-request-key",
          "verify-native-web-method-then-request" -> expectOutcome(env.endpoint().http(spec.request(library, fixtures)),
              Anp02Library.Outcome.OK);
      case "remove-selected-jwk-request-key-from-authentication-and-resign-document-with-root" -> {
        ObjectNode doc = env.document();
        removeReference(doc, "authentication", spec.keyid());
        env.put(resignDocument ? resign(fixture, doc) : doc);
        expectOutcome(env.endpoint().http(spec.request(library, fixtures)), error);
      }
      case "sign-with" -> expectOutcome(env.endpoint().http(
          spec.withKeyid(fixtures.did(fixture) + value.asText()).request(library, fixtures)), error);
      case "replace-kid-and-resign" -> expectOutcome(env.endpoint().http(
          withSigningKeyOf(spec.withKeyid(fixtures.did(fixture) + value.asText()), "root")), error);
      case "set-alg-and-resign" -> expectOutcome(env.endpoint().http(spec.withAlg(value.asText()).request(library, fixtures)), error);
      case "replace" -> {
        ObjectNode doc = env.document();
        doc.put("id", expected.path("mutation_value").asText());
        env.put(resignDocument ? resign(fixture, doc) : doc);
        expectOutcome(env.endpoint().http(spec.request(library, fixtures)), error);
      }
      case "replace-unsigned-target" -> expectOutcome(env.endpoint().http(
          retarget(spec.request(library, fixtures), value.asText())), error);
      case "replace-content" -> expectOutcome(env.endpoint().http(
          withBody(spec.request(library, fixtures), value.asText().getBytes(StandardCharsets.UTF_8))), error);
      case "append-content-byte" -> expectOutcome(env.endpoint().http(
          withBody(spec.request(library, fixtures), (spec.payload().orElse("") + value.asText()).getBytes(StandardCharsets.UTF_8))),
          error);
      case "remove" -> {
        String path = value.asText();
        if (path.startsWith("/headers/")) {
          expectOutcome(env.endpoint().http(withoutHeader(spec.request(library, fixtures), path.substring(9))), error);
        } else if (path.startsWith("/document/")) {
          ObjectNode doc = env.document();
          doc.remove(path.substring(10));
          env.put(doc);
          expectOutcome(env.endpoint().http(spec.request(library, fixtures)), error);
        } else {
          throw new CaseFailure("unknown removal " + value);
        }
      }
      case "remove-component-and-resign" -> expectOutcome(env.endpoint().http(
          spec.withoutComponent(value.asText()).request(library, fixtures)), error);
      case "set-clock" -> {
        env.now = Instant.ofEpochSecond(value.asLong());
        expectOutcome(env.endpoint().http(spec.request(library, fixtures)), error);
      }
      case "repeat-identical-request" -> {
        Anp02Library.Endpoint endpoint = env.endpoint();
        AuthRequest request = spec.request(library, fixtures);
        expectOutcome(endpoint.http(request), Anp02Library.Outcome.OK);
        expectOutcome(endpoint.http(request), error);
      }
      case "issue-required-challenge" -> {
        Anp02Library.Endpoint endpoint = env.endpoint();
        endpoint.issueNonce(value.asText());
        expectOutcome(endpoint.http(spec.request(library, fixtures)), error);
      }
      case "issue-matching-challenge-then-repeat" -> {
        Anp02Library.Endpoint endpoint = env.endpoint();
        endpoint.issueNonce(spec.nonce().orElseThrow());
        AuthRequest request = spec.request(library, fixtures);
        expectOutcome(endpoint.http(request), Anp02Library.Outcome.OK);
        expectOutcome(endpoint.http(request), error);
      }
      case "submit-identical-concurrently" -> concurrent(env.endpoint(), spec.request(library, fixtures), value.asInt(), error);
      case "set-authorized" -> {
        env.authorized = value.asBoolean();
        expectOutcome(env.endpoint().http(spec.request(library, fixtures)), error);
      }
      case "resolver-result" -> {
        Anp02Library.Endpoint endpoint = env.endpoint();
        env.unavailable = true;
        AuthRequest request = spec.request(library, fixtures);
        expectOutcome(endpoint.http(request), error);
        env.unavailable = false;
        expectOutcome(endpoint.http(request), Anp02Library.Outcome.OK);
      }
      case "disable-method" -> {
        env.disabledMethod = fixtures.identity(fixture).path("method").asText();
        expectOutcome(env.endpoint().http(spec.request(library, fixtures)), error);
      }
      case "accept-once" -> {
        Anp02Library.Endpoint endpoint = env.endpoint();
        AuthRequest request = spec.request(library, fixtures);
        expectOutcome(endpoint.http(request), Anp02Library.Outcome.OK);
        expectOutcome(endpoint.http(relabel(request, "sig1", "sig2")), error);
      }
      case "issue-matching-challenge" -> {
        Anp02Library.Endpoint endpoint = env.endpoint();
        endpoint.issueNonce(spec.nonce().orElseThrow());
        AuthRequest request = spec.request(library, fixtures);
        Map<String, String> flipped = headersOf(request);
        flipped.put("Signature", flipBit(flipped.get("Signature")));
        check(!endpoint.http(AuthRequest.of(request.method(), request.uri(), flipped, request.body())).ok(),
            "a flipped signature was accepted");
        expectOutcome(endpoint.http(request), Anp02Library.Outcome.OK);
        check(!endpoint.http(request).ok(), "the issued nonce was accepted twice");
      }
      case "change-document-without-resigning" -> {
        ObjectNode doc = env.document();
        ObjectNode vm = (ObjectNode) doc.path("verificationMethod").get(0);
        vm.put("publicKeyMultibase", multikey(fixtures.key(fixture, "assertion-only")));
        env.put(doc);
        expectOutcome(env.endpoint().http(spec.request(library, fixtures)), error);
      }
      case "resign-document-with-alternative-key-retaining-original-e1-path" -> {
        ObjectNode doc = env.document();
        doc.remove("proof");
        String vmId = fixtures.did(fixture) + input.path("alternative_key").asText();
        ObjectNode signed = library.signDocument(doc, fixtures.key(fixture, "assertion-only"), vmId,
            fixtures.fixedTime());
        library.verifyObjectProof(signed, fixtures.key(fixture, "assertion-only").publicKey());
        env.put(signed);
        SignedRequestSpec http = SignedRequestSpec.of(fixtures.positive("HTTP-wba-POST"));
        check(!env.endpoint().http(http.request(library, fixtures)).ok(),
            "accepted a document signed by a key other than the e1_ bound key");
      }
      case "remove-current-authentication-key-at-host" -> {
        Anp02Library.Endpoint endpoint = env.endpoint();
        AuthRequest request = spec.request(library, fixtures);
        expectOutcome(endpoint.http(request), Anp02Library.Outcome.OK);
        ObjectNode doc = env.document();
        removeMethod(doc, spec.keyid());
        env.put(doc);
        check(!env.endpoint().http(request).ok(), "accepted after the host removed the key");
      }
      case "remove-document-at-https-host" -> {
        Anp02Library.Endpoint endpoint = env.endpoint();
        expectOutcome(endpoint.http(spec.request(library, fixtures)), Anp02Library.Outcome.OK);
        env.put(null);
        expectOutcome(endpoint.http(spec.withNonce("after-removal").request(library, fixtures)), error);
      }
      case "add-conflicting-verification-method-with-same-id" -> {
        ObjectNode doc = env.document();
        ObjectNode copy = ((ObjectNode) doc.path("verificationMethod").get(0)).deepCopy();
        copy.remove("publicKeyJwk");
        copy.put("type", "Multikey");
        copy.put("publicKeyMultibase", multikey(fixtures.key(fixture, "assertion-only")));
        ((ArrayNode) doc.get("verificationMethod")).add(copy);
        env.put(resignDocument ? resign(fixture, doc) : doc);
        check(!env.endpoint().http(spec.request(library, fixtures)).ok(), "accepted with two verification methods of one id");
      }
      case "set-document-deactivated-true-and-resign-with-root" -> {
        ObjectNode doc = env.document();
        doc.put("deactivated", true);
        env.put(resignDocument ? resign(fixture, doc) : doc);
        expectOutcome(env.endpoint().http(spec.withNonce("after-deactivation").request(library, fixtures)), error);
      }
      default -> throw new NotApplicable("operation " + op + " is not known to this driver (" + s.path("id") + ")");
    }
  }

  private void unsupportedMethod(JsonNode input, JsonNode expected) {
    Anp02Env env = new Anp02Env(fixtures, library, "api-wba");
    SignedRequestSpec spec = SignedRequestSpec.of(fixtures.positive("HTTP-wba-POST"))
        .withKeyid(input.path("did").asText() + "#key-1");
    AuthRequest request = withSigningKeyOf(spec, "root");
    expectOutcome(env.endpoint().http(request), expected.path("public_error").asText());
  }

  private void jsonScenario(JsonNode input, JsonNode expected, String op) {
    String fixture = input.path("identity_fixture").asText();
    JsonNode v = fixtures.positive(input.path("byte_vector").asText());
    Anp02Env env = new Anp02Env(fixtures, library, fixture);
    byte[] envelope = Jcs.canonicalBytes(v.path("envelope"));
    URI target = URI.create(v.path("target_uri").textValue());
    switch (op) {
      case "verify-payload-only-digest-and-actual-http-context" -> {
        Anp02Library.Outcome o = env.endpoint().json(
            AuthRequest.of("POST", target, Map.of("Content-Type", "application/json"), envelope));
        expectOutcome(o, Anp02Library.Outcome.OK);
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
      Anp02Env env = new Anp02Env(fixtures, library, input.path("identity_fixture").asText());
      Anp02Library.Outcome o = env.endpoint().http(
          SignedRequestSpec.of(fixtures.positive(input.path("byte_vector").asText())).request(library, fixtures));
      expectOutcome(o, Anp02Library.Outcome.OK);
      check(o.authenticationInfo().isEmpty(), "a token was issued although issue_token is false");
      return;
    }
    JsonNode change = actions.get(1).path("value");
    if (change.has("resource") || change.has("required_scope")) {
      throw new NotApplicable("token policy: this library's access tokens are bound to the issuing service "
          + "(iss, exp, signature) and carry no aud or scope claims; the scenario's JWT audience/scope policy is, "
          + "as the file says, an implementation-selected example and not an ANP-02 requirement (decision 0026)");
    }
    PrivateKeyMaterial issuer = fixtures.key(input.path("issuer_fixture").asText(), "root");
    String jwt = mintJwt(input.path("token_fixture"), issuer);
    JsonNode ctx = input.path("verification_context");
    String baseline = verifyToken(jwt, issuer, ctx);
    check(baseline.equals(Anp02Library.Outcome.OK), "the unchanged token is refused: " + baseline);
    ObjectNode changed = ctx.deepCopy();
    changed.setAll((ObjectNode) actions.get(1).path("value"));
    String verdict = verifyToken(jwt, issuer, changed);
    check(verdict.equals(expected.path("public_error").asText()),
        "expected " + expected.path("public_error").asText() + ", got " + verdict + " (" + s.path("id") + ")");
  }

  private String verifyToken(String jwt, PrivateKeyMaterial issuer, JsonNode ctx) {
    return library.verifyToken(jwt, issuer, ctx.path("expected_issuer").asText(),
        Instant.ofEpochSecond(ctx.path("clock").asLong()));
  }

  private static String mintJwt(JsonNode claims, PrivateKeyMaterial key) {
    String header = Base64Codec.encodeUrl("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = Base64Codec.encodeUrl(Jcs.canonicalBytes(claims));
    String input = header + "." + payload;
    return input + "." + Base64Codec.encodeUrl(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
  }

  private static void concurrent(Anp02Library.Endpoint endpoint, AuthRequest request, int n, String error) {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Anp02Library.Outcome>> all = new ArrayList<>();
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
      for (CompletableFuture<Anp02Library.Outcome> f : all) {
        Anp02Library.Outcome o = f.orTimeout(60, TimeUnit.SECONDS).join();
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

  private boolean isWba(String fixture) {
    return fixtures.identity(fixture).path("document").has("proof");
  }

  private ObjectNode resign(String fixture, ObjectNode doc) {
    doc.remove("proof");
    return library.signDocument(doc, fixtures.key(fixture, "root"), fixtures.did(fixture) + "#root",
        fixtures.fixedTime());
  }

  private AuthRequest withSigningKeyOf(SignedRequestSpec spec, String fragment) {
    PrivateKeyMaterial key = fixtures.key(spec.fixture(), fragment);
    String input = spec.label() + "=" + spec.signatureParams();
    String base = library.signatureBase(spec.method(), URI.create(spec.target()), spec.contentDigest(), input);
    Map<String, String> h = new LinkedHashMap<>();
    spec.contentDigest().ifPresent(d -> h.put("Content-Digest", d));
    h.put("Signature-Input", input);
    h.put("Signature", spec.label() + "=:" + Base64.getEncoder().encodeToString(
        key.sign(base.getBytes(StandardCharsets.UTF_8))) + ":");
    return AuthRequest.of(spec.method(), URI.create(spec.target()), h,
        spec.payload().orElse("").getBytes(StandardCharsets.UTF_8));
  }
}
