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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.DidWbaAuthHeader;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.NonceStore;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.internal.auth.HttpMessageSignatures;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.resolve.DidResolver;

/**
 * Fuzz targets for DID HTTP authentication: the {@code DIDWba} header, RFC 9421 signature
 * headers, JWT access tokens (unsigned garbage and correctly signed tokens with fuzzed claims),
 * and the whole verifier over fuzzed requests. Only {@link IdentityException} may escape, and the
 * verifier's futures must complete within the timeout.
 */
class AuthFuzzTest {
  /** The conformance vectors' reference time; their signed headers verify at this instant. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T06:16:37Z"), ZoneOffset.UTC);
  private static final URI TARGET = URI.create("https://api.example.com/agents/travel/rpc?lang=en");
  private static final PrivateKeyMaterial TOKEN_KEY = tokenKey();
  private static final AccessTokenService TOKENS =
      AccessTokenService.builder().signingKey(TOKEN_KEY).clock(CLOCK).build();
  private static final DidResolver RESOLVER = conformanceResolver();
  private static final String TOKEN_HEADER =
      Base64Codec.encodeUrl("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  @FuzzTest
  void authHeader(byte[] data) {
    DidWbaAuthHeader header;
    try {
      header = DidWbaAuthHeader.parse(FuzzInput.utf8(data));
    } catch (IdentityException e) {
      return;
    }
    DidWbaAuthHeader again = DidWbaAuthHeader.parse(header.toHeaderValue());
    assertThat(again)
        .usingRecursiveComparison()
        .ignoringFields("legacyForm")
        .isEqualTo(header);
    assertThat(header.signedAt()).isEqualTo(again.signedAt());
  }

  /** Lines: {@code Signature-Input}, {@code Signature}, {@code Content-Digest}, body. */
  @FuzzTest
  void httpSignature(byte[] data) {
    List<String> parts = FuzzInput.lines(data, 4);
    try {
      HttpMessageSignatures.Parsed parsed = HttpMessageSignatures.parse(parts.get(0), parts.get(1));
      assertThat(parsed.components()).doesNotHaveDuplicates();
      HttpMessageSignatures.serializeParams(parsed.components(), parsed.params());
    } catch (IdentityException e) {
      // rejected: fine
    }
    try {
      HttpMessageSignatures.checkContentDigest(
          parts.get(2), parts.get(3).getBytes(StandardCharsets.UTF_8));
    } catch (IdentityException e) {
      // rejected: fine
    }
  }

  @FuzzTest
  void accessToken(byte[] data) {
    try {
      TOKENS.verify(FuzzInput.utf8(data));
    } catch (IdentityException e) {
      assertThat(e.code()).isEqualTo(IdentityError.AUTH_TOKEN_INVALID);
    }
  }

  /** The input is the claims part of a token that is then correctly signed, so claims are checked. */
  @FuzzTest
  void signedClaims(byte[] data) {
    String input = TOKEN_HEADER + "." + Base64Codec.encodeUrl(data);
    String token =
        input + "." + Base64Codec.encodeUrl(TOKEN_KEY.sign(input.getBytes(StandardCharsets.US_ASCII)));
    try {
      VerifiedCaller caller = TOKENS.verify(token);
      assertThat(caller.did().toString()).startsWith("did:");
    } catch (IdentityException e) {
      assertThat(e.code()).isEqualTo(IdentityError.AUTH_TOKEN_INVALID);
    }
  }

  /**
   * Lines: {@code Authorization}, {@code Signature-Input}, {@code Signature},
   * {@code Content-Digest} (each left out when empty), then the body (a POST when not empty). Runs both {@link DidWbaVerifier#verify} and
   * {@link DidWbaVerifier#verifyJsonLogin}, each with a fresh nonce store.
   */
  @FuzzTest
  void verifier(byte[] data) {
    List<String> parts = FuzzInput.lines(data, 5);
    Map<String, String> headers = new LinkedHashMap<>();
    putIfPresent(headers, "Authorization", parts.get(0));
    putIfPresent(headers, "Signature-Input", parts.get(1));
    putIfPresent(headers, "Signature", parts.get(2));
    putIfPresent(headers, "Content-Digest", parts.get(3));
    byte[] body = parts.get(4).getBytes(StandardCharsets.UTF_8);
    AuthRequest request = AuthRequest.of(body.length == 0 ? "GET" : "POST", TARGET, headers, body);
    awaitOutcome(verifier().verify(request));
    awaitOutcome(verifier().verifyJsonLogin(request));
  }

  private static DidWbaVerifier verifier() {
    return DidWbaVerifier.builder()
        .resolver(RESOLVER)
        .audience("api.example.com")
        .clock(CLOCK)
        .nonceStore(NonceStore.inMemory(16, Duration.ofMinutes(6)))
        .tokens(TOKENS)
        .build();
  }

  private static void putIfPresent(Map<String, String> headers, String name, String value) {
    if (!value.isEmpty()) {
      headers.put(name, value);
    }
  }

  private static void awaitOutcome(CompletableFuture<VerifiedCaller> future) {
    try {
      assertThat(future.get(10, TimeUnit.SECONDS).did()).isNotNull();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof IdentityException)) {
        throw new AssertionError("verifier failed with an untyped exception", e.getCause());
      }
    } catch (TimeoutException e) {
      throw new AssertionError("verifier did not complete within 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static PrivateKeyMaterial tokenKey() {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 7);
    return PrivateKeyMaterial.fromRaw(KeyType.ED25519, seed);
  }

  /** The identities of the conformance file {@code did-documents.json}; others are not found. */
  private static DidResolver conformanceResolver() {
    String name = "/vectors/conformance/did-wba/did-documents.json";
    Map<Did, DidDocument> byDid = new HashMap<>();
    try (InputStream in = AuthFuzzTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      JsonNode file = StrictJson.parse(in.readAllBytes(), 4 << 20);
      for (JsonNode identity : file.path("identities")) {
        DidDocument document = DidDocument.fromJson(identity.path("did_document"));
        byDid.put(document.id(), document);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return did -> {
      DidDocument document = byDid.get(did);
      return document == null
          ? CompletableFuture.failedFuture(
              new IdentityException(IdentityError.DID_NOT_FOUND, "did: no document for " + did))
          : CompletableFuture.completedFuture(document);
    };
  }
}
