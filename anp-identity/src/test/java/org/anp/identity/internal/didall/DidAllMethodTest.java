package org.anp.identity.internal.didall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.didall.DidAll;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.identity.spi.ResolutionContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DidAllMethodTest {
  private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
  private HttpServer server;
  private int port;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/did/",
        exchange -> {
          byte[] body = documents.get(exchange.getRequestURI().getRawPath());
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void hostingNodeUrlEncodesTheDidAsOneSegment() {
    DidAll did = DidAll.parse("did:all:14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www@example.com:8443");
    assertThat(new DidAllMethod().documentUrl(did))
        .hasToString("https://example.com:8443/v1/did/did%3Aall%3A14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www%40example.com%3A8443");
    assertThat(new DidAllMethod().documentUrl(did.withHost("example.com", OptionalInt.empty())).toString())
        .startsWith("https://example.com/v1/did/");
  }

  @Test
  void resolvesFromTheHostingNodeNamedInTheSuffix() throws IOException {
    DidAllIdentity identity = DidAllIdentity.builder().host("localhost").port(port).build();
    DidAllMethod method = DidAllMethod.insecureHttpForLoopback();
    documents.put(
        method.documentUrl(identity.did()).getRawPath(),
        new ObjectMapper().writeValueAsBytes(identity.document()));
    ResolutionContext context =
        new ResolutionContext(DocumentFetchers.insecureAllowLoopbackHttp(), Clock.systemUTC(), 64 * 1024);
    Did did = Did.parse(identity.did().toString());
    assertThat(did.methodSpecificId()).contains("@localhost:");
    assertThat(method.resolve(did, context).join().id()).isEqualTo(did);
  }

  @Test
  void fetchesAndVerifiesFromTheHostingNode() throws IOException {
    DidAllIdentity identity = DidAllIdentity.builder().host("localhost").port(port).build();
    DidAllIdentity other = DidAllIdentity.builder().host("localhost").port(port).build();
    DidAllMethod method = DidAllMethod.insecureHttpForLoopback();
    ObjectMapper mapper = new ObjectMapper();
    documents.put(method.documentUrl(identity.did()).getRawPath(), mapper.writeValueAsBytes(identity.document()));
    // the node serves someone else's document under the second DID
    documents.put(method.documentUrl(other.did()).getRawPath(), mapper.writeValueAsBytes(identity.document()));
    ResolutionContext context =
        new ResolutionContext(DocumentFetchers.insecureAllowLoopbackHttp(), Clock.systemUTC(), 64 * 1024);

    assertThat(mapper.readTree(method.fetchVerified(identity.did(), context).join()))
        .isEqualTo(identity.document());
    assertThatThrownBy(() -> method.fetchVerified(other.did(), context).join())
        .hasCauseInstanceOf(IdentityException.class)
        .hasMessageContaining("does not equal the requested DID");
  }

  @Test
  void aDidWithoutHostingNodeIsNotFound() {
    ResolutionContext context =
        new ResolutionContext(DocumentFetchers.insecureAllowLoopbackHttp(), Clock.systemUTC(), 64 * 1024);
    Did did = Did.parse("did:all:14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www");
    assertThatThrownBy(() -> new DidAllMethod().resolve(did, context).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IdentityException.class)
        .hasMessageContaining("DID_NOT_FOUND");
  }
}
