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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.AuthVersion;
import org.anp.identity.auth.DidWbaAuthHeader;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.Sha256DigestSigning;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.identity.wba.DidWbaProfile;

/**
 * The {@code did-wba/auth-headers.json} format: {@code cases[]} of {@code DIDWba} Authorization
 * headers, each checked twice: {@code expected.signature} (the header against the document of
 * {@code verify.did_document_of} for {@code verify.service_domain}) and {@code expected.request}
 * (a full verifier at {@code verify.verify_at} with a fresh nonce store; a
 * {@code .../replay-second-use} case first presents its {@code .../valid/replay-first-use}
 * partner). For valid signatures, {@code signing_input.jcs} must equal our signing input.
 *
 * <p>The DID documents come from the file's own {@code identities[]} (written by {@link #emit})
 * or, for the reference SDK's file, which has none, from the {@code identities[]} of
 * {@code did-documents.json} passed to {@link #run(JsonNode, JsonNode)}. Stateless and
 * thread-safe.
 */
public final class AuthHeadersSuite implements ConformanceSuite {

  @Override
  public String name() {
    return "auth-headers";
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return root != null
        && root.isObject()
        && root.path("cases").isArray()
        && root.path("cases").path(0).has("authorization_header");
  }

  @Override
  public String emitFileName() {
    return "auth-headers.json";
  }

  @Override
  public List<CaseResult> run(JsonNode root) {
    return run(root, root);
  }

  /** Takes the DID documents from the file itself, or else from a did-documents companion. */
  @Override
  public List<CaseResult> run(JsonNode root, Companions companions) {
    if (root.path("identities").isArray()) {
      return run(root, root);
    }
    return run(root, companions.find(DidDocumentsSuite.NAME).orElse(root));
  }

