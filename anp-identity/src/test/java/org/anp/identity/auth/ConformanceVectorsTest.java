package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.internal.auth.HttpMessageSignatures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the reference SDK's auth-headers.json and http-signatures.json through the
 * verifier, at the clocks the conformance README names: the signature verdict, the full request
 * verdict and the exact signing input / signature base.
 */
class ConformanceVectorsTest {

  @TestFactory
  Stream<DynamicTest> authHeaders() throws Exception {
    JsonNode file = AuthVectors.load("auth-headers.json");
    Map<String, DidDocument> docs = AuthVectors.documentsByName();
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    file.path("cases").forEach(c -> byId.put(c.path("id").asText(), c));
    assertThat(byId).hasSize(46);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : byId.values()) {
      String id = c.path("id").asText();
      tests.add(DynamicTest.dynamicTest(id, () -> {
        DidWbaAuthHeader header = DidWbaAuthHeader.parse(c.path("authorization_header").asText());
        assertThat(header.did()).hasToString(c.path("parsed").path("did").asText());
        String domain = c.path("verify").path("service_domain").asText();
        DidDocument doc = docs.get(c.path("verify").path("did_document_of").asText());
        boolean signatureValid = succeeds(() -> DidWbaVerifier.verifySignature(header, doc, domain));
        assertThat(signatureValid ? "valid" : "invalid").as("signature").isEqualTo(c.path("expected").path("signature").asText());
        if (c.path("expected").path("signature").asText().equals("valid")) {
          JsonNode input = c.path("signing_input");
          AuthVersion v = input.path("domain_field").asText().equals("aud") ? AuthVersion.V1_1 : AuthVersion.V1_0;
          assertThat(new String(header.signingInput(v, c.path("signed_for_domain").asText()), StandardCharsets.UTF_8))
              .isEqualTo(input.path("jcs").asText());
        }
        DidWbaVerifier verifier = verifier(docs, domain, Instant.parse(c.path("verify").path("verify_at").asText()));
        if (id.endsWith("/replay-second-use")) {
          JsonNode first = byId.get(id.substring(0, id.indexOf('/')) + "/valid/replay-first-use");
          assertThat(accepts(verifier, domain, first.path("authorization_header").asText())).isTrue();
        }
        boolean requestValid = accepts(verifier, domain, c.path("authorization_header").asText());
        assertThat(requestValid ? "valid" : "invalid").as("request").isEqualTo(c.path("expected").path("request").asText());
      }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> httpSignatures() throws Exception {
    JsonNode file = AuthVectors.load("http-signatures.json");
    Map<String, DidDocument> docs = AuthVectors.documentsByName();
    List<DynamicTest> tests = new ArrayList<>();
    assertThat(file.path("cases")).hasSize(21);
    for (JsonNode c : file.path("cases")) {
      tests.add(DynamicTest.dynamicTest(c.path("id").asText(), () -> {
        JsonNode v = c.path("verify");
        URI uri = URI.create(v.path("url").asText());
        Map<String, String> headers = new LinkedHashMap<>();
        c.path("request").path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        c.path("signature_headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        byte[] body = v.path("body").isTextual() ? v.path("body").asText().getBytes(StandardCharsets.UTF_8) : new byte[0];
        AuthRequest request = AuthRequest.of(v.path("method").asText(), uri, headers, body);
        HttpMessageSignatures.Parsed parsed =
            HttpMessageSignatures.parse(headers.get("Signature-Input"), headers.get("Signature"));
        assertThat(new String(HttpMessageSignatures.signatureBase(request.method(), uri, request.headers(), parsed), StandardCharsets.UTF_8))
            .isEqualTo(c.path("signature_base_at_verifier").asText());
        Instant created = Instant.ofEpochSecond(parsed.longParam("created").orElseThrow());
        boolean signatureValid = succeeds(() -> verifier(docs, uri.getHost(), created).verify(request).join());
        assertThat(signatureValid ? "valid" : "invalid").as("signature").isEqualTo(c.path("expected").path("signature").asText());
        boolean requestValid =
            succeeds(() -> verifier(docs, uri.getHost(), Instant.ofEpochSecond(v.path("verify_at_unix").asLong())).verify(request).join());
        assertThat(requestValid ? "valid" : "invalid").as("request").isEqualTo(c.path("expected").path("request").asText());
      }));
    }
    return tests.stream();
  }

  private static DidWbaVerifier verifier(Map<String, DidDocument> docs, String domain, Instant at) {
    return DidWbaVerifier.builder()
        .resolver(AuthVectors.resolver(docs.values()))
        .audience(domain)
        .clock(Clock.fixed(at, ZoneOffset.UTC))
        .build();
  }

  private static boolean accepts(DidWbaVerifier verifier, String domain, String header) {
    AuthRequest request = AuthRequest.of("GET", URI.create("https://" + domain + "/"), Map.of("Authorization", header), new byte[0]);
    return succeeds(() -> verifier.verify(request).join());
  }

  private static boolean succeeds(Runnable r) {
    try {
      r.run();
      return true;
    } catch (IdentityException e) {
      return false;
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(IdentityException.class);
      return false;
    }
  }
}
