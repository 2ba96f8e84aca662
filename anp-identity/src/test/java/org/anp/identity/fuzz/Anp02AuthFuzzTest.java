package org.anp.identity.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.DidAuthenticationGate;
import org.anp.identity.auth.HttpSignatureVerifier;
import org.anp.identity.auth.JsonCarriage;
import org.anp.identity.did.DidDocument;
import org.anp.identity.json.StrictJson;
import org.anp.identity.resolve.DidResolver;

/**
 * Fuzz targets for ANP-02 1.2 authentication: the JSON carriage parser, and the 1.2 gate over
 * fuzzed RFC 9421 headers and bodies (against the official {@code api-web} document at the
 * vectors' clock). Only {@link IdentityException} may escape the parser; the gate always answers
 * with a decision, within the timeout.
 */
class Anp02AuthFuzzTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-09-07T08:00:30Z"), ZoneOffset.UTC);
  private static final URI TARGET = URI.create("https://api.example/orders");
  private static final DidResolver RESOLVER = apiWebResolver();

  @FuzzTest
  void jsonCarriage(byte[] data) {
    try {
      JsonCarriage carriage = JsonCarriage.parse(data, 1 << 16);
      assertThat(JsonCarriage.parse(carriage.toJson().toString().getBytes(StandardCharsets.UTF_8), 1 << 16))
          .isEqualTo(carriage);
    } catch (IdentityException e) {
      assertThat(e.code()).isIn(IdentityError.AUTH_MALFORMED_HEADER, IdentityError.AUTH_CREDENTIALS_MISSING);
    }
  }

  /**
   * Lines: {@code Signature-Input}, {@code Signature}, {@code Content-Digest} (each left out when
   * empty), then the body (a POST when not empty); sent as headers, and the body also as JSON
   * carriage.
   */
  @FuzzTest
  void gate(byte[] data) {
    List<String> parts = FuzzInput.lines(data, 4);
    Map<String, String> headers = new LinkedHashMap<>();
    putIfPresent(headers, "Signature-Input", parts.get(0));
    putIfPresent(headers, "Signature", parts.get(1));
    putIfPresent(headers, "Content-Digest", parts.get(2));
    byte[] body = parts.get(3).getBytes(StandardCharsets.UTF_8);
    AuthRequest request = AuthRequest.of(body.length == 0 ? "GET" : "POST", TARGET, headers, body);
    DidAuthenticationGate gate = DidAuthenticationGate.builder()
        .verifier(HttpSignatureVerifier.builder().resolver(RESOLVER).clock(CLOCK).build()).build();
    for (CompletableFuture<DidAuthenticationGate.Decision> f : List.of(gate.authenticate(request),
        gate.authenticateJson(request))) {
      DidAuthenticationGate.Decision d = f.orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(d.status()).isIn(200, 401, 403, 503);
      assertThat(d.granted()).isEqualTo(d.status() == 200);
    }
  }

  private static void putIfPresent(Map<String, String> headers, String name, String value) {
    if (!value.isEmpty()) {
      headers.put(name, value);
    }
  }

  private static DidResolver apiWebResolver() {
    try (InputStream in = Anp02AuthFuzzTest.class.getResourceAsStream(
        "/vectors/conformance/anp-02-v1.2/identities.json")) {
      JsonNode doc = StrictJson.parse(in.readAllBytes(), 1 << 20).path("identities").path("api-web").path("document");
      DidDocument document = DidDocument.fromJson(doc);
      return did -> did.equals(document.id())
          ? CompletableFuture.completedFuture(document)
          : CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "unknown"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
