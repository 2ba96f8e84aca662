package org.anp.identity.didall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.spi.DocumentFetcher;
import org.anp.identity.spi.ResolutionContext;
import org.junit.jupiter.api.Test;

class DidAllHostingNodesTest {
  private static final URI A = URI.create("https://node-a.test/");
  private static final URI B = URI.create("https://node-b.test/base");
  private static final URI C = URI.create("http://localhost:9000/");

  private final DidAllIdentity alice = DidAllIdentity.builder().build();
  private final Map<String, CompletableFuture<byte[]>> answers = new ConcurrentHashMap<>();
  private final List<URI> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final DocumentFetcher fetcher =
      (uri, maxBytes) -> {
        asked.add(uri);
        return answers.getOrDefault(
            uri.getHost(),
            CompletableFuture.failedFuture(
                new IdentityException(IdentityError.DID_NOT_FOUND, "404 from " + uri.getHost())));
      };

  private ResolutionContext context() {
    return new ResolutionContext(fetcher, Clock.systemUTC(), DidDocument.DEFAULT_MAX_BYTES);
  }

  private static CompletableFuture<byte[]> body(ObjectNode doc) {
    return CompletableFuture.completedFuture(doc.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Did did() {
    return Did.parse(alice.did().toString());
  }

  private static IdentityError codeOf(CompletableFuture<DidDocument> f) {
    Throwable t = f.handle((ok, e) -> e).join();
    Throwable cause = t instanceof java.util.concurrent.CompletionException ? t.getCause() : t;
    assertThat(cause).isInstanceOf(IdentityException.class);
    return ((IdentityException) cause).code();
  }

  @Test
  void asksEveryNodeAtItsEncodedUrlAndTakesAVerifiedDocument() {
    ObjectNode forged = alice.document();
    forged.put("extra", "changed after signing");
    answers.put("node-a.test", body(forged));
    answers.put("node-b.test", body(alice.document()));
    DidAllHostingNodes method = DidAllHostingNodes.builder().node(A).node(B).node(C).build();
    DidDocument doc = method.resolve(did(), context()).join();
    assertThat(doc.id()).isEqualTo(did());
    assertThat(doc.json().has("extra")).isFalse();
    String encoded = alice.did().toString().replace(":", "%3A");
    assertThat(asked).contains(
        URI.create("https://node-a.test/v1/did/" + encoded),
        URI.create("https://node-b.test/base/v1/did/" + encoded),
        URI.create("http://localhost:9000/v1/did/" + encoded));
  }

  @Test
  void allFailedReportsTheMostSpecificError() {
    ObjectNode forged = alice.document();
    forged.put("extra", "x");
    answers.put("node-a.test", body(forged));
    answers.put("localhost", CompletableFuture.failedFuture(
        new IdentityException(IdentityError.RESOLUTION_FAILED, "connection refused")));
    DidAllHostingNodes method = DidAllHostingNodes.builder().node(A).node(B).node(C).build();
    assertThat(codeOf(method.resolve(did(), context()))).isEqualTo(IdentityError.INVALID_PROOF);

    answers.clear();
    answers.put("localhost", CompletableFuture.failedFuture(
        new IdentityException(IdentityError.RESOLUTION_FAILED, "connection refused")));
    assertThat(codeOf(method.resolve(did(), context()))).isEqualTo(IdentityError.DID_NOT_FOUND);

    DidAllHostingNodes onlyC = DidAllHostingNodes.builder().node(C).build();
    assertThat(codeOf(onlyC.resolve(did(), context()))).isEqualTo(IdentityError.RESOLUTION_FAILED);
  }

  @Test
  void aDocumentOfAnotherDidDoesNotCount() {
    DidAllIdentity mallory = DidAllIdentity.builder().build();
    answers.put("node-a.test", body(mallory.document()));
    DidAllHostingNodes method = DidAllHostingNodes.builder().node(A).build();
    assertThat(codeOf(method.resolve(did(), context()))).isEqualTo(IdentityError.INVALID_DOCUMENT);
  }

  @Test
  void nodesThatNeverAnswerEndInResolutionTimeoutButAFastValidOneWins() {
    answers.put("node-a.test", new CompletableFuture<>());
    DidAllHostingNodes slowOnly =
        DidAllHostingNodes.builder().node(A).timeout(Duration.ofMillis(100)).build();
    CompletableFuture<DidDocument> f = slowOnly.resolve(did(), context());
    assertThat(f).failsWithin(5, TimeUnit.SECONDS);
    assertThat(codeOf(f)).isEqualTo(IdentityError.RESOLUTION_TIMEOUT);

    answers.put("node-b.test", body(alice.document()));
    DidAllHostingNodes mixed =
        DidAllHostingNodes.builder().node(A).node(B).timeout(Duration.ofSeconds(5)).build();
    assertThat(mixed.resolve(did(), context()).join().id()).isEqualTo(did());
  }

  @Test
  void worksAsTheAllMethodOfAResolver() {
    answers.put("node-a.test", body(alice.document()));
    DidResolver resolver =
        DidResolver.builder().method(DidAllHostingNodes.builder().node(A).build()).fetcher(fetcher).build();
    assertThat(resolver.resolve(alice.did().toString()).join().id()).isEqualTo(did());
  }

  @Test
  void rejectsBadConfigurationAndOtherMethods() {
    assertThatThrownBy(() -> DidAllHostingNodes.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DidAllHostingNodes.builder().node(URI.create("ftp://x.test/")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidAllHostingNodes.builder().node(URI.create("/relative")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidAllHostingNodes.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    DidAllHostingNodes method = DidAllHostingNodes.builder().node(A).build();
    assertThat(codeOf(method.resolve(Did.parse("did:wba:example.com"), context())))
        .isEqualTo(IdentityError.INVALID_DID);
  }
}
