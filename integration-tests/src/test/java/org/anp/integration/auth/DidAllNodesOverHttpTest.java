package org.anp.integration.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAllHostingNodes;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.transport.hosting.DidAllHostingNode;
import org.anp.transport.hosting.DidDocumentStore;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** did:all resolution across several real hosting nodes, one honest, one forged, one empty. */
class DidAllNodesOverHttpTest {
  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(HttpServer::close);
  }

  private URI node(DidDocumentStore store) {
    HttpServer server = DidAllHostingNode.builder().store(store).build().addRoutes(HttpServer.builder()).build();
    servers.add(server);
    return URI.create("http://localhost:" + server.start().join().getPort() + "/");
  }

  private static DidResolver resolver(DidAllHostingNodes nodes) {
    return DidResolver.builder().method(nodes).fetcher(DocumentFetchers.insecureAllowLoopbackHttp()).cacheSize(0).build();
  }

  private static IdentityError failure(DidResolver resolver, Did did) {
    try {
      resolver.resolve(did).join();
    } catch (CompletionException e) {
      return ((IdentityException) e.getCause()).code();
    }
    throw new AssertionError("resolution of " + did + " succeeded");
  }

  @Test
  void theDocumentThatVerifiesWinsOverAForgedOneAndAMissingOne() throws Exception {
    DidAllIdentity alice = DidAllIdentity.builder().build();
    Did did = Did.parse(alice.did().toString());
    ObjectNode forged = alice.document();
    forged.putArray("service").addObject().put("id", did + "#communication")
        .put("type", "messageService").put("serviceEndpoint", "wss://evil.test/");
    DidDocumentStore forgedStore = DidDocumentStore.inMemory();
    forgedStore.put(did, forged.toString().getBytes(StandardCharsets.UTF_8));
    DidDocumentStore honest = DidDocumentStore.inMemory();
    URI forgedNode = node(forgedStore);
    URI emptyNode = node(DidDocumentStore.inMemory());
    URI honestNode = node(honest);
    // publish through the node API, as a client would
    java.net.http.HttpResponse<String> created = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(honestNode.resolve("v1/did"))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(alice.document().toString()))
            .header("Content-Type", "application/json").build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);

    DidResolver all = resolver(DidAllHostingNodes.builder().node(forgedNode).node(emptyNode).node(honestNode).build());
    DidDocument resolved = all.resolve(did).join();
    assertThat(resolved.id()).isEqualTo(did);
    assertThat(resolved.services()).isEmpty();

    DidResolver badOnly = resolver(DidAllHostingNodes.builder().node(emptyNode).node(forgedNode).build());
    assertThat(failure(badOnly, did)).isEqualTo(IdentityError.INVALID_PROOF);
    DidResolver emptyOnly = resolver(DidAllHostingNodes.builder().node(emptyNode).build());
    assertThat(failure(emptyOnly, did)).isEqualTo(IdentityError.DID_NOT_FOUND);
  }

  @Test
  void nodesThatNeverAnswerEndInResolutionTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      DidAllIdentity alice = DidAllIdentity.builder().build();
      DidResolver stuck = resolver(DidAllHostingNodes.builder()
          .node(URI.create("http://localhost:" + silent.getLocalPort() + "/"))
          .timeout(Duration.ofMillis(500)).build());
      assertThat(failure(stuck, Did.parse(alice.did().toString()))).isEqualTo(IdentityError.RESOLUTION_TIMEOUT);
    }
  }
}
