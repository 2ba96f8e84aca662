package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.keys.KeyType;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.Test;

/** A signature made for one service is refused by a verifier that answers for another host. */
class HttpSignatureAudienceTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC);
  private static final DidWbaIdentity ALICE =
      DidWbaIdentity.builder().host("alice.example").keyType(KeyType.SECP256R1).build();

  private final HttpSignatureAuthenticator client = HttpSignatureAuthenticator.builder()
      .did(ALICE.did()).signingKey("key-1", ALICE.privateKey("key-1").orElseThrow()).clock(CLOCK).build();

  private HttpSignatureVerifier verifier(String... audience) {
    return HttpSignatureVerifier.builder()
        .resolver(did -> CompletableFuture.completedFuture(ALICE.document()))
        .clock(CLOCK).audience(audience).build();
  }

  private AuthRequest signedFor(URI target) {
    return AuthRequest.of("GET", target, Map.copyOf(client.sign("GET", target, new byte[0])), new byte[0]);
  }

  @Test
  void aRequestForThisServersHostIsAccepted() {
    AuthRequest request = signedFor(URI.create("https://orders.example/rpc"));
    assertThat(verifier("Orders.Example").verify(request).join().did()).isEqualTo(ALICE.did());
  }

  @Test
  void aRequestSignedForAnotherServiceIsRefusedBeforeAnythingElse() {
    AuthRequest request = signedFor(URI.create("https://payments.example/rpc"));
    assertThatThrownBy(() -> verifier("orders.example").verify(request).join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(IdentityException.class)
        .satisfies(e -> {
          assertThat(((IdentityException) e).code()).isEqualTo(IdentityError.AUTH_AUDIENCE_MISMATCH);
          assertThat(((IdentityException) e).code().wireName()).isEqualTo("invalid_request");
        });
    // without an audience the same request verifies: the check is what refuses it
    assertThat(verifier().verify(request).join().did()).isEqualTo(ALICE.did());
  }
}
