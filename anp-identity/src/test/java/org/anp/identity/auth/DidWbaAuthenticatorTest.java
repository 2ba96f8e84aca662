package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.Test;

/** Client-side header shape, domain rule and bearer-token reuse. */
class DidWbaAuthenticatorTest {
  private static final DidWbaIdentity ID = DidWbaIdentity.builder().host("alice.example.com").build();
  private final DidWbaVerifierTest.ManualClock clock =
      new DidWbaVerifierTest.ManualClock(Instant.parse("2026-01-02T03:04:05.678Z"));

  private DidWbaAuthenticator authenticator() {
    return DidWbaAuthenticator.builder().did(ID.did()).signingKey("key-1", ID.privateKey("key-1").orElseThrow())
        .clock(clock).random(new SecureRandom()).build();
  }

  @Test
  void headerSignsTheBareLowerCaseHostAndWholeSeconds() {
    String value = authenticator().authorizationHeader(URI.create("https://API.Example.com:8443/x/y?q"));
    DidWbaAuthHeader h = DidWbaAuthHeader.parse(value);
    assertThat(value).startsWith("DIDWba did=\"" + ID.did() + "\", nonce=\"");
    assertThat(h.version()).isEmpty();
    assertThat(h.timestamp()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(h.nonce()).matches("[0-9a-f]{32}");
    assertThat(DidWbaVerifier.verifySignature(h, ID.document(), "api.example.com").fragment()).isEqualTo("key-1");
    assertThat(authenticator().authorizationHeader(URI.create("https://api.example.com/"))).doesNotContain(h.nonce());
  }

  @Test
  void storesTokensPerHostAndHonoursExpiry() {
    DidWbaAuthenticator a = authenticator();
    URI api = URI.create("https://api.example.com/rpc");
    assertThat(a.bearerHeader(api)).isEmpty();
    a.acceptResponseHeaders(api, Map.of("authentication-info", List.of("access_token=\"t1\", token_type=\"Bearer\", expires_in=60"),
        "Authorization", List.of("Bearer ignored")));
    assertThat(a.bearerHeader(URI.create("https://api.example.com:9443/other"))).contains("Bearer t1");
    assertThat(a.bearerHeader(URI.create("https://elsewhere.example.com/"))).isEmpty();
    clock.set(clock.instant().plus(Duration.ofSeconds(60)));
    assertThat(a.bearerHeader(api)).isEmpty();
    a.acceptResponseHeaders(api, Map.of("Authorization", List.of("Bearer t2")));
    assertThat(a.bearerHeader(api)).contains("Bearer t2");
    a.acceptResponseHeaders(api, Map.of("Content-Type", List.of("text/plain")));
    assertThat(a.bearerHeader(api)).contains("Bearer t2");
    a.forgetToken(api);
    assertThat(a.bearerHeader(api)).isEmpty();
  }

  @Test
  void builderRefusesIncompleteOrWrongKeys() {
    assertThatThrownBy(() -> DidWbaAuthenticator.builder().did(ID.did()).build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DidWbaAuthenticator.builder().signingKey("key-1", PrivateKeyMaterial.generate(KeyType.X25519, new SecureRandom())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidWbaAuthenticator.builder().signingKey("a#b", ID.privateKey("key-1").orElseThrow()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authenticator().authorizationHeader(URI.create("mailto:x@y")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
