package org.anp.cli.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.anp.cli.CliRun;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityStore;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.did.AnpMessageService;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.meta.selection.DeclaredCapability;
import org.anp.meta.selection.DeclaredInterface;
import org.anp.meta.selection.DeclaredInterfacesProvider;
import org.anp.meta.selection.MetaSelectionService;
import org.anp.transport.hosting.DidDocumentStore;
import org.anp.transport.hosting.DidWbaHosting;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpServer;
import org.anp.transport.p1.P1Dispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anp capabilities} and {@code anp negotiate} against a hotel agent on loopback: a P1
 * dispatcher with ANP-06 1.2 selection over its declared interfaces, and a DID host serving the
 * hotel's document (with its {@code ANPMessageService} entry) and the caller's.
 */
class SelectionCommandsTest {
  private static final String BOOKING = "interface.booking.structured.v1";
  private static final String VIP = "interface.vip.structured.v1";

  @TempDir Path dir;

  private HttpServer documents;
  private HttpServer hotel;
  private URI endpoint;
  private String hotelDid;
  private String plainDid;
  private Path alice;

  @BeforeEach
  void start() {
    DidDocumentStore store = DidDocumentStore.inMemory();
    DidWbaHosting hosting = DidWbaHosting.builder().store(store).domains("localhost").build();
    documents = hosting.addRoutes(HttpServer.builder()).build();
    int docPort = documents.start().join().getPort();
    DidWbaIdentity hotelId = DidWbaIdentity.builder().host("localhost").port(docPort).path("agents/hotel").build();
    DidWbaIdentity aliceId = DidWbaIdentity.builder().host("localhost").port(docPort).path("agents/alice").build();
    DidWbaIdentity plain = DidWbaIdentity.builder().host("localhost").port(docPort).path("agents/plain").build();
    hotelDid = hotelId.did().toString();
    plainDid = plain.did().toString();
    store.put(aliceId.did(), aliceId.document().toBytes());
    store.put(plain.did(), plain.document().toBytes());

    DidResolver resolver = hosting.localResolver(DidResolver.builder().methodsFromServiceLoader().build());
    DeclaredInterfacesProvider provider = DeclaredInterfacesProvider.builder()
        .capability(DeclaredCapability.of("cap.hotel.booking", "book_hotel_room", List.of("hotel.booking")))
        .capability(DeclaredCapability.of("cap.hotel.info", "hotel_info", List.of("hotel.info")))
        .capability(DeclaredCapability.of("cap.hotel.reviews", "hotel_reviews", List.of("hotel.info")))
        .capability(DeclaredCapability.of("cap.hotel.vip", "vip_lounge", List.of("hotel.vip")).authenticatedOnly())
        .declaredInterface(DeclaredInterface.builder(BOOKING, DeclaredInterface.STRUCTURED, "openrpc",
                "https://hotel.example/api/booking.openrpc.json")
            .capabilities("cap.hotel.booking", "cap.hotel.info", "cap.hotel.reviews")
            .build())
        .declaredInterface(DeclaredInterface.builder(VIP, DeclaredInterface.STRUCTURED, "openrpc",
                "https://hotel.example/api/vip.openrpc.json")
            .capabilities("cap.hotel.vip")
            .build())
        .validity(Duration.ofMinutes(10))
        .build();
    MetaSelectionService service = MetaSelectionService.builder(hotelDid, provider).build();
    P1Dispatcher dispatcher = service.register(P1Dispatcher.builder().serviceDid(hotelDid)).build();
    DidWbaVerifier verifier = DidWbaVerifier.builder().resolver(resolver).audience("localhost").build();
    hotel = dispatcher.mount(HttpServer.builder().authentication(verifier), "/anp", AuthPolicy.OPTIONAL).build();
    endpoint = URI.create("http://localhost:" + hotel.start().join().getPort() + "/anp");

    AgentIdentity published = AgentIdentity.from(hotelId).toBuilder()
        .service(AnpMessageService.at(endpoint).toJson(hotelId.did()))
        .build();
    store.put(hotelId.did(), published.document().toBytes());

    alice = dir.resolve("alice");
    IdentityStore.directory(alice).create(AgentIdentity.from(aliceId));
  }

  @AfterEach
  void stop() {
    hotel.close();
    documents.close();
  }

