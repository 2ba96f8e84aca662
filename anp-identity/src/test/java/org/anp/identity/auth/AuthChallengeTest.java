package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

  @Test
  void challengeCarriesTheOauthErrorAndASafeDescription() {
    IdentityException e = new IdentityException(IdentityError.AUTH_NONCE_REUSED, "nonce: \"x\" used\n");
    assertThat(AuthChallenge.status(e)).isEqualTo(401);
    assertThat(AuthChallenge.wwwAuthenticate(e, Optional.of("abc")))
        .isEqualTo("Bearer error=\"invalid_nonce\", error_description=\"AUTH_NONCE_REUSED: nonce: 'x' used'\", nonce=\"abc\"");
    assertThat(AuthChallenge.wwwAuthenticate(new IdentityException(IdentityError.DID_FORBIDDEN, "no")))
        .startsWith("Bearer error=\"forbidden_did\"").doesNotContain("nonce");
    assertThat(AuthChallenge.status(new IdentityException(IdentityError.DID_FORBIDDEN, "no"))).isEqualTo(403);
    var json = AuthChallenge.jsonError(e, Optional.of("n"));
    assertThat(json.path("code").asInt()).isEqualTo(401);
    assertThat(json.path("error").asText()).isEqualTo("invalid_nonce");
    assertThat(json.path("nonce").asText()).isEqualTo("n");
    assertThatThrownBy(() -> AuthChallenge.wwwAuthenticate(e, Optional.of("a\"b"))).isInstanceOf(IllegalArgumentException.class);
    String longMessage = "x".repeat(1000);
    assertThat(AuthChallenge.wwwAuthenticate(new IdentityException(IdentityError.AUTH_SIGNATURE_INVALID, longMessage)).length())
        .isLessThan(300);
  }
}
