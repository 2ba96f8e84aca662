package org.anp.integration.guide;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.keys.KeyType;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DirectoryDidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity walk-through of {@code docs/guide.md}, kept compiling and passing: create a
 * did:wba identity, make its document resolvable, sign a request for a service, verify it there.
 */
class IdentityGuideTest {
  @TempDir Path documents;

  @Test
  void anAgentAuthenticatesToAServiceItHasNeverMet() throws IOException {
    // 1. The agent's identity: DID document plus private keys (key-1 signs requests).
    DidWbaIdentity alice =
        DidWbaIdentity.builder().host("agents.example").path("alice").keyType(KeyType.SECP256R1).build();
    assertThat(alice.did()).hasToString("did:wba:agents.example:alice");

    // 2. The service resolves DIDs; here from a directory instead of https://agents.example/alice/did.json.
    Files.write(documents.resolve("alice.json"), alice.document().toBytes());
    DidResolver resolver = DirectoryDidResolver.of(documents);

    // 3. The agent signs a request for https://api.example/orders.
    URI target = URI.create("https://api.example/orders");
    DidWbaAuthenticator authenticator =
        DidWbaAuthenticator.builder()
            .did(alice.did())
            .signingKey("key-1", alice.privateKey("key-1").orElseThrow())
            .build();
    String authorization = authenticator.authorizationHeader(target);

    // 4. The service checks it: document, key in `authentication`, signature, audience, time, nonce.
    DidWbaVerifier verifier = DidWbaVerifier.builder().resolver(resolver).audience("api.example").build();
    AuthRequest request =
        AuthRequest.of("GET", target, Map.of("Authorization", authorization), new byte[0]);
    VerifiedCaller caller = verifier.verify(request).join();
    assertThat(caller.did()).isEqualTo(alice.did());

    // 5. The same header again is a replay, refused with a coded error.
    assertThatThrownBy(() -> verifier.verify(request).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.AUTH_NONCE_REUSED));
    assertThat(new String(alice.document().toBytes(), UTF_8)).doesNotContain("\"d\"");
  }
}
