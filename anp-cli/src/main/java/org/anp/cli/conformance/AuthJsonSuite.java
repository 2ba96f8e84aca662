package org.anp.cli.conformance;

import static org.anp.cli.conformance.CaseChecks.expect;
import static org.anp.cli.conformance.CaseChecks.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AuthVersion;
import org.anp.identity.auth.DidWbaAuthHeader;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.json.StrictJson;
import org.anp.identity.wba.DidWbaIdentity;

/**
 * The {@code did-wba/auth-json.json} format (JSON login, spec/identity.md 1.6; corpus README):
 * {@code cases[]}, each with {@code id}, {@code identity} (the did-documents identity whose
 * document verifies it), {@code auth_json} (the JSON text the client sends: {@code v},
 * {@code did}, {@code nonce}, {@code timestamp}, {@code verification_method},
 * {@code signature}), {@code service_domain} and {@code expected_signature}. The verdict is the
 * cryptographic check alone ({@link SignatureChecks}; a missing {@code v} is 1.1): neither the
 * timestamp's freshness nor the nonce's reuse is checked, as in the reference SDK's
 * {@code verify_auth_json_signature}. A login that is not a JSON object, lacks a member or has
 * a malformed one is invalid.
 *
 * <p>Documents come as in {@link AuthHeadersSuite}: the file's own {@code identities[]} (written
 * by {@link #emit}), or else a did-documents companion. Stateless and thread-safe.
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
  void caseShape(FileShape c) {
    c.text("identity").textOrObject("auth_json").text("service_domain").text("expected_signature");
  }

  @Override
  void checkCase(String id, JsonNode c, JsonNode root, Map<String, DidDocument> documents) {
    DidDocument document = document(documents, text(c, "identity"));
    String domain = text(c, "service_domain");
    String expected = text(c, "expected_signature");
    if (!expected.equals("valid") && !expected.equals("invalid")) {
      throw new IllegalStateException("expected_signature: must be valid or invalid, not " + expected);
    }
    boolean valid = login(c.path("auth_json")).map(h -> SignatureChecks.valid(h, document, domain)).orElse(false);
    expect("expected_signature", expected, valid);
  }

  /** The login as a header value, or empty if it is not a well-formed login. */
  private static Optional<DidWbaAuthHeader> login(JsonNode authJson) {
    JsonNode json = authJson;
    if (authJson.isTextual()) {
      try {
        json = StrictJson.parse(
            authJson.textValue().getBytes(StandardCharsets.UTF_8), DidWbaVerifier.MAX_JSON_LOGIN_BYTES);
      } catch (IdentityException e) {
        return Optional.empty();
      }
    }
    if (!json.isObject()) {
      return Optional.empty();
    }
    Optional<AuthVersion> version = Optional.of(AuthVersion.V1_1);
    if (json.has("v")) {
      version = json.path("v").isTextual() ? AuthVersion.fromWire(json.path("v").textValue()) : Optional.empty();
      if (version.isEmpty()) {
        return Optional.empty();
      }
    }
    for (String member : List.of("did", "nonce", "timestamp", "verification_method", "signature")) {
      if (!json.path(member).isTextual() || json.path(member).textValue().isEmpty()) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(new DidWbaAuthHeader(version, Did.parse(json.path("did").textValue()),
          json.path("nonce").textValue(), json.path("timestamp").textValue(),
          json.path("verification_method").textValue(), json.path("signature").textValue(), false));
    } catch (IdentityException e) {
      return Optional.empty();
    }
  }

  @Override
  public JsonNode emit(SecureRandom random, Clock clock) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    List<DidWbaIdentity> identities = emitIdentities(random, clock);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.putObject("meta").put("generated_at", now.toString()).put("generator", "anp-java AuthJsonSuite");
    root.set("identities", identitiesJson(identities));
    ArrayNode cases = root.putArray("cases");
    URI target = URI.create("https://api.example.com/auth");
    String domain = "api.example.com";
    for (DidWbaIdentity who : identities) {
      String name = identityName(who);
      ObjectNode login = login(who, "key-1", random, now, Optional.empty(), target);
      add(cases, name, "valid", login, domain, "valid", "DidWbaAuthenticator.jsonLogin with default settings (v 1.1)");
      add(cases, name, "v1.0-service-field", login(who, "key-1", random, now, Optional.of(AuthVersion.V1_0), target),
          domain, "valid", "v 1.0 signs service");
      add(cases, name, "wrong-domain", login, "other.example.com", "invalid", "verified for another service domain");
      ObjectNode tampered = login.deepCopy();
      String nonce = tampered.path("nonce").asText();
      tampered.put("nonce", nonce.substring(0, nonce.length() - 1) + (nonce.endsWith("0") ? "1" : "0"));
      add(cases, name, "nonce-tampered", tampered, domain, "invalid", "nonce changed after signing");
      if (who.privateKey("key-2").isPresent()) {
        add(cases, name, "signed-by-key-outside-authentication",
            login(who, "key-2", random, now, Optional.empty(), target), domain, "valid",
            "a valid signature by key-2; a server refuses the login, since key-2 is not in authentication");
      }
    }
    return root;
  }

  private static ObjectNode login(DidWbaIdentity who, String fragment, SecureRandom random, Instant at,
      Optional<AuthVersion> v, URI target) {
    DidWbaAuthenticator.Builder b = DidWbaAuthenticator.builder().did(who.did())
        .signingKey(fragment, who.privateKey(fragment).orElseThrow())
        .clock(Clock.fixed(at, ZoneOffset.UTC)).random(random);
    v.ifPresent(b::version);
    return b.build().jsonLogin(target);
  }

  private static void add(ArrayNode cases, String identity, String what, ObjectNode login, String domain,
      String expected, String reason) {
    ObjectNode c = cases.addObject();
    c.put("id", identity + "/" + what);
    c.put("identity", identity);
    c.put("auth_json", login.toString());
    c.put("service_domain", domain);
    c.put("expected_signature", expected);
    c.put("reason", reason);
  }
}
