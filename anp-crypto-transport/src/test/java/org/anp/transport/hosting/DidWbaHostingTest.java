package org.anp.transport.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.did.Did;
import org.anp.identity.proof.DocumentProofs;
import org.anp.identity.proof.ProofSuite;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DidWbaHostingTest {
  private final TestHttp http = new TestHttp();
  private final DidDocumentStore store = DidDocumentStore.inMemory();
  private HttpServer server;
  private int port;

  @BeforeEach
  void start() {
    DidWbaHosting hosting =
        DidWbaHosting.builder().store(store).domains("localhost").maxDocumentBytes(16 * 1024).build();
    DidResolver network = DidResolver.builder().methodsFromServiceLoader().build();
    DidWbaVerifier verifier =
        DidWbaVerifier.builder().resolver(hosting.localResolver(network)).audience("localhost").build();
    server = hosting.addRoutes(HttpServer.builder().authentication(verifier)).build();
    port = server.start().join().getPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private DidWbaIdentity identity(String path) {
    return DidWbaIdentity.builder().host("localhost").port(port).path(path).build();
  }

  private URI url(DidWbaIdentity id) {
    return URI.create("http://localhost:" + port + id.didWba().documentUrl().getRawPath());
  }

  private static String authorization(DidWbaIdentity id, URI target) {
    return DidWbaAuthenticator.builder()
        .did(id.did())
        .signingKey("key-1", id.privateKey("key-1").orElseThrow())
        .build()
        .authorizationHeader(target);
  }

  private HttpResponse<byte[]> put(URI uri, byte[] body, String... headers) throws Exception {
    return http.send("PUT", uri, body, headers);
  }

  @Test
  void createsThenServesTheDocumentAtItsUrl() throws Exception {
    DidWbaIdentity alice = identity("u/alice");
    byte[] doc = alice.document().toBytes();
    HttpResponse<byte[]> created = put(url(alice), doc, "Content-Type", "application/json");
    assertThat(created.statusCode()).isEqualTo(201);
    HttpResponse<byte[]> got = http.send("GET", url(alice), new byte[0]);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(doc);
    assertThat(got.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(http.send("HEAD", url(alice), new byte[0]).statusCode()).isEqualTo(200);
    assertThat(store.get(alice.did())).isPresent();
  }

  @Test
  void hostsTheWellKnownDocumentOfADidWithoutPath() throws Exception {
    DidWbaIdentity root = identity("");
    assertThat(url(root).getPath()).isEqualTo("/.well-known/did.json");
    assertThat(put(url(root), root.document().toBytes()).statusCode()).isEqualTo(201);
    assertThat(http.send("GET", url(root), new byte[0]).body()).isEqualTo(root.document().toBytes());
  }

  @Test
  void replacingNeedsAuthenticationByThatDid() throws Exception {
    DidWbaIdentity alice = identity("u/alice");
    DidWbaIdentity bob = identity("u/bob");
    assertThat(put(url(alice), alice.document().toBytes()).statusCode()).isEqualTo(201);
    assertThat(put(url(bob), bob.document().toBytes()).statusCode()).isEqualTo(201);
    byte[] again = alice.document().toBytes();

    HttpResponse<byte[]> anonymous = put(url(alice), again);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(TestHttp.code(anonymous)).isEqualTo("AUTH_CREDENTIALS_MISSING");
    assertThat(anonymous.headers().firstValue("www-authenticate")).isPresent();

    HttpResponse<byte[]> byBob = put(url(alice), again, "Authorization", authorization(bob, url(alice)));
    assertThat(byBob.statusCode()).isEqualTo(403);
    assertThat(TestHttp.code(byBob)).isEqualTo("DID_FORBIDDEN");

    HttpResponse<byte[]> byAlice = put(url(alice), again, "Authorization", authorization(alice, url(alice)));
    assertThat(byAlice.statusCode()).isEqualTo(200);
  }

  @Test
  void refusesDocumentsThatDoNotVerifyForTheUrl() throws Exception {
    DidWbaIdentity alice = identity("u/alice");
    DidWbaIdentity bob = identity("u/bob");
    HttpResponse<byte[]> wrongUrl = put(url(alice), bob.document().toBytes());
    assertThat(wrongUrl.statusCode()).isEqualTo(400);
    assertThat(TestHttp.code(wrongUrl)).isEqualTo("INVALID_DOCUMENT");

    ObjectNode unsigned = alice.document().jsonWithoutProof();
    HttpResponse<byte[]> noProof = put(url(alice), unsigned.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(noProof.statusCode()).isEqualTo(400);
    assertThat(TestHttp.code(noProof)).isEqualTo("INVALID_PROOF");

    ObjectNode tampered = alice.document().json();
    tampered.putArray("service").addObject()
        .put("id", alice.did() + "#ad").put("type", "AgentDescription")
        .put("serviceEndpoint", "https://evil.test/ad.json");
    HttpResponse<byte[]> badProof = put(url(alice), tampered.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(badProof.statusCode()).isEqualTo(400);
    assertThat(TestHttp.code(badProof)).isEqualTo("INVALID_PROOF");

    HttpResponse<byte[]> garbage = put(url(alice), "{not json".getBytes(StandardCharsets.UTF_8));
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(TestHttp.code(garbage)).isEqualTo("INVALID_JSON");

    byte[] huge = ("{\"id\":\"" + "x".repeat(17 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> tooLarge = put(url(alice), huge);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(TestHttp.code(tooLarge)).isEqualTo("INPUT_TOO_LARGE");
    assertThat(store.get(alice.did())).isEmpty();
  }

  // Documents decode keys on first use (decision 0007); hosting decodes every key before storing.
  @Test
  void refusesADocumentWithAnInvalidKeyItDoesNotOtherwiseUse() throws Exception {
    DidWbaIdentity alice = identity("u/alice");
    ObjectNode document = alice.document().jsonWithoutProof();
    ObjectNode jwk = (ObjectNode) document.get("verificationMethod").get(1).get("publicKeyJwk");
    String y = jwk.get("y").textValue();
    jwk.put("y", y.substring(0, 10) + (y.charAt(10) == 'A' ? 'B' : 'A') + y.substring(11));
    ObjectNode signed = DocumentProofs.sign(
        document, alice.privateKey("key-1").orElseThrow(), alice.did() + "#key-1", ProofSuite.EDDSA_JCS_2022, Instant.now());

    HttpResponse<byte[]> refused = put(url(alice), signed.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(TestHttp.code(refused)).isEqualTo("INVALID_KEY");
    assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("verificationMethod[1].publicKeyJwk");
    assertThat(store.get(alice.did())).isEmpty();
  }

  @Test
  void unknownHostsAndOtherPathsAreNotFound() throws Exception {
    DidWbaIdentity alice = identity("u/alice");
    assertThat(http.send("GET", url(alice), new byte[0]).statusCode()).isEqualTo(404);
    assertThat(http.send("GET", URI.create("http://localhost:" + port + "/u/alice/other.json"), new byte[0])
        .statusCode()).isEqualTo(404);
  }

  @Test
  void aLoopbackAddressServesTheLocalhostDocuments() throws Exception {
    DidWbaIdentity alice = identity("u/alice");
    assertThat(put(url(alice), alice.document().toBytes()).statusCode()).isEqualTo(201);
    URI byIp = URI.create("http://127.0.0.1:" + port + alice.didWba().documentUrl().getRawPath());

    HttpResponse<byte[]> got = http.send("GET", byIp, new byte[0]);

    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(alice.document().toBytes());
  }

  @Test
  void aLoopbackAddressIsNotHostedWithoutLocalhost() throws Exception {
    HttpServer other = DidWbaHosting.builder().store(store).domains("agents.example").build()
        .addRoutes(HttpServer.builder()).build();
    try {
      int otherPort = other.start().join().getPort();
      DidWbaIdentity alice = identity("u/alice");
      assertThat(put(url(alice), alice.document().toBytes()).statusCode()).isEqualTo(201);

      HttpResponse<byte[]> byIp =
          http.send("GET", URI.create("http://127.0.0.1:" + otherPort + alice.didWba().documentUrl().getRawPath()), new byte[0]);

      assertThat(byIp.statusCode()).isEqualTo(404);
      assertThat(TestHttp.code(byIp)).isEqualTo("RESOURCE_NOT_FOUND");
      assertThat(new String(byIp.body(), StandardCharsets.UTF_8)).contains("127.0.0.1 is not hosted here");
    } finally {
      other.close();
    }
  }

  @Test
  void deactivationNeedsTheDidAndRemovesTheDocument() throws Exception {
    DidWbaIdentity alice = identity("u/alice");
    assertThat(put(url(alice), alice.document().toBytes()).statusCode()).isEqualTo(201);
    HttpResponse<byte[]> anonymous = http.send("DELETE", url(alice), new byte[0]);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<byte[]> deleted =
        http.send("DELETE", url(alice), new byte[0], "Authorization", authorization(alice, url(alice)));
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(http.send("GET", url(alice), new byte[0]).statusCode()).isEqualTo(404);
    // the DID no longer resolves, so it cannot authenticate any more
    HttpResponse<byte[]> again =
        http.send("DELETE", url(alice), new byte[0], "Authorization", authorization(alice, url(alice)));
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(TestHttp.code(again)).isEqualTo("AUTH_DID_UNRESOLVABLE");
  }

  @Test
  void localResolverAnswersHostedDidsAndDelegatesTheRest() throws Exception {
    DidWbaHosting hosting = DidWbaHosting.builder().store(store).domains("localhost").build();
    DidWbaIdentity alice = identity("u/alice");
    store.put(alice.did(), alice.document().toBytes());
    DidResolver local = hosting.localResolver(did -> java.util.concurrent.CompletableFuture.failedFuture(
        new IllegalStateException("fallback for " + did)));
    assertThat(local.resolve(alice.did()).join().id()).isEqualTo(alice.did());
    assertThat(local.resolve(Did.parse("did:wba:localhost:nobody"))).failsWithin(java.time.Duration.ofSeconds(1))
        .withThrowableThat().withMessageContaining("fallback for did:wba:localhost:nobody");
  }

  @Test
  void builderNeedsAStoreAndBareDomains() {
    assertThatThrownBy(() -> DidWbaHosting.builder().domains("localhost").build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DidWbaHosting.builder().domains("localhost:80"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
