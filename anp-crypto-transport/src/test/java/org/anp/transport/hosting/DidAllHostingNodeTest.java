package org.anp.transport.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.json.PyCompactSortedJson;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DidAllHostingNodeTest {
  private static final String API_KEY = "node-1.0123456789abcdef";

  private final TestHttp http = new TestHttp();
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() {
    DidAllHostingNode node =
        DidAllHostingNode.builder().store(DidDocumentStore.inMemory()).apiKey(API_KEY).build();
    server = node.addRoutes(HttpServer.builder()).build();
    base = server.start().join();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private URI didUrl(String did) {
    return base.resolve("/v1/did/" + URLEncoder.encode(did, StandardCharsets.UTF_8));
  }

  private static byte[] bytes(ObjectNode doc) {
    return doc.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The identity's document changed by {@code edit} and signed again with its key. */
  private static ObjectNode resigned(DidAllIdentity id, java.util.function.Consumer<ObjectNode> edit) {
    ObjectNode doc = id.document();
    edit.accept(doc);
    ((ObjectNode) doc.get("proof")).remove("proofValue");
    byte[] signature = id.privateKey().sign(PyCompactSortedJson.bytes(doc));
    ((ObjectNode) doc.get("proof")).put("proofValue", Base64Codec.encodeUrl(signature));
    return doc;
  }

  @Test
  void createResolveUpdateAndDelete() throws Exception {
    DidAllIdentity id = DidAllIdentity.builder().host("localhost").port(base.getPort()).build();
    String did = id.did().toString();
    HttpResponse<byte[]> created =
        http.send("POST", base.resolve("/v1/did"), bytes(id.document()), "Content-Type", "application/text");
    assertThat(created.statusCode()).isEqualTo(201);
    HttpResponse<byte[]> again = http.send("POST", base.resolve("/v1/did"), bytes(id.document()));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(TestHttp.code(again)).isEqualTo("RESOURCE_CONFLICT");

    HttpResponse<byte[]> got = http.send("GET", didUrl(did), new byte[0]);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(bytes(id.document()));

    ObjectNode deprecated =
        resigned(id, d -> d.putObject("deprecation").put("status", "deactivated"));
    HttpResponse<byte[]> updated = http.send("PUT", base.resolve("/v1/did"), bytes(deprecated));
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(http.send("GET", didUrl(did), new byte[0]).body()).isEqualTo(bytes(deprecated));

    HttpResponse<byte[]> noKey = http.send("DELETE", didUrl(did), new byte[0]);
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(TestHttp.code(noKey)).isEqualTo("UNAUTHORIZED");
    assertThat(noKey.headers().firstValue("www-authenticate")).isPresent();
    HttpResponse<byte[]> wrongKey =
        http.send("DELETE", didUrl(did), new byte[0], "Authorization", "Bearer node-1.wrongwrongwrong0");
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    HttpResponse<byte[]> deleted =
        http.send("DELETE", didUrl(did), new byte[0], "Authorization", "Bearer " + API_KEY);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(http.send("GET", didUrl(did), new byte[0]).statusCode()).isEqualTo(404);
    assertThat(http.send("DELETE", didUrl(did), new byte[0], "Authorization", "Bearer " + API_KEY)
        .statusCode()).isEqualTo(404);
  }

  @Test
  void refusesDocumentsWhoseProofOrIdDoesNotCheckOut() throws Exception {
    DidAllIdentity id = DidAllIdentity.builder().build();
    ObjectNode tampered = id.document();
    ((ObjectNode) tampered.get("verificationMethod").get(0)).put("controller", "did:all:someone-else");
    HttpResponse<byte[]> badProof = http.send("POST", base.resolve("/v1/did"), bytes(tampered));
    assertThat(badProof.statusCode()).isEqualTo(400);
    assertThat(TestHttp.code(badProof)).isEqualTo("INVALID_PROOF");

    DidAllIdentity other = DidAllIdentity.builder().build();
    ObjectNode foreignId = id.document();
    foreignId.put("id", other.did().toString());
    HttpResponse<byte[]> wrongId = http.send("POST", base.resolve("/v1/did"), bytes(foreignId));
    assertThat(wrongId.statusCode()).isEqualTo(400);

    HttpResponse<byte[]> garbage =
        http.send("POST", base.resolve("/v1/did"), "[1,2".getBytes(StandardCharsets.UTF_8));
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(TestHttp.code(garbage)).isEqualTo("INVALID_JSON");

    HttpResponse<byte[]> updateUnknown = http.send("PUT", base.resolve("/v1/did"), bytes(id.document()));
    assertThat(updateUnknown.statusCode()).isEqualTo(404);
  }

  @Test
  void unknownAndMalformedDidsInThePath() throws Exception {
    DidAllIdentity id = DidAllIdentity.builder().build();
    HttpResponse<byte[]> unknown = http.send("GET", didUrl(id.did().toString()), new byte[0]);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(TestHttp.code(unknown)).isEqualTo("RESOURCE_NOT_FOUND");
    HttpResponse<byte[]> malformed = http.send("GET", didUrl("not-a-did"), new byte[0]);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(TestHttp.code(malformed)).isEqualTo("INVALID_DID");
  }

  @Test
  void aNodeWithoutApiKeyRefusesDeletion() throws Exception {
    DidAllHostingNode open = DidAllHostingNode.builder().store(DidDocumentStore.inMemory()).build();
    try (HttpServer s = open.addRoutes(HttpServer.builder()).build()) {
      URI b = s.start().join();
      HttpResponse<byte[]> r =
          http.send("DELETE", b.resolve("/v1/did/did%3Aall%3Ax"), new byte[0], "Authorization", "Bearer anything-at-all-here");
      assertThat(r.statusCode()).isEqualTo(401);
    }
    assertThatThrownBy(() -> DidAllHostingNode.builder().apiKey("short")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidAllHostingNode.builder().build()).isInstanceOf(IllegalStateException.class);
  }
}
