package org.anp.transport.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.testing.ManualClock;
import org.anp.transport.relay.RegisterFrame;
import org.anp.transport.relay.RouterEntry;
import org.anp.identity.limits.MetricsRegistry;
import org.junit.jupiter.api.Test;

/** The register checks alone, with real did:wba documents and keys, on a manual clock. */
class RegistrationCheckTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ADDRESS = "192.0.2.1";
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RegistrationCheck check = new RegistrationCheck(Duration.ofMinutes(5), Duration.ofSeconds(10), 100,
      new RelayLimits(4, 100, 100, MetricsRegistry.create(), Duration.ofMinutes(1), 100, 100, false), clock);
  private final DidWbaIdentity alice = DidWbaIdentity.builder().host("agents.example").path("alice").random(RANDOM).build();
  private final String did = alice.did().toString();
  private final Map<String, CompletableFuture<DidDocument>> resolved =
      Map.of(did, CompletableFuture.completedFuture(alice.document()));

  private RouterEntry entry(PrivateKeyMaterial key, Instant created, String nonce) {
    return RegisterFrame.signRouter(did, did + "#key-1", key, created, nonce);
  }

  private PrivateKeyMaterial key() {
    return alice.privateKey("key-1").orElseThrow();
  }

  @Test
  void aValidRegisterPassesOnceAndItsReplayIsRefused() {
    List<RouterEntry> entries = List.of(entry(key(), clock.instant(), "n1"));
    assertThat(check.precheck(entries, ADDRESS, clock.instant())).isEmpty();
    assertThat(check.verify(entries, resolved, ADDRESS, clock.instant())).isEmpty();

    clock.advance(Duration.ofSeconds(30));
    assertThat(check.verify(entries, resolved, ADDRESS, clock.instant()))
        .hasValueSatisfying(r -> assertThat(r.detail()).isEqualTo("routers: nonce already used (a replayed register)"));
  }

  @Test
  void aProofOutsideTheWindowIsRefusedBeforeAnyResolutionAtItsEdge() {
    List<RouterEntry> entries = List.of(entry(key(), clock.instant(), "n1"));
    clock.advance(Duration.ofMinutes(5));
    assertThat(check.precheck(entries, ADDRESS, clock.instant())).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(check.precheck(entries, ADDRESS, clock.instant())).hasValueSatisfying(r -> {
      assertThat(r.dids()).isEqualTo(did);
      assertThat(r.detail()).isEqualTo("routers[0].proof.created: 301 s from the relay's clock, outside the 300 s window");
    });
  }

  @Test
  void aKeyOfAnotherDidIsRefusedBeforeAnyResolution() {
    RouterEntry foreign = RegisterFrame.signRouter(did, "did:wba:agents.example:bob#key-1", key(), clock.instant(), "n1");
    assertThat(check.precheck(List.of(foreign), ADDRESS, clock.instant()))
        .hasValueSatisfying(r -> assertThat(r.detail()).startsWith("routers[0].proof.verificationMethod: not a key"));
  }

  @Test
  void aRouterThatDoesNotResolveIsRefusedWithTheResolversReason() {
    List<RouterEntry> entries = List.of(entry(key(), clock.instant(), "n1"));
    Map<String, CompletableFuture<DidDocument>> missing = Map.of(did,
        CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "HTTP 404 for the document")));
    Map<String, CompletableFuture<DidDocument>> slow = Map.of(did, CompletableFuture.failedFuture(new TimeoutException()));

    assertThat(check.verify(entries, missing, ADDRESS, clock.instant())).hasValueSatisfying(r -> assertThat(r.detail())
        .isEqualTo("routers[0].router: the DID does not resolve (DID_NOT_FOUND: HTTP 404 for the document)"));
    assertThat(check.verify(entries, slow, ADDRESS, clock.instant())).hasValueSatisfying(r -> assertThat(r.detail())
        .isEqualTo("routers[0].router: the DID does not resolve (no answer within 10000 ms)"));
  }

  @Test
  void aProofByAnotherKeyIsRefusedAndARefusedRegisterUsesUpNoNonce() {
    PrivateKeyMaterial other = PrivateKeyMaterial.generate(KeyType.ED25519, RANDOM);
    RouterEntry good = entry(key(), clock.instant(), "n1");
    RouterEntry forged = entry(other, clock.instant(), "n2");

    assertThat(check.verify(List.of(good, forged), resolved, ADDRESS, clock.instant())).hasValueSatisfying(r -> assertThat(r.detail())
        .isEqualTo("routers[1].proof.proofValue: the signature does not verify with " + did + "#key-1"));
    assertThat(check.verify(List.of(good), resolved, ADDRESS, clock.instant())).as("n1 is still unused").isEmpty();
  }

  @Test
  void aDidOverItsQuotaIsRefusedBeforeAnyResolution() {
    RegistrationCheck small = new RegistrationCheck(Duration.ofMinutes(5), Duration.ofSeconds(10), 100,
        new RelayLimits(4, 2, 100, MetricsRegistry.create(), Duration.ofMinutes(1), 100, 100, false), clock);
    List<RouterEntry> two = List.of(entry(key(), clock.instant(), "n1"), entry(key(), clock.instant(), "n2"));
    assertThat(small.verify(two, resolved, ADDRESS, clock.instant())).isEmpty();
    List<RouterEntry> third = List.of(entry(key(), clock.instant(), "n3"));
    assertThat(small.precheck(third, ADDRESS, clock.instant())).hasValueSatisfying(r -> assertThat(r.detail())
        .isEqualTo("routers: too many registrations of " + did + " in the time window; retry later"));
    // once the first nonces expire (twice the window), the DID may register again
    clock.advance(Duration.ofMinutes(10));
    assertThat(small.precheck(List.of(entry(key(), clock.instant(), "n4")), ADDRESS, clock.instant())).isEmpty();
  }
}
