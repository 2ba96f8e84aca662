package org.anp.identity.didweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.resolve.DidResolver;
import org.junit.jupiter.api.Test;

class DidWebTest {
  private static final String DOC =
      "{\"@context\":[\"https://www.w3.org/ns/did/v1\"],\"id\":\"%s\",\"verificationMethod\":[{\"id\":\"%s#k\","
          + "\"type\":\"Multikey\",\"controller\":\"%s\",\"publicKeyMultibase\":"
          + "\"z6MkoHgciEnM1XCKwYmF4fdsDyukxwpXtyihKaCw8jD3YhEg\"}],\"authentication\":[\"%s#k\"]%s}";

  @Test
  void documentUrlsFollowTheDidWebRule() {
    assertThat(DidWeb.parse("did:web:Example.COM").documentUrl())
        .isEqualTo(URI.create("https://example.com/.well-known/did.json"));
    assertThat(DidWeb.parse("did:web:example.com%3A8443:user:alice").documentUrl())
        .isEqualTo(URI.create("https://example.com:8443/user/alice/did.json"));
    assertThat(DidWeb.parse("did:web:example.com%3A8443:user:alice").toString())
        .isEqualTo("did:web:example.com%3A8443:user:alice");
  }

  @Test
  void rejectsMalformedDids() {
    for (String bad : new String[] {"did:wba:example.com", "did:web:", "did:web:exa mple.com", "did:web:a.com::x",
        "did:web:a.com%3A99999", "did:web:a.com:..", "did:web:a.com%3Ax"}) {
      assertThatThrownBy(() -> DidWeb.parse(bad)).as(bad).isInstanceOfSatisfying(IdentityException.class,
          e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID));
    }
  }

  @Test
  void resolvesThroughTheServiceLoaderWithoutProofAndRefusesDeactivatedOrForeignDocuments() {
    String did = "did:web:web.example:agent:alice";
    Map<URI, String> hosted = new java.util.HashMap<>();
    URI url = URI.create("https://web.example/agent/alice/did.json");
    DidResolver resolver = DidResolver.builder().methodsFromServiceLoader().cacheSize(0)
        .fetcher((uri, max) -> hosted.containsKey(uri)
            ? CompletableFuture.completedFuture(hosted.get(uri).getBytes(StandardCharsets.UTF_8))
            : CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "404")))
        .build();

    hosted.put(url, String.format(DOC, did, did, did, did, ""));
    DidDocument doc = resolver.resolve(Did.parse(did)).join();
    assertThat(doc.id().toString()).isEqualTo(did);

    hosted.put(url, String.format(DOC, did, did, did, did, ",\"deactivated\":true"));
    expectFailure(resolver, did, IdentityError.DID_NOT_FOUND);

    String other = "did:web:web.example:agent:bob";
    hosted.put(url, String.format(DOC, other, other, other, other, ""));
    expectFailure(resolver, did, IdentityError.INVALID_DOCUMENT);
  }

  private static void expectFailure(DidResolver resolver, String did, IdentityError code) {
    assertThatThrownBy(() -> resolver.resolve(Did.parse(did)).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
