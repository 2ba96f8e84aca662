package org.anp.benchmarks;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.DidWbaAuthHeader;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.NonceStore;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.wba.DidWbaIdentity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Row 5 of docs/benchmarks.md: the server side of did:wba HTTP authentication for one key type.
 *
 * <ul>
 *   <li>{@link #headerVerify}: {@link DidWbaVerifier#verify} of a request carrying a {@code
 *       DIDWba} Authorization header: header parsing, audience, time window, nonce lookup, the
 *       (cached) document, the {@code authentication} relationship, the JCS payload and its
 *       digest, the signature, and recording the nonce. Every request has its own nonce;
 *   <li>{@link #rawVerify}: the baseline, the signature check alone on the same digest and
 *       signature bytes with the same provider and the same decoded key object.
 * </ul>
 *
 * <p>The requests are signed in setup ({@link #RING} of them, each with a fresh nonce). When the
 * ring is used up the verifier is rebuilt with an empty nonce store, so no nonce is ever
 * presented twice to one store; the rebuild costs once per {@link #RING} verifications. The
 * resolver answers from a map, as a warm DID-document cache does.
 *
 * <p>Not thread-safe; JMH gives each thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DidWbaAuthBenchmark {
  static final int RING = 1024;
  static final String AUDIENCE = "api.bench.test";
  private static final URI TARGET = URI.create("https://" + AUDIENCE + "/rpc");

  /** The key type of the caller's {@code key-1}, by its JWK curve name. */
  @Param({"secp256k1", "P-256", "Ed25519"})
  public String keyType;

  private final SecureRandom random = new SecureRandom();
  private Clock clock;
  private DidDocument document;
  private PublicKeyMaterial key;
  private AuthRequest[] requests;
  private byte[][] digests;
  private byte[][] signatures;
  private DidWbaVerifier verifier;
  private int next;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    KeyType type = KeyType.fromJwkCurve(keyType);
    DidWbaIdentity identity =
        DidWbaIdentity.builder().host("caller.bench.test").path("agents:caller").keyType(type).random(random).build();
    document = identity.document();
    PrivateKeyMaterial signingKey = identity.privateKey("key-1").orElseThrow();
    key = document.verificationMethod("key-1").orElseThrow().publicKey();
    DidWbaAuthenticator authenticator =
        DidWbaAuthenticator.builder().did(identity.did()).signingKey("key-1", signingKey).clock(clock).random(random).build();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    requests = new AuthRequest[RING];
    digests = new byte[RING][];
    signatures = new byte[RING][];
    for (int i = 0; i < RING; i++) {
      String value = authenticator.authorizationHeader(TARGET);
      requests[i] = AuthRequest.of("POST", TARGET, Map.of("Authorization", value), new byte[0]);
      DidWbaAuthHeader header = DidWbaAuthHeader.parse(value);
      // The did:wba rule: the signature covers SHA-256 of the JCS payload (spec/identity.md 1.4),
      // in the header's own version (the client sends v 1.1 by default, which signs the audience).
      digests[i] = sha256.digest(header.signingInput(header.effectiveVersion(), AUDIENCE));
      signatures[i] = header.signatureBytes();
    }
    renewVerifier();
  }

  @Benchmark
  public VerifiedCaller headerVerify() {
    if (next == RING) {
      renewVerifier();
    }
    return verifier.verify(requests[next++]).join();
  }

  @Benchmark
  public PublicKeyMaterial rawVerify() {
    if (next == RING) {
      next = 0;
    }
    key.verify(digests[next], signatures[next]);
    next++;
    return key;
  }

  /** The request the next {@link #headerVerify} call presents, for the unit test. */
  AuthRequest nextRequest() {
    return requests[next == RING ? 0 : next];
  }

  DidDocument document() {
    return document;
  }

  byte[] digest(int index) {
    return digests[index].clone();
  }

  byte[] signature(int index) {
    return signatures[index].clone();
  }

  PublicKeyMaterial key() {
    return key;
  }

  DidWbaVerifier verifier() {
    return verifier;
  }

  private void renewVerifier() {
    next = 0;
    verifier =
        DidWbaVerifier.builder()
            .resolver(did -> CompletableFuture.completedFuture(document))
            .audience(AUDIENCE)
            .clock(clock)
            .nonceStore(NonceStore.inMemory(2 * RING, Duration.ofMinutes(6)))
            .build();
  }
}
