package org.anp.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.keys.Sha256DigestSigning;
import org.junit.jupiter.api.Test;

/**
 * The reverse-interop checks of the DID-authentication files (what the reference SDK's
 * sdk-check does with them), as tests of our emitters. The SDK's verdicts are re-derived here from
 * its rules, written out independently of our parser and verifier: header parameters by regular
 * expression, a missing {@code v} read as 1.1, the method looked up anywhere in the document for
 * the signature ({@code verify_auth_header_signature}), and, for the request
 * ({@code DidWbaVerifier.verify_request}), also the method in {@code authentication}, the window
 * of 5 minutes past and 1 minute future, and a nonce used once per verifier. Every label of an
 * emitted file must be that verdict.
 */
class AuthEmitInteropTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyAuthHeaderLabelIsTheSdksVerdict() {
    JsonNode file = new AuthHeadersSuite().emit(new SecureRandom(), CLOCK);
    Map<String, JsonNode> documents = documentsByName(file);
    Map<String, Set<String>> noncesSeen = new HashMap<>();
    int signatureValid = 0;
    int requestInvalidWithValidSignature = 0;
    for (JsonNode c : file.path("cases")) {
      String id = c.path("id").asText();
      String header = c.path("authorization_header").asText();
      JsonNode verify = c.path("verify");
      String domain = verify.path("service_domain").asText();
      boolean signature = sdkSignatureValid(header, documents.get(verify.path("did_document_of").asText()), domain);
      assertThat(c.path("expected").path("signature").asText()).as(id).isEqualTo(signature ? "valid" : "invalid");

      // one verifier per case, except the replay pair, which shares one (keyed as sdk-check does)
      String verifierKey = id.endsWith("/replay-second-use") ? id.replace("/invalid/replay-second-use", "/valid/replay-first-use") : id;
      Set<String> seen = noncesSeen.computeIfAbsent(verifierKey, k -> new HashSet<>());
      boolean request = sdkRequestAccepted(header, documents, domain, Instant.parse(verify.path("verify_at").asText()), seen);
      assertThat(c.path("expected").path("request").asText()).as(id).isEqualTo(request ? "valid" : "invalid");
      assertThat(c.path("label").asText()).as(id).isEqualTo(request ? "expected-valid" : "expected-invalid");
      signatureValid += signature ? 1 : 0;
      requestInvalidWithValidSignature += signature && !request ? 1 : 0;
    }
    assertThat(signatureValid).isPositive();
    assertThat(requestInvalidWithValidSignature).as("stale, future, replayed, outside authentication").isGreaterThanOrEqualTo(4);
  }

  @Test
  void theDefaultClientsHeaderSaysV11AndTheSdkAcceptsIt() {
    JsonNode file = new AuthHeadersSuite().emit(new SecureRandom(), CLOCK);
    Map<String, JsonNode> documents = documentsByName(file);
    int found = 0;
    for (JsonNode c : file.path("cases")) {
      if (c.path("id").asText().endsWith("/valid/client-default")) {
        String header = c.path("authorization_header").asText();
        assertThat(header).startsWith("DIDWba v=\"1.1\", ");
        assertThat(sdkRequestAccepted(header, documents, "api.example.com", CLOCK.instant(), new HashSet<>())).isTrue();
        found++;
      }
    }
    assertThat(found).isEqualTo(file.path("identities").size());
  }

  @Test
  void everyJsonLoginLabelIsTheSdksVerdict() throws Exception {
    JsonNode file = new AuthJsonSuite().emit(new SecureRandom(), CLOCK);
    Map<String, JsonNode> documents = documentsByName(file);
    int valid = 0;
    for (JsonNode c : file.path("cases")) {
      JsonNode login = JSON.readTree(c.path("auth_json").asText());
      assertThat(login.path("v").asText()).isIn("1.0", "1.1");
      Map<String, String> params = new HashMap<>();
      login.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
      boolean ok = sdkSignatureValid(params, documents.get(c.path("identity").asText()), c.path("service_domain").asText());
      assertThat(c.path("expected_signature").asText()).as(c.path("id").asText()).isEqualTo(ok ? "valid" : "invalid");
      valid += ok ? 1 : 0;
    }
    assertThat(valid).isPositive().isLessThan(file.path("cases").size());
  }

  // ---- the reference SDK's rules ----

  private static final Pattern PARAM = Pattern.compile("(?i)(v|did|nonce|timestamp|verification_method|signature)=\"([^\"]+)\"");

  private static Map<String, String> params(String header) {
    Map<String, String> p = new HashMap<>();
    Matcher m = PARAM.matcher(header);
    while (m.find()) {
      p.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    return p;
  }

  private static boolean sdkSignatureValid(String header, JsonNode document, String domain) {
    return header.strip().startsWith("DIDWba") && sdkSignatureValid(params(header), document, domain);
  }

  /** verify_auth_header_signature / verify_auth_json_signature. */
  private static boolean sdkSignatureValid(Map<String, String> p, JsonNode document, String domain) {
    for (String required : new String[] {"did", "nonce", "timestamp", "verification_method", "signature"}) {
      if (p.getOrDefault(required, "").isEmpty()) {
        return false;
      }
    }
    if (!document.path("id").asText().equalsIgnoreCase(p.get("did"))) {
      return false;
    }
    String field = Double.parseDouble(p.getOrDefault("v", "1.1")) >= 1.1 ? "aud" : "service";
    Map<String, String> signed = new TreeMap<>();
    signed.put("nonce", p.get("nonce"));
    signed.put("timestamp", p.get("timestamp"));
    signed.put(field, domain);
    signed.put("did", p.get("did"));
    byte[] canonical;
    try {
      canonical = JSON.writeValueAsString(signed).getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
    Optional<VerificationMethod> method = findMethod(document, p.get("did") + "#" + p.get("verification_method"));
    if (method.isEmpty()) {
      return false;
    }
    try {
      Sha256DigestSigning.verify(method.get().publicKey(), canonical, Base64Codec.decodeUrl(p.get("signature")));
      return true;
    } catch (IdentityException e) {
      return false;
    }
  }

  /** _find_verification_method: verificationMethod, then authentication, then assertionMethod. */
  private static Optional<VerificationMethod> findMethod(JsonNode document, String id) {
    for (String member : new String[] {"verificationMethod", "authentication", "assertionMethod"}) {
      for (JsonNode entry : document.path(member)) {
        String entryId = entry.isTextual() ? entry.asText() : entry.path("id").asText();
        if (entryId.equals(id)) {
          return DidDocument.fromJson(document).verificationMethod(id);
        }
      }
    }
    return Optional.empty();
  }

  /** DidWbaVerifier.verify_request for a DIDWba header, with its resolver over the file's identities. */
  private static boolean sdkRequestAccepted(String header, Map<String, JsonNode> documents, String domain,
      Instant now, Set<String> noncesSeen) {
    Map<String, String> p = params(header);
    Instant signedAt;
    try {
      signedAt = Instant.parse(p.getOrDefault("timestamp", ""));
    } catch (RuntimeException e) {
      return false;
    }
    if (signedAt.isBefore(now.minus(Duration.ofMinutes(5))) || signedAt.isAfter(now.plus(Duration.ofMinutes(1)))) {
      return false;
    }
    JsonNode document = documents.values().stream()
        .filter(d -> d.path("id").asText().equals(p.get("did"))).findFirst().orElse(null);
    if (document == null || !sdkSignatureValid(header, document, domain)) {
      return false;
    }
    String methodId = p.get("did") + "#" + p.get("verification_method");
    boolean inAuthentication = false;
    for (JsonNode entry : document.path("authentication")) {
      inAuthentication |= (entry.isTextual() ? entry.asText() : entry.path("id").asText()).equals(methodId);
    }
    return inAuthentication && noncesSeen.add(p.get("did") + " " + p.get("nonce"));
  }

  private static Map<String, JsonNode> documentsByName(JsonNode file) {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode identity : file.path("identities")) {
      out.put(identity.path("name").asText(), identity.path("did_document"));
    }
    assertThat(out).isNotEmpty();
    return out;
  }
}
