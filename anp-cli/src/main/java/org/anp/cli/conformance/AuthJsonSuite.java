package org.anp.cli.conformance;

import static org.anp.cli.conformance.CaseChecks.expect;
import static org.anp.cli.conformance.CaseChecks.succeeds;
import static org.anp.cli.conformance.CaseChecks.text;
import static org.anp.cli.conformance.CaseChecks.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.AuthVersion;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.did.DidDocument;
import org.anp.identity.json.StrictJson;
import org.anp.identity.wba.DidWbaIdentity;

/**
 * The {@code did-wba/auth-json.json} format (JSON login, spec/identity.md 1.6): {@code cases[]},
 * each with {@code auth_json} (an object, or its JSON text), {@code verify.service_domain},
 * {@code verify.did_document_of}, optionally {@code verify.verify_at} (default the file's
 * {@code reference_time}) and the verdicts {@code expected.signature} / {@code expected.request}
 * (or a string {@code expected}, or {@code label}). The signature verdict is taken with the clock
 * at the login's own {@code timestamp}, the request verdict at {@code verify_at}.
 *
 * <p>The reference SDK's file was not available when this was written; the field names follow
 * the auth-headers format of the same generator. Documents come as in {@link AuthHeadersSuite}.
 * Stateless and thread-safe.
 */
public final class AuthJsonSuite extends DidCasesSuite {

  public AuthJsonSuite() {
    super("auth_json");
  }

  @Override
  public String name() {
    return "auth-json";
  }

  @Override
  public String emitFileName() {
    return "auth-json.json";
  }

  @Override
  void checkCase(String id, JsonNode c, JsonNode root, Map<String, DidDocument> documents) {
    JsonNode auth = c.path("auth_json");
    byte[] body = (auth.isTextual() ? auth.textValue() : auth.toString()).getBytes(StandardCharsets.UTF_8);
    JsonNode verify = c.path("verify");
    String domain = text(verify, "service_domain");
    DidDocument document = document(documents, text(verify, "did_document_of"));
    Map<String, DidDocument> only = Map.of("signer", document);
    AuthRequest request = AuthRequest.of("POST", URI.create("https://" + domain + "/"), Map.of(), body);
    JsonNode parsed = auth.isTextual() ? parseOrEmpty(auth.textValue()) : auth;
    Optional<Instant> signedAt = instant(parsed.path("timestamp").asText(""));
    boolean signatureValid = signedAt.isPresent()
        && succeeds(() -> verifier(only, domain, signedAt.get()).verifyJsonLogin(request).join());
    expect("expected.signature", verdict(c, "signature"), signatureValid);
    String at = verify.path("verify_at").asText(root.path("reference_time").asText(""));
    Instant verifyAt = instant(at).orElseThrow(() -> new IllegalStateException("verify.verify_at: missing"));
    boolean requestValid = succeeds(() -> verifier(documents, domain, verifyAt).verifyJsonLogin(request).join());
    expect("expected.request", verdict(c, "request"), requestValid);
  }

  private static JsonNode parseOrEmpty(String text) {
    try {
      return StrictJson.parse(text, DidWbaVerifier.MAX_JSON_LOGIN_BYTES);
    } catch (RuntimeException e) {
      return JsonNodeFactory.instance.objectNode();
    }
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public JsonNode emit(SecureRandom random, Clock clock) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    List<DidWbaIdentity> identities = emitIdentities(random, clock);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.putObject("meta").put("generated_at", now.toString()).put("generator", "anp-java AuthJsonSuite");
    root.put("reference_time", now.toString());
    root.set("identities", identitiesJson(identities));
    ArrayNode cases = root.putArray("cases");
    URI target = URI.create("https://api.example.com/auth");
    for (DidWbaIdentity who : identities) {
      String name = identityName(who);
      add(cases, name + "/valid/default", login(who, random, now, Optional.empty(), target), "api.example.com", name, now, "valid", "valid");
      add(cases, name + "/valid/v1.1", login(who, random, now, Optional.of(AuthVersion.V1_1), target), "api.example.com", name, now, "valid", "valid");
      add(cases, name + "/invalid/wrong-domain", login(who, random, now, Optional.empty(), target), "other.example.com", name, now, "invalid", "invalid");
      add(cases, name + "/invalid/stale-timestamp", login(who, random, now.minus(Duration.ofMinutes(10)), Optional.empty(), target),
          "api.example.com", name, now, "valid", "invalid");
      ObjectNode tampered = login(who, random, now, Optional.empty(), target);
      tampered.put("nonce", tampered.path("nonce").asText() + "0");
      add(cases, name + "/invalid/nonce-changed", tampered, "api.example.com", name, now, "invalid", "invalid");
    }
    return root;
  }

  private static ObjectNode login(DidWbaIdentity who, SecureRandom random, Instant at, Optional<AuthVersion> v, URI target) {
    DidWbaAuthenticator.Builder b = DidWbaAuthenticator.builder().did(who.did())
        .signingKey("key-1", who.privateKey("key-1").orElseThrow())
        .clock(Clock.fixed(at, ZoneOffset.UTC)).random(random);
    v.ifPresent(b::version);
    return b.build().jsonLogin(target);
  }

  private static void add(ArrayNode cases, String id, ObjectNode auth, String domain, String identity, Instant at,
      String signature, String request) {
    ObjectNode c = cases.addObject();
    c.put("id", id);
    c.set("auth_json", auth);
    ObjectNode verify = c.putObject("verify");
    verify.put("service_domain", domain);
    verify.put("did_document_of", identity);
    verify.put("verify_at", at.toString());
    c.put("label", "expected-" + request);
    c.putObject("expected").put("signature", signature).put("request", request);
  }
}
