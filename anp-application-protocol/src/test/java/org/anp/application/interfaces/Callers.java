package org.anp.application.interfaces;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.keys.KeyType;
import org.anp.identity.wba.DidWbaIdentity;

/** Real verified callers: a did:wba identity signs a request and the verifier checks it. */
final class Callers {
  private Callers() {}

  static VerifiedCaller verified(String host) throws Exception {
    DidWbaIdentity id = DidWbaIdentity.builder().host(host).keyType(KeyType.SECP256R1).build();
    URI target = URI.create("https://hotel.test/rpc");
    DidWbaAuthenticator authenticator =
        DidWbaAuthenticator.builder()
            .did(id.did())
            .signingKey("key-1", id.privateKey("key-1").orElseThrow())
            .build();
    DidWbaVerifier verifier =
        DidWbaVerifier.builder()
            .resolver(did -> CompletableFuture.completedFuture(id.document()))
            .audience("hotel.test")
            .build();
    AuthRequest request =
        AuthRequest.of(
            "POST", target, Map.of("Authorization", authenticator.authorizationHeader(target)), new byte[0]);
    return verifier.verify(request).get(30, TimeUnit.SECONDS);
  }
}