  @Test
  void capabilitiesOfAnEndpointUrl() {
    CliRun run = CliRun.anp("capabilities", endpoint.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).contains(
        "endpoint: " + endpoint,
        "serviceDid: " + hotelDid,
        "profiles: anp.core.binding.v1, anp.meta.negotiation.v1");
    assertThat(run.out()).contains("securityProfiles: ").contains("transport-protected");
  }

  @Test
  void capabilitiesOfADidGoThroughItsAnpMessageService() {
    CliRun run = CliRun.anp("capabilities", "--allow-loopback-http", hotelDid);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).contains("endpoint: " + endpoint, "serviceDid: " + hotelDid);
  }

  @Test
  void aDidWithoutAnpMessageServiceOrAnUnreachablePeerFailsInOneLine() {
    CliRun noService = CliRun.anp("capabilities", "--allow-loopback-http", plainDid);
    assertThat(noService.exitCode()).isEqualTo(1);
    assertThat(noService.err().strip()).startsWith("anp capabilities: INVALID_DOCUMENT")
        .contains("no ANPMessageService entry").doesNotContain("\n");

    CliRun withoutLoopback = CliRun.anp("capabilities", hotelDid);
    assertThat(withoutLoopback.exitCode()).isEqualTo(1);

    hotel.close();
    CliRun closed = CliRun.anp("capabilities", "--timeout", "30", endpoint.toString());
    assertThat(closed.exitCode()).isEqualTo(1);
    assertThat(closed.err().strip()).startsWith("anp capabilities: ").doesNotContain("\n");

    assertThat(CliRun.anp("capabilities", "ftp://example.com/anp").exitCode()).isEqualTo(2);
    assertThat(CliRun.anp("capabilities", "--timeout", "0", endpoint.toString()).exitCode()).isEqualTo(2);
  }

  @Test
  void aDidHostThatNeverAnswersIsAResolutionTimeoutWithinTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String did = "did:wba:localhost%3A" + silent.getLocalPort() + ":agents:silent";

      CliRun run = CliRun.anp("capabilities", "--allow-loopback-http", "--timeout", "1", did);

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err().strip()).startsWith("anp capabilities: RESOLUTION_TIMEOUT").doesNotContain("\n");
    }
  }

  @Test
  void negotiateSelectsAnExistingInterface() {
    CliRun run = CliRun.anp("negotiate", "--allow-loopback-http", "--select", hotelDid,
        "--intent", "book a double room for two nights", "--tag", "hotel.booking");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("status: accepted");
    assertThat(lines).contains("interface: " + BOOKING, "url: https://hotel.example/api/booking.openrpc.json",
        "capability: cap.hotel.booking");
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("validUntil: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("negotiationDigest: sha-256:"));
  }

  @Test
  void negotiateWithAnEndpointUrlTargetsItsServiceDid() {
    CliRun run = CliRun.anp("negotiate", "--select", endpoint.toString(), "--intent", "book",
        "--capability", "cap.hotel.booking");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("interface: " + BOOKING);
  }

  @Test
  void aVagueOrAmbiguousIntentNeedsMoreInformation() {
    CliRun run = CliRun.anp("negotiate", "--select", endpoint.toString(), "--intent", "tell me about the hotel",
        "--tag", "hotel.info");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines().findFirst()).hasValue("status: needs_more_information");
    assertThat(run.out()).contains("reason: ").contains("alternative: ");
  }

  @Test
  void anAuthenticatedOnlyCapabilityNeedsTheIdentity() {
    CliRun anonymous = CliRun.anp("negotiate", "--select", endpoint.toString(), "--intent", "lounge",
        "--tag", "hotel.vip");
    assertThat(anonymous.exitCode()).isEqualTo(1);
    assertThat(anonymous.err().strip()).startsWith("anp negotiate: 1607 meta.authorization_required: ");

    CliRun signed = CliRun.anp("negotiate", "--select", endpoint.toString(), "--intent", "lounge",
        "--tag", "hotel.vip", "--identity", alice.toString());
    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(signed.out()).contains("interface: " + VIP);
  }

  @Test
  void anUnknownCapabilityIsAnErrorAnswerInOneLine() {
    CliRun run = CliRun.anp("negotiate", "--select", endpoint.toString(), "--intent", "spa",
        "--capability", "cap.hotel.spa");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("anp negotiate: 1601 meta.no_matching_interface: No matching interface");
    assertThat(CliRun.anp("negotiate", "--select", endpoint.toString()).exitCode()).isEqualTo(2);
    assertThat(CliRun.anp("negotiate", "--select", "not a peer", "--intent", "x").exitCode()).isEqualTo(2);
  }
}
