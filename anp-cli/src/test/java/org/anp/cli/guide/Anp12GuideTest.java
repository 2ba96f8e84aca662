package org.anp.cli.guide;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.DidAuthenticationGate;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.identity.auth.HttpSignatureVerifier;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DirectoryDidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.meta.selection.DeclaredCapability;
import org.anp.meta.selection.DeclaredInterface;
import org.anp.meta.selection.DeclaredInterfacesProvider;
import org.anp.meta.selection.Intent;
import org.anp.meta.selection.MetaSelectionClient;
import org.anp.meta.selection.MetaSelectionService;
import org.anp.meta.selection.NegotiateRequestBody;
import org.anp.meta.selection.NegotiationResult;
import org.anp.meta.selection.NegotiationStatus;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpServer;
import org.anp.transport.p1.P1Capabilities;
import org.anp.transport.p1.P1Client;
import org.anp.transport.p1.P1Dispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java snippets of the guide's "ANP 1.2" section, so that they compile and work. */
class Anp12GuideTest {
  @TempDir Path documents;

  @Test
  void rfc9421ClientAndServer() throws IOException {
    DidWbaIdentity alice = DidWbaIdentity.builder().host("agents.example").path("alice").build();
    Files.write(documents.resolve("alice.json"), alice.document().toBytes());

    // 1. The client signs each request: Signature-Input, Signature and, with a body, Content-Digest.
    HttpSignatureAuthenticator client = HttpSignatureAuthenticator.builder()
        .did(alice.did())
        .signingKey("key-1", alice.privateKey("key-1").orElseThrow())
        .build();
    URI target = URI.create("https://api.example/orders");
    byte[] body = "{\"item\":42}".getBytes(UTF_8);
    Map<String, String> headers = client.sign("POST", target, body);

    // 2. The server's gate verifies them (sans I/O) and says what to answer.
    DidResolver resolver = DirectoryDidResolver.of(documents);
    DidAuthenticationGate gate = DidAuthenticationGate.builder()
        .verifier(HttpSignatureVerifier.builder().resolver(resolver).build())
        .acceptDidWbaHeader(DidWbaVerifier.builder().resolver(resolver).audience("api.example").build())
        .build();
    DidAuthenticationGate.Decision decision = gate.authenticate(AuthRequest.of("POST", target, headers, body)).join();
    // decision.granted(); decision.caller() is alice; a failure is a 401 with WWW-Authenticate

    assertThat(headers).containsKeys("Signature-Input", "Signature", "Content-Digest");
    assertThat(decision.granted()).isTrue();
    assertThat(decision.caller().orElseThrow().did()).isEqualTo(alice.did());
    DidAuthenticationGate.Decision tampered =
        gate.authenticate(AuthRequest.of("POST", target, headers, "{}".getBytes(UTF_8))).join();
    assertThat(tampered.granted()).isFalse();
    assertThat(tampered.status()).isEqualTo(401);
    assertThat(tampered.headers().get("WWW-Authenticate")).contains("invalid_content_digest");
  }

  @Test
  void capabilitiesAndSelectionOverP1() {
    String hotelDid = "did:wba:hotel.example";

    // The hotel: its declared interfaces, ANP-06 1.2 selection over them, on a P1 dispatcher.
    DeclaredInterfacesProvider provider = DeclaredInterfacesProvider.builder()
        .capability(DeclaredCapability.of("cap.hotel.booking", "book_hotel_room", List.of("hotel.booking")))
        .declaredInterface(DeclaredInterface.builder("interface.booking.v1", DeclaredInterface.STRUCTURED,
                "openrpc", "https://hotel.example/api/booking.openrpc.json")
            .capabilities("cap.hotel.booking")
            .build())
        .build();
    MetaSelectionService selection = MetaSelectionService.builder(hotelDid, provider).build();
    P1Dispatcher dispatcher = selection.register(P1Dispatcher.builder().serviceDid(hotelDid)).build();
    HttpServer server = dispatcher.mount(HttpServer.builder(), "/anp", AuthPolicy.NONE).build();
    URI endpoint = URI.create("http://localhost:" + server.start().join().getPort() + "/anp");

    // A caller: capabilities first, then a selection among the hotel's existing interfaces.
    MetaSelectionClient caller = MetaSelectionClient.builder(P1Client.builder().build()).build();
    P1Capabilities capabilities = caller.capabilities(endpoint).join();
    NegotiateRequestBody request =
        NegotiateRequestBody.builder(Intent.of("book_hotel_room", List.of("hotel.booking"))).build();
    NegotiationResult result = caller.negotiate(endpoint, hotelDid, request).join();
    // result.status() is ACCEPTED, result.selected() names interface.booking.v1 and its url;
    // the result is cached until result.validUntil()

    try {
      assertThat(capabilities.serviceDid()).isEqualTo(hotelDid);
      assertThat(capabilities.profiles()).contains("anp.core.binding.v1", "anp.meta.negotiation.v1");
      assertThat(result.status()).isEqualTo(NegotiationStatus.ACCEPTED);
      assertThat(result.selected().orElseThrow().interfaceId()).hasValue("interface.booking.v1");
      assertThat(result.validUntil()).isPresent();
      assertThat(caller.negotiate(endpoint, hotelDid, request).join()).isSameAs(result);
    } finally {
      server.close();
    }
  }
}
