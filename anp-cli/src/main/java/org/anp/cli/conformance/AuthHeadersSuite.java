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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.AuthVersion;
import org.anp.identity.auth.DidWbaAuthHeader;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.Sha256DigestSigning;
import org.anp.identity.wba.DidWbaIdentity;

/**
 * The {@code did-wba/auth-headers.json} format: {@code cases[]} of {@code DIDWba} Authorization
 * headers, each checked twice. {@code expected.signature} is the cryptographic check alone
 * ({@link SignatureChecks}: the header against the document of {@code verify.did_document_of} for
 * {@code verify.service_domain}, whatever relationship lists the method); {@code expected.request}
 * is a full verifier at {@code verify.verify_at} with a fresh nonce store (a
 * {@code .../replay-second-use} case first presents its {@code .../valid/replay-first-use}
 * partner). For valid signatures, {@code signing_input.jcs} must equal our signing input. A case
 * of the {@code <identity>/sdk-unsupported/...} category names a method the reference SDK cannot
 * use; when we can use it, the header must pass both checks (decision 0013).
 *
 * <p>The DID documents come from the file's own {@code identities[]} (written by {@link #emit})
 * or, for the reference SDK's file, which has none, from the {@code identities[]} of
 * {@code did-documents.json} passed to {@code run(JsonNode, JsonNode)} or found as a companion.
 * Stateless and thread-safe.
 */
public final class AuthHeadersSuite extends DidCasesSuite {

  public AuthHeadersSuite() {
    super("authorization_header");
  }

  @Override
  public String name() {
    return "auth-headers";
  }

  @Override
  public String emitFileName() {
    return "auth-headers.json";
  }

  @Override
  void caseShape(FileShape c) {
    c.text("authorization_header")
        .object("verify", v -> v.text("service_domain").text("did_document_of").text("verify_at"))
        .optionalObject("expected", e -> e.optionalText("signature").optionalText("request"))
        .optionalObject("signing_input", i -> i.optionalText("jcs"));
  }

  /** One case per id: a later case with the same id replaces an earlier one, at its place. */
  @Override
  List<Map.Entry<String, JsonNode>> cases(JsonNode root) {
    return List.copyOf(byId(root).entrySet());
  }

