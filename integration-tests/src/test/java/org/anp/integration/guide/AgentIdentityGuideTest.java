package org.anp.integration.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.IdentityStore;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.resolve.DirectoryDidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.messenger.LocalIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "one agent identity" walk-through (for {@code docs/guide.md}), kept compiling and passing:
 * create and store an identity, load it, use its keys by role, change its document and store it
 * again.
 */
class AgentIdentityGuideTest {
  @TempDir Path home;

  @Test
  void anAgentKeepsItsIdentityInADirectoryAndChangesItsDocument() throws Exception {
    // Create once; store in the layout `anp did create` writes (directory 0700, did.json 0644, keys 0600).
    AgentIdentity alice = AgentIdentity.from(DidWbaIdentity.builder().host("agents.example").path("alice").build());
    IdentityStore store = IdentityStore.directory(home.resolve("alice"));
    store.create(alice);

    // In the agent: load it (a key file others may read, or one that does not fit, is refused).
    AgentIdentity me = store.load();
    IdentityKey auth = me.requireKey(KeyRole.AUTHENTICATION);      // key-1: DIDWba headers, relay registration
    DidWbaAuthenticator authenticator =
        DidWbaAuthenticator.builder().did(me.did()).signingKey(auth.fragment(), auth.privateKey()).build();
    LocalIdentity messaging = LocalIdentity.from(me);                // hellos signed with the E2E key, key-2
    assertThat(messaging.e2eKeyId()).isEqualTo(me.requireKey(KeyRole.E2E).id()).endsWith("#key-2");

    // A service checks the header against the document the agent published.
    Path documents = Files.createDirectories(home.resolve("published"));
    Files.write(documents.resolve("alice.json"), me.document().toBytes());
    URI target = URI.create("https://api.example/orders");
    AuthRequest request = AuthRequest.of("GET", target, Map.of("Authorization", authenticator.authorizationHeader(target)), new byte[0]);
    DidWbaVerifier verifier = DidWbaVerifier.builder().resolver(DirectoryDidResolver.of(documents)).audience("api.example").build();
    assertThat(verifier.verify(request).join().did()).isEqualTo(me.did());

    // Change the document: a new service and a new E2E key, signed again; store, then publish it.
    AgentIdentity next = me.toBuilder()
        .service("ad", "AgentDescription", "https://agents.example/alice/ad.json")
        .rotateKey(KeyRole.E2E)
        .build();
    store.store(next);
    assertThat(store.load().document().serviceOfType("AgentDescription")).isPresent();
    assertThat(store.load().requireKey(KeyRole.E2E).privateKey().publicKey())
        .isNotEqualTo(me.requireKey(KeyRole.E2E).privateKey().publicKey());
  }
}
