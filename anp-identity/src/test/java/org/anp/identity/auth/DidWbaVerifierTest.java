package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
import org.anp.identity.codec.Multibase;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.Sha256DigestSigning;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The verifier's checks, their order, their codes and its limits at the edge. */
class DidWbaVerifierTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  private static final String HOST = "api.example.com";
  private static final URI TARGET = URI.create("https://api.example.com:8443/rpc?x=1");
  private static final DidWbaIdentity ALICE =
      DidWbaIdentity.builder().host("alice.example.com").path("agents/alice").keyType(KeyType.ED25519)
          .random(new SecureRandom(new byte[] {1})).build();
  private static final DidWbaIdentity BOB =
      DidWbaIdentity.builder().host("bob.example.com").keyType(KeyType.SECP256K1).build();
  private static final ExecutorService POOL = Executors.newFixedThreadPool(16);

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  /** A clock the test moves. */
  static final class ManualClock extends Clock {
    private volatile Instant now;

    ManualClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock(T0);

  private DidWbaVerifier.Builder builder() {
    return DidWbaVerifier.builder()
        .resolver(AuthVectors.resolver(List.of(ALICE.document(), BOB.document())))
        .audience(HOST)
        .clock(clock);
  }

  private DidWbaAuthenticator alice() {
    return DidWbaAuthenticator.builder().did(ALICE.did()).signingKey("key-1", ALICE.privateKey("key-1").orElseThrow())
        .clock(clock).build();
  }

  private static AuthRequest get(String authorization) {
    return AuthRequest.of("GET", TARGET, Map.of("Authorization", authorization), new byte[0]);
  }

  /** A DIDWba header by hand, with a chosen nonce and time. */
  private static String header(DidWbaIdentity who, String fragment, String nonce, Instant at, String domain, Optional<AuthVersion> v) {
    String ts = at.toString();
    AuthVersion signedAs = v.orElse(AuthVersion.V1_0);
    DidWbaAuthHeader unsigned = new DidWbaAuthHeader(v, who.did(), nonce, ts, fragment, "AA", false);
    byte[] sig = Sha256DigestSigning.sign(who.privateKey(fragment).orElseThrow(), unsigned.signingInput(signedAs, domain));
    return new DidWbaAuthHeader(v, who.did(), nonce, ts, fragment, Base64Codec.encodeUrl(sig), false).toHeaderValue();
  }

  private static String header(String nonce, Instant at) {
    return header(ALICE, "key-1", nonce, at, HOST, Optional.empty());
  }

  private static IdentityError failure(CompletableFuture<VerifiedCaller> f) {
    Throwable t = f.handle((v, e) -> e).join();
    assertThat(t).as("verification must fail").isNotNull().isInstanceOf(IdentityException.class);
    return ((IdentityException) t).code();
  }

  @Test
  void acceptsTheAuthenticatorsHeaderInEveryVersion() {
    DidWbaVerifier verifier = builder().build();
    for (Optional<AuthVersion> v : List.of(Optional.<AuthVersion>empty(), Optional.of(AuthVersion.V1_0), Optional.of(AuthVersion.V1_1))) {
      DidWbaAuthenticator.Builder b = DidWbaAuthenticator.builder().did(ALICE.did())
          .signingKey("key-1", ALICE.privateKey("key-1").orElseThrow()).clock(clock);
      v.ifPresent(b::version);
      String value = b.build().authorizationHeader(TARGET);
      assertThat(DidWbaAuthHeader.parse(value).version()).contains(v.orElse(AuthVersion.V1_1));
      VerifiedCaller caller = verifier.verify(get(value)).join();
      assertThat(caller.did()).isEqualTo(ALICE.did());
      assertThat(caller.verificationMethod()).isEqualTo(ALICE.did() + "#key-1");
      assertThat(caller.scheme()).isEqualTo(AuthScheme.DIDWBA_HEADER);
      assertThat(caller.signedAt()).isEqualTo(T0);
    }
  }

  @Test
  void acceptsLegacyFormAndSecp256k1() {
    String value = header(BOB, "key-1", "n1", T0, HOST, Optional.empty());
    DidWbaAuthHeader h = DidWbaAuthHeader.parse(value);
    String legacy = "DID " + h.did() + " Nonce <" + h.nonce() + "> Timestamp <" + h.timestamp()
        + "> VerificationMethod <key-1> Signature <" + h.signature() + ">";
    assertThat(builder().build().verify(get(legacy)).join().did()).isEqualTo(BOB.did());
  }

  @Test
  void jsonLoginAndHttpSignaturesVerify() {
    DidWbaVerifier verifier = builder().build();
    byte[] login = alice().jsonLogin(TARGET).toString().getBytes(StandardCharsets.UTF_8);
    VerifiedCaller caller = verifier.verifyJsonLogin(AuthRequest.of("POST", TARGET, Map.of(), login)).join();
    assertThat(caller.scheme()).isEqualTo(AuthScheme.JSON_LOGIN);
    assertThat(failure(verifier.verifyJsonLogin(AuthRequest.of("POST", TARGET, Map.of(), login))))
        .isEqualTo(IdentityError.AUTH_NONCE_REUSED);
    assertThat(failure(verifier.verifyJsonLogin(AuthRequest.of("POST", TARGET, Map.of(), "[]".getBytes(StandardCharsets.UTF_8)))))
        .isEqualTo(IdentityError.AUTH_MALFORMED_HEADER);

    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new java.util.HashMap<>(alice().httpSignatureHeaders("POST", TARGET, Map.of("Content-Type", "application/json"), body));
    headers.put("Content-Type", "application/json");
    assertThat(headers).containsKeys("Signature-Input", "Signature", "Content-Digest");
    VerifiedCaller signed = verifier.verify(AuthRequest.of("POST", TARGET, headers, body)).join();
    assertThat(signed.scheme()).isEqualTo(AuthScheme.HTTP_SIGNATURE);
    assertThat(failure(verifier.verify(AuthRequest.of("POST", TARGET, headers, body)))).isEqualTo(IdentityError.AUTH_NONCE_REUSED);

    Map<String, String> fresh = new java.util.HashMap<>(alice().httpSignatureHeaders("POST", TARGET, Map.of(), body));
    byte[] other = "{\"a\":2}".getBytes(StandardCharsets.UTF_8);
    assertThat(failure(verifier.verify(AuthRequest.of("POST", TARGET, fresh, other)))).isEqualTo(IdentityError.AUTH_CONTENT_DIGEST_INVALID);
    assertThat(failure(verifier.verify(AuthRequest.of("DELETE", TARGET, fresh, body)))).isEqualTo(IdentityError.AUTH_SIGNATURE_INVALID);
    // the failures above recorded nothing: the genuine request still passes once
    assertThat(verifier.verify(AuthRequest.of("POST", TARGET, fresh, body)).join().did()).isEqualTo(ALICE.did());
    Map<String, String> noBody = alice().httpSignatureHeaders("GET", TARGET, Map.of(), new byte[0]);
    assertThat(noBody).doesNotContainKey("Content-Digest");
    assertThat(failure(verifier.verify(AuthRequest.of("POST", TARGET, noBody, body)))).isEqualTo(IdentityError.AUTH_SIGNATURE_INVALID);
  }

  @Test
  void everyFailureHasItsCode() {
    DidWbaVerifier verifier = builder().build();
    assertThat(failure(verifier.verify(AuthRequest.of("GET", TARGET, Map.of(), new byte[0])))).isEqualTo(IdentityError.AUTH_CREDENTIALS_MISSING);
    assertThat(failure(verifier.verify(get("garbage")))).isEqualTo(IdentityError.AUTH_MALFORMED_HEADER);
    assertThat(failure(verifier.verify(get("Bearer abc.def.ghi")))).isEqualTo(IdentityError.AUTH_TOKEN_INVALID);
    AuthRequest elsewhere = AuthRequest.of("GET", URI.create("https://other.example.com/"), Map.of("Authorization", header("n", T0)), new byte[0]);
    assertThat(failure(verifier.verify(elsewhere))).isEqualTo(IdentityError.AUTH_AUDIENCE_MISMATCH);
    assertThat(failure(verifier.verify(get(header(ALICE, "key-1", "n2", T0, "other.example.com", Optional.empty())))))
        .isEqualTo(IdentityError.AUTH_SIGNATURE_INVALID);
    assertThat(failure(verifier.verify(get(header(ALICE, "key-2", "n3", T0, HOST, Optional.empty())))))
        .isEqualTo(IdentityError.AUTH_METHOD_NOT_IN_AUTHENTICATION);
    DidWbaIdentity stranger = DidWbaIdentity.builder().host("stranger.example.com").build();
    assertThat(failure(verifier.verify(get(header(stranger, "key-1", "n4", T0, HOST, Optional.empty())))))
        .isEqualTo(IdentityError.AUTH_DID_UNRESOLVABLE);
    // signed as 1.0 (service) but claims 1.1 (aud)
    String claimed = header(ALICE, "key-1", "n5", T0, HOST, Optional.of(AuthVersion.V1_0)).replace("v=\"1.0\"", "v=\"1.1\"");
    assertThat(failure(verifier.verify(get(claimed)))).isEqualTo(IdentityError.AUTH_SIGNATURE_INVALID);
  }

  // Documents decode keys on first use (decision 0007); an invalid authentication key leaves the
  // DID as unusable as an unparsable document did.
  @Test
  void anInvalidAuthenticationKeyMakesTheDidUnresolvable() {
    ObjectNode json = ALICE.document().json();
    ObjectNode key1 = (ObjectNode) json.get("verificationMethod").get(0);
    assertThat(key1.has("publicKeyMultibase")).isTrue();
    key1.put("publicKeyMultibase", Multibase.encodeBase58Btc(Hex.decode("ed01" + "ff".repeat(31) + "7f")));
    DidDocument broken = DidDocument.fromJson(json);
    URI target = URI.create("https://api.example.com/x");
    String header = DidWbaAuthenticator.builder()
        .did(ALICE.did())
        .signingKey("key-1", ALICE.privateKey("key-1").orElseThrow())
        .build()
        .authorizationHeader(target);

    assertThatThrownBy(() -> DidWbaVerifier.verifySignature(DidWbaAuthHeader.parse(header), broken, "api.example.com"))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.AUTH_DID_UNRESOLVABLE))
        .hasMessageContaining(": the key of #key-1 is invalid");
  }

  @Test
  void timestampWindowEdgesWithAManualClock() {
    DidWbaVerifier verifier = builder().build();
    clock.set(T0.plus(Duration.ofMinutes(5)));
    assertThat(verifier.verify(get(header("past-edge", T0))).join().did()).isEqualTo(ALICE.did());
    clock.set(T0.plus(Duration.ofMinutes(5)).plusSeconds(1));
    assertThat(failure(verifier.verify(get(header("past-over", T0))))).isEqualTo(IdentityError.AUTH_TIMESTAMP_OUT_OF_WINDOW);
    clock.set(T0.minus(Duration.ofMinutes(1)));
    assertThat(verifier.verify(get(header("future-edge", T0))).join().did()).isEqualTo(ALICE.did());
    clock.set(T0.minus(Duration.ofMinutes(1)).minusSeconds(1));
    assertThat(failure(verifier.verify(get(header("future-over", T0))))).isEqualTo(IdentityError.AUTH_TIMESTAMP_OUT_OF_WINDOW);
  }

  @Test
  void timestampIsCheckedBeforeTheNonceAndNoncesAreRecordedOnlyOnSuccess() {
    DidWbaVerifier verifier = builder().build();
    String good = header("once", T0);
    assertThat(verifier.verify(get(good)).join().did()).isEqualTo(ALICE.did());
    clock.set(T0.plus(Duration.ofMinutes(10)));
    assertThat(failure(verifier.verify(get(good)))).isEqualTo(IdentityError.AUTH_TIMESTAMP_OUT_OF_WINDOW);
    clock.set(T0);
    assertThat(failure(verifier.verify(get(good)))).isEqualTo(IdentityError.AUTH_NONCE_REUSED);

    String wrongDomain = header(ALICE, "key-1", "retry", T0, "other.example.com", Optional.empty());
    assertThat(failure(verifier.verify(get(wrongDomain)))).isEqualTo(IdentityError.AUTH_SIGNATURE_INVALID);
    assertThat(verifier.verify(get(header("retry", T0))).join().did()).isEqualTo(ALICE.did());
    // the same nonce is still free for another DID
    assertThat(verifier.verify(get(header(BOB, "key-1", "retry", T0, HOST, Optional.empty()))).join().did()).isEqualTo(BOB.did());
  }

  @Test
  void concurrentReplaysOfOneNonceAcceptExactlyOne() throws Exception {
    DidWbaVerifier verifier = builder().build();
    String value = header("race", T0);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      results.add(POOL.submit(() -> {
        start.await();
        return verifier.verify(get(value)).handle((v, e) -> {
          if (e != null) {
            assertThat(((IdentityException) e).code()).isEqualTo(IdentityError.AUTH_NONCE_REUSED);
          }
          return e == null;
        }).join();
      }));
    }
    start.countDown();
    int accepted = 0;
    for (Future<Boolean> f : results) {
      accepted += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }
    assertThat(accepted).isEqualTo(1);
  }

  @Test
  void fullNonceStoreRefusesNewNoncesUntilTheyExpire() {
    NonceStore store = NonceStore.inMemory(2, Duration.ofMinutes(6));
    DidWbaVerifier verifier = builder().nonceStore(store).build();
    assertThat(verifier.verify(get(header("a", T0))).join()).isNotNull();
    assertThat(verifier.verify(get(header("b", T0))).join()).isNotNull();
    IdentityError full = failure(verifier.verify(get(header("c", T0))));
    assertThat(full).isEqualTo(IdentityError.AUTH_NONCE_STORE_FULL);
    assertThat(full.httpStatus()).isEqualTo(503);
    clock.set(T0.plus(Duration.ofMinutes(6)));
    assertThat(verifier.verify(get(header("c", T0.plus(Duration.ofMinutes(6))))).join()).isNotNull();
  }

  @Test
  void aResolverThatNeverAnswersTimesOut() {
    DidWbaVerifier verifier = DidWbaVerifier.builder().resolver(did -> new CompletableFuture<>())
        .audience(HOST).clock(clock).resolveTimeout(Duration.ofMillis(50)).build();
    assertThat(failure(verifier.verify(get(header("t", T0))))).isEqualTo(IdentityError.AUTH_DID_UNRESOLVABLE);
  }

  @Test
  void bearerTokensGoToTheTokenService() {
    AccessTokenService tokens = AccessTokenService.builder().clock(clock).build();
    DidWbaVerifier verifier = builder().tokens(tokens).build();
    VerifiedCaller caller = verifier.verify(get(header("tok", T0))).join();
    AccessToken token = tokens.issue(caller);
    VerifiedCaller again = verifier.verify(get("Bearer " + token.valueInsecure())).join();
    assertThat(again.did()).isEqualTo(ALICE.did());
    assertThat(again.scheme()).isEqualTo(AuthScheme.BEARER_TOKEN);
    assertThat(again.verificationMethod()).isEqualTo(caller.verificationMethod());
    assertThat(verifier.tokens()).contains(tokens);
  }

  @Test
  void builderForcesTheSecurityChoices() {
    assertThatThrownBy(() -> DidWbaVerifier.builder().audience(HOST).build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DidWbaVerifier.builder().resolver(did -> new CompletableFuture<>()).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder().ignoreAudience().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder().nonceStore(NonceStore.inMemory(10, Duration.ofMinutes(5))).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder().audience("host:443")).isInstanceOf(IllegalArgumentException.class);
    DidWbaVerifier open = DidWbaVerifier.builder().resolver(AuthVectors.resolver(List.of(ALICE.document())))
        .ignoreAudience().clock(clock).build();
    String forOther = header(ALICE, "key-1", "o", T0, "other.example.com", Optional.empty());
    AuthRequest req = AuthRequest.of("GET", URI.create("https://other.example.com/"), Map.of("Authorization", forOther), new byte[0]);
    assertThat(open.verify(req).join().did()).isEqualTo(ALICE.did());
  }

  @Test
  void jsonLoginBodyIsParsedStrictly() throws Exception {
    DidWbaVerifier verifier = builder().build();
    var json = new ObjectMapper().createObjectNode();
    json.put("did", ALICE.did().toString());
    assertThat(failure(verifier.verifyJsonLogin(AuthRequest.of("POST", TARGET, Map.of(), json.toString().getBytes(StandardCharsets.UTF_8)))))
        .isEqualTo(IdentityError.AUTH_MALFORMED_HEADER);
    byte[] dup = "{\"did\":\"a\",\"did\":\"b\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(failure(verifier.verifyJsonLogin(AuthRequest.of("POST", TARGET, Map.of(), dup)))).isEqualTo(IdentityError.AUTH_MALFORMED_HEADER);
  }
}