  private static Map<String, JsonNode> byId(JsonNode root) {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode c : root.path("cases")) {
      byId.put(c.path("id").asText("cases[" + index + "]"), c);
      index++;
    }
    return byId;
  }

  @Override
  void checkCase(String id, JsonNode c, JsonNode root, Map<String, DidDocument> documents) {
    String value = text(c, "authorization_header");
    Optional<DidWbaAuthHeader> header = parsed(value);
    JsonNode verify = c.path("verify");
    String domain = text(verify, "service_domain");
    DidDocument document = document(documents, text(verify, "did_document_of"));
    String expectedSignature = verdict(c, "signature");
    String expectedRequest = verdict(c, "request");
    if (sdkUnsupported(id) && header.isPresent()
        && SignatureChecks.keySupported(document, header.get().verificationMethod())) {
      // The reference SDK cannot use this method, which is the case's point; we can, so the
      // header must pass as any other valid one (decision 0013).
      expectedSignature = "valid";
      expectedRequest = "valid";
    }
    // A header that does not parse carries no valid signature; the verifier refuses it too.
    boolean signatureValid = header.map(h -> SignatureChecks.valid(h, document, domain)).orElse(false);
    expect("expected.signature", expectedSignature, signatureValid);
    JsonNode input = c.path("signing_input");
    if (signatureValid && input.has("jcs")) {
      AuthVersion v = input.path("domain_field").asText().equals("aud") ? AuthVersion.V1_1 : AuthVersion.V1_0;
      String ours = new String(header.get().signingInput(v, c.path("signed_for_domain").asText(domain)),
          StandardCharsets.UTF_8);
      if (!ours.equals(text(input, "jcs"))) {
        throw new IllegalStateException("signing_input.jcs: ours is " + ours);
      }
    }
    DidWbaVerifier verifier = verifier(documents, domain, Instant.parse(text(verify, "verify_at")));
    if (id.endsWith("/replay-second-use")) {
      JsonNode first = byId(root).get(id.substring(0, id.indexOf('/')) + "/valid/replay-first-use");
      if (first == null) {
        first = c;
      }
      if (!accepts(verifier, domain, text(first, "authorization_header"))) {
        throw new IllegalStateException("the replay's first use was refused");
      }
    }
    expect("expected.request", expectedRequest, accepts(verifier, domain, value));
  }

  private static Optional<DidWbaAuthHeader> parsed(String value) {
    try {
      return Optional.of(DidWbaAuthHeader.parse(value));
    } catch (IdentityException e) {
      return Optional.empty();
    }
  }

  /** Whether the case's id puts it in the {@code sdk-unsupported} category. */
  private static boolean sdkUnsupported(String id) {
    String[] segments = id.split("/");
    return segments.length >= 3 && segments[1].equals("sdk-unsupported");
  }

  private static boolean accepts(DidWbaVerifier verifier, String domain, String header) {
    AuthRequest request =
        AuthRequest.of("GET", URI.create("https://" + domain + "/"), Map.of("Authorization", header), new byte[0]);
    return succeeds(() -> verifier.verify(request).join());
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
      e.client(URI.create("https://" + domain + ":8443/agents/travel?x=1"));
      e.add("valid/no-v-param", Optional.empty(), domain, now, domain, "valid", "valid",
          "no v: read as 1.1, so the payload names the host aud (decision 0012)");
      e.add("valid/v1.0-service-field", Optional.of(AuthVersion.V1_0), domain, now, domain, "valid", "valid",
          "v=1.0 signs service");
      e.add("valid/v1.1-aud-field", Optional.of(AuthVersion.V1_1), domain, now, domain, "valid", "valid",
          "v=1.1 signs aud");
      e.add("valid/timestamp-4min-old", Optional.of(AuthVersion.V1_1), domain, now.minus(Duration.ofMinutes(4)),
          domain, "valid", "valid", "inside the 5 min window");
      e.add("invalid/wrong-domain", Optional.of(AuthVersion.V1_1), domain, now, "other.example.com", "invalid",
          "invalid", "signed for api.example.com, verified by other.example.com");
      e.add("invalid/stale-timestamp", Optional.of(AuthVersion.V1_1), domain, now.minus(Duration.ofMinutes(10)),
          domain, "valid", "invalid", "10 min old: a valid signature, a stale request");
      e.add("invalid/future-timestamp", Optional.of(AuthVersion.V1_1), domain, now.plus(Duration.ofMinutes(3)),
          domain, "valid", "invalid", "3 min in the future: a valid signature, a request too early");
      e.add("valid/replay-first-use", Optional.of(AuthVersion.V1_1), domain, now, domain, "valid", "valid",
          "first use of a nonce");
      e.replay();
      e.tampered(domain, now);
      e.versionMismatch(domain, now);
      if (who.privateKey("key-2").isPresent()) {
        e.methodSwapped(domain, now);
        e.signedByKeyOutsideAuthentication(domain, now);
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

    /** A header from {@link DidWbaAuthenticator} with its default settings, for {@code target}. */
    void client(URI target) {
      DidWbaAuthenticator client = DidWbaAuthenticator.builder().did(who.did())
          .signingKey("key-1", who.privateKey("key-1").orElseThrow())
          .clock(Clock.fixed(now, ZoneOffset.UTC)).random(random).build();
      DidWbaAuthHeader header = DidWbaAuthHeader.parse(client.authorizationHeader(target));
      String domain = target.getHost();
      record("valid/client-default", header, header.effectiveVersion(), domain, domain, "valid", "valid",
          "DidWbaAuthenticator with default settings, for " + target + " (the host without the port is signed)");
    }

    ObjectNode add(String what, Optional<AuthVersion> v, String signedFor, Instant at, String verifyFor,
        String signature, String request, String reason) {
      return add(what, v, v.orElse(AuthVersion.V1_1), "key-1", "key-1", signedFor, at, verifyFor, signature,
          request, reason);
    }

    /**
     * Signs with {@code signingFragment}'s key as {@code signedAs} and writes a header naming
     * {@code namedFragment}.
     */
    ObjectNode add(String what, Optional<AuthVersion> v, AuthVersion signedAs, String signingFragment,
        String namedFragment, String signedFor, Instant at, String verifyFor, String signature, String request,
        String reason) {
      byte[] nonceBytes = new byte[16];
      random.nextBytes(nonceBytes);
      String nonce = Hex.encode(nonceBytes);
      DidWbaAuthHeader unsigned = new DidWbaAuthHeader(v, who.did(), nonce, at.toString(), namedFragment, "AA", false);
      byte[] sig = Sha256DigestSigning.sign(who.privateKey(signingFragment).orElseThrow(),
          unsigned.signingInput(signedAs, signedFor));
      DidWbaAuthHeader header = new DidWbaAuthHeader(v, who.did(), nonce, at.toString(), namedFragment,
          Base64Codec.encodeUrl(sig), false);
      ObjectNode c = record(what, header, signedAs, signedFor, verifyFor, signature, request, reason);
      c.put("signing_key_fragment", signingFragment);
      c.put("signing_key_type", who.privateKey(signingFragment).orElseThrow().type().jwkCurve());
      return c;
    }

    private ObjectNode record(String what, DidWbaAuthHeader header, AuthVersion signedAs, String signedFor,
        String verifyFor, String signature, String request, String reason) {
      byte[] input = header.signingInput(signedAs, signedFor);
      ObjectNode c = cases.addObject();
      c.put("id", name + "/" + what);
      c.put("identity", name);
      c.put("signing_key_fragment", header.verificationMethod());
      c.put("signing_key_type", who.privateKey(header.verificationMethod()).orElseThrow().type().jwkCurve());
      c.put("authorization_header", header.toHeaderValue());
      c.put("signed_for_domain", signedFor);
      ObjectNode si = c.putObject("signing_input");
      si.put("domain_field", signedAs.domainField());
      si.set("payload", org.anp.identity.json.StrictJson.mapper().valueToTree(Map.of("nonce", header.nonce(),
          "timestamp", header.timestamp(), signedAs.domainField(), signedFor, "did", who.did().toString())));
      si.put("jcs", new String(input, StandardCharsets.UTF_8));
      si.put("sha256_hex", Hex.encode(sha256(input)));
      c.put("signature_bytes_len", header.signatureBytes().length);
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
      ObjectNode c = add("invalid/tampered-signature", Optional.of(AuthVersion.V1_1), domain, at, domain,
          "invalid", "invalid", "one bit of the signature flipped");
      DidWbaAuthHeader h = DidWbaAuthHeader.parse(c.path("authorization_header").asText());
      byte[] sig = h.signatureBytes();
      sig[sig.length / 2] ^= 0x01;
      c.put("authorization_header", new DidWbaAuthHeader(h.version(), h.did(), h.nonce(), h.timestamp(),
          h.verificationMethod(), Base64Codec.encodeUrl(sig), false).toHeaderValue());
      c.remove("signing_input");
    }

    void versionMismatch(String domain, Instant at) {
      ObjectNode c = add("invalid/version-field-mismatch", Optional.of(AuthVersion.V1_1), AuthVersion.V1_0,
          "key-1", "key-1", domain, at, domain, "invalid", "invalid",
          "signed as v=1.0 (service) but the header says v=1.1 (aud)");
      c.remove("signing_input");
    }

    void methodSwapped(String domain, Instant at) {
      ObjectNode c = add("invalid/verification-method-swapped", Optional.of(AuthVersion.V1_1), AuthVersion.V1_1,
          "key-1", "key-2", domain, at, domain, "invalid", "invalid",
          "signed by key-1, but verification_method names key-2 (the E2EE key), whose key does not verify it");
      c.remove("signing_input");
    }

    void signedByKeyOutsideAuthentication(String domain, Instant at) {
      add("invalid/wrong-verification-method", Optional.of(AuthVersion.V1_1), AuthVersion.V1_1, "key-2", "key-2",
          domain, at, domain, "valid", "invalid",
          "signed by key-2, a valid signature; key-2 is not in authentication, so the request is refused");
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