  /**
   * Runs the cases of {@code root} with the DID documents of {@code identities}' {@code
   * identities[]} (a did-documents.json file, or {@code root} itself).
   */
  public List<CaseResult> run(JsonNode root, JsonNode identities) {
    Map<String, DidDocument> documents = new HashMap<>();
    List<CaseResult> results = new ArrayList<>();
    Optional<String> problem = loadDocuments(identities, documents);
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode c : root.path("cases")) {
      byId.put(c.path("id").asText("cases[" + index + "]"), c);
      index++;
    }
    for (Map.Entry<String, JsonNode> e : byId.entrySet()) {
      if (problem.isPresent()) {
        results.add(new CaseResult(e.getKey(), false, problem.get()));
        continue;
      }
      results.add(check(e.getKey(), () -> checkCase(e.getKey(), e.getValue(), byId, documents)));
    }
    return results;
  }

  private static void checkCase(String id, JsonNode c, Map<String, JsonNode> byId, Map<String, DidDocument> documents) {
    String value = text(c, "authorization_header");
    DidWbaAuthHeader header = DidWbaAuthHeader.parse(value);
    JsonNode verify = c.path("verify");
    String domain = text(verify, "service_domain");
    DidDocument document = document(documents, text(verify, "did_document_of"));
    String expectedSignature = verdict(c, "signature");
    boolean signatureValid = succeeds(() -> DidWbaVerifier.verifySignature(header, document, domain));
    expect("expected.signature", expectedSignature, signatureValid);
    JsonNode input = c.path("signing_input");
    if (signatureValid && input.has("jcs")) {
      AuthVersion v = input.path("domain_field").asText().equals("aud") ? AuthVersion.V1_1 : AuthVersion.V1_0;
      String ours = new String(header.signingInput(v, c.path("signed_for_domain").asText(domain)), StandardCharsets.UTF_8);
      if (!ours.equals(text(input, "jcs"))) {
        throw new IllegalStateException("signing_input.jcs: ours is " + ours);
      }
    }
    DidWbaVerifier verifier = verifier(documents, domain, Instant.parse(text(verify, "verify_at")));
    if (id.endsWith("/replay-second-use")) {
      JsonNode first = byId.get(id.substring(0, id.indexOf('/')) + "/valid/replay-first-use");
      if (first == null) {
        first = c;
      }
      if (!accepts(verifier, domain, text(first, "authorization_header"))) {
        throw new IllegalStateException("the replay's first use was refused");
      }
    }
    expect("expected.request", verdict(c, "request"), accepts(verifier, domain, value));
  }

  // ---- shared by the auth suites ----

  /** Runs one check; any exception becomes a failed case with its message. */
  static CaseResult check(String id, Runnable check) {
    try {
      check.run();
      return new CaseResult(id, true, "");
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new CaseResult(id, false, reason);
    }
  }

  /** Reads {@code identities[]} ({@code name}, {@code did_document}) into {@code out}. */
  static Optional<String> loadDocuments(JsonNode file, Map<String, DidDocument> out) {
    if (!file.path("identities").isArray() || file.path("identities").isEmpty()) {
      return Optional.of("no DID documents: the file has no identities[]; run it with did-documents.json");
    }
    for (JsonNode identity : file.path("identities")) {
      try {
        out.put(identity.path("name").asText(), DidDocument.fromJson(identity.path("did_document")));
      } catch (IdentityException e) {
        return Optional.of("identities: " + identity.path("name").asText() + ": " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  static DidDocument document(Map<String, DidDocument> documents, String name) {
    DidDocument d = documents.get(name);
    if (d == null) {
      throw new IllegalStateException("no identity named " + name);
    }
    return d;
  }

  /** A resolver over the given documents; other DIDs are not found. */
  static DidResolver resolver(Map<String, DidDocument> documents) {
    Map<Did, DidDocument> byDid = new HashMap<>();
    documents.values().forEach(d -> byDid.put(d.id(), d));
    return did -> {
      DidDocument d = byDid.get(did);
      return d == null
          ? CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "unknown DID " + did))
          : CompletableFuture.completedFuture(d);
    };
  }

  static DidWbaVerifier verifier(Map<String, DidDocument> documents, String domain, Instant at) {
    return DidWbaVerifier.builder()
        .resolver(resolver(documents))
        .audience(domain)
        .clock(Clock.fixed(at, ZoneOffset.UTC))
        .build();
  }

  static boolean accepts(DidWbaVerifier verifier, String domain, String header) {
    AuthRequest request =
        AuthRequest.of("GET", URI.create("https://" + domain + "/"), Map.of("Authorization", header), new byte[0]);
    return succeeds(() -> verifier.verify(request).join());
  }

  static boolean succeeds(Runnable r) {
    try {
      r.run();
      return true;
    } catch (IdentityException e) {
      return false;
    } catch (CompletionException e) {
      if (e.getCause() instanceof IdentityException) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The expected verdict {@code valid}/{@code invalid}: {@code expected.<key>}, or a string
   * {@code expected}, or the {@code label} ({@code expected-valid}/{@code expected-invalid}).
   */
  static String verdict(JsonNode c, String key) {
    JsonNode expected = c.path("expected");
    if (expected.path(key).isTextual()) {
      return expected.path(key).textValue();
    }
    if (expected.isTextual()) {
      return expected.textValue();
    }
    String label = c.path("label").asText("");
    if (label.startsWith("expected-")) {
      return label.substring("expected-".length());
    }
    throw new IllegalStateException("expected." + key + ": missing");
  }

  static void expect(String field, String expected, boolean valid) {
    String found = valid ? "valid" : "invalid";
    if (!expected.equals(found)) {
      throw new IllegalStateException(field + ": file says " + expected + ", found " + found);
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (!v.isTextual()) {
      throw new IllegalStateException(field + ": missing or not a string");
    }
    return v.textValue();
  }

  /** The identities an emitted auth file refers to: one per signing key type. */
  static List<DidWbaIdentity> emitIdentities(SecureRandom random, Clock clock) {
    return List.of(
        DidWbaIdentity.builder().host("alice.example.com").path("agents/alice").profile(DidWbaProfile.E1)
            .keyType(KeyType.ED25519).clock(clock).random(random).build(),
        DidWbaIdentity.builder().host("bob.example.com").path("agents/bob").profile(DidWbaProfile.K1)
            .keyType(KeyType.SECP256K1).clock(clock).random(random).build(),
        DidWbaIdentity.builder().host("carol.example.org").port(9443).keyType(KeyType.SECP256R1)
            .clock(clock).random(random).build());
  }

  static String identityName(DidWbaIdentity identity) {
    return identity.didWba().host().substring(0, identity.didWba().host().indexOf('.'));
  }

  static ArrayNode identitiesJson(List<DidWbaIdentity> identities) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (DidWbaIdentity identity : identities) {
      ObjectNode entry = out.addObject();
      entry.put("name", identityName(identity));
      entry.put("did", identity.did().toString());
      entry.set("did_document", identity.document().json());
    }
    return out;
  }

  // ---- emit ----

  @Override
  public JsonNode emit(SecureRandom random, Clock clock) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    List<DidWbaIdentity> identities = emitIdentities(random, clock);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode meta = root.putObject("meta");
    meta.put("generated_at", now.toString());
    meta.put("generator", "anp-java AuthHeadersSuite");
    root.put("reference_time", now.toString());
    root.set("identities", identitiesJson(identities));
    ArrayNode cases = root.putArray("cases");
    String domain = "api.example.com";
    for (DidWbaIdentity who : identities) {
      String name = identityName(who);
      Emitter e = new Emitter(cases, name, who, random, now);
      e.add("valid/default-no-v", Optional.empty(), domain, now, domain, "valid", "valid", "no v: signs service (spec/README.md #7)");
      e.add("valid/v1.0-service-field", Optional.of(AuthVersion.V1_0), domain, now, domain, "valid", "valid", "v=1.0 signs service");
      e.add("valid/v1.1-aud-field", Optional.of(AuthVersion.V1_1), domain, now, domain, "valid", "valid", "v=1.1 signs aud");
      e.add("valid/timestamp-4min-old", Optional.of(AuthVersion.V1_1), domain, now.minus(Duration.ofMinutes(4)), domain, "valid", "valid", "inside the 5 min window");
      e.add("invalid/wrong-domain", Optional.of(AuthVersion.V1_1), domain, now, "other.example.com", "invalid", "invalid", "signed for api.example.com, verified by other.example.com");
      e.add("invalid/stale-timestamp", Optional.of(AuthVersion.V1_1), domain, now.minus(Duration.ofMinutes(10)), domain, "valid", "invalid", "10 min old");
      e.add("invalid/future-timestamp", Optional.of(AuthVersion.V1_1), domain, now.plus(Duration.ofMinutes(3)), domain, "valid", "invalid", "3 min in the future");
      e.add("valid/replay-first-use", Optional.of(AuthVersion.V1_1), domain, now, domain, "valid", "valid", "first use of a nonce");
      e.replay();
      e.tampered(domain, now);
      e.versionMismatch(domain, now);
      if (who.privateKey("key-2").isPresent()) {
        e.wrongMethod(domain, now);
      }
    }
    return root;
  }

  /** Writes the cases of one identity. */
  private static final class Emitter {
    private final ArrayNode cases;
    private final String name;
    private final DidWbaIdentity who;
    private final SecureRandom random;
    private final Instant now;
    private ObjectNode last;

    Emitter(ArrayNode cases, String name, DidWbaIdentity who, SecureRandom random, Instant now) {
      this.cases = cases;
      this.name = name;
      this.who = who;
      this.random = random;
      this.now = now;
    }

    ObjectNode add(String what, Optional<AuthVersion> v, String signedFor, Instant at, String verifyFor,
        String signature, String request, String reason) {
      return add(what, v, v.orElse(AuthVersion.V1_0), "key-1", signedFor, at, verifyFor, signature, request, reason);
    }

    ObjectNode add(String what, Optional<AuthVersion> v, AuthVersion signedAs, String fragment, String signedFor,
        Instant at, String verifyFor, String signature, String request, String reason) {
      byte[] nonceBytes = new byte[16];
      random.nextBytes(nonceBytes);
      String nonce = Hex.encode(nonceBytes);
      DidWbaAuthHeader unsigned = new DidWbaAuthHeader(v, who.did(), nonce, at.toString(), fragment, "AA", false);
      byte[] input = unsigned.signingInput(signedAs, signedFor);
      PrivateKeyMaterial key = who.privateKey(fragment).orElseThrow();
      byte[] sig = Sha256DigestSigning.sign(key, input);
      DidWbaAuthHeader header =
          new DidWbaAuthHeader(v, who.did(), nonce, at.toString(), fragment, Base64Codec.encodeUrl(sig), false);
      ObjectNode c = cases.addObject();
      c.put("id", name + "/" + what);
      c.put("identity", name);
      c.put("signing_key_fragment", fragment);
      c.put("signing_key_type", key.type().jwkCurve());
      c.put("authorization_header", header.toHeaderValue());
      c.put("signed_for_domain", signedFor);
      ObjectNode si = c.putObject("signing_input");
      si.put("domain_field", signedAs.domainField());
      si.set("payload", org.anp.identity.json.StrictJson.mapper().valueToTree(
          Map.of("nonce", nonce, "timestamp", at.toString(), signedAs.domainField(), signedFor, "did", who.did().toString())));
      si.put("jcs", new String(input, StandardCharsets.UTF_8));
      si.put("sha256_hex", Hex.encode(sha256(input)));
      c.put("signature_bytes_len", sig.length);
      ObjectNode verify = c.putObject("verify");
      verify.put("service_domain", verifyFor);
      verify.put("did_document_of", name);
      verify.put("verify_at", now.toString());
      c.put("label", "expected-" + request);
      ObjectNode expected = c.putObject("expected");
      expected.put("signature", signature);
      expected.put("request", request);
      c.put("reason", reason);
      last = c;
      return c;
    }

    void replay() {
      ObjectNode second = last.deepCopy();
      second.put("id", name + "/invalid/replay-second-use");
      second.put("label", "expected-invalid");
      ((ObjectNode) second.get("expected")).put("request", "invalid");
      second.put("reason", "same header presented again to the same verifier (nonce replay)");
      cases.add(second);
    }

    void tampered(String domain, Instant at) {
      ObjectNode c = add("invalid/tampered-signature", Optional.of(AuthVersion.V1_1), domain, at, domain, "invalid", "invalid", "one bit of the signature flipped");
      DidWbaAuthHeader h = DidWbaAuthHeader.parse(c.path("authorization_header").asText());
      byte[] sig = h.signatureBytes();
      sig[sig.length / 2] ^= 0x01;
      c.put("authorization_header", new DidWbaAuthHeader(h.version(), h.did(), h.nonce(), h.timestamp(),
          h.verificationMethod(), Base64Codec.encodeUrl(sig), false).toHeaderValue());
      c.remove("signing_input");
    }

    void versionMismatch(String domain, Instant at) {
      ObjectNode c = add("invalid/version-field-mismatch", Optional.of(AuthVersion.V1_1), AuthVersion.V1_0, "key-1",
          domain, at, domain, "invalid", "invalid", "signed as v=1.0 (service) but the header says v=1.1 (aud)");
      c.remove("signing_input");
    }

    void wrongMethod(String domain, Instant at) {
      ObjectNode c = add("invalid/wrong-verification-method", Optional.of(AuthVersion.V1_1), AuthVersion.V1_1, "key-2",
          domain, at, domain, "invalid", "invalid", "signed by key-2, which is not in authentication");
      c.remove("signing_input");
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
