package org.anp.application.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.server.LoopbackAgents;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing and loading signed protocol packages through a registry on loopback. */
class RegistryTest {
  private static final String DOC = "# Room booking\n\n## Request\n```json\n{\"type\":\"object\"}\n```\n";

  @TempDir Path dir;
  private final LoopbackAgents agents = new LoopbackAgents();
  private AgentIdentity alice;
  private AgentIdentity mallory;
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    alice = agents.identity("alice");
    mallory = agents.identity("mallory");
    startRegistry();
  }

  private void startRegistry() throws Exception {
    server = RegistryServer.open(dir, agents.resolver()).mount(agents.server()).build();
    base = LoopbackAgents.start(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RegistryClient client(Optional<AgentIdentity> as, Set<String> trusted) {
    RegistryClient.Builder b = RegistryClient.builder(base)
        .resolver(agents.resolver())
        .trust(TrustPolicy.publishers(trusted))
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp());
    as.ifPresent(b::identity);
    return b.build();
  }

  private ProtocolPackage booking(AgentIdentity by, String version) throws Exception {
    return ProtocolPackage.sign(by, "room-booking", version, ProtocolPackage.Format.MARKDOWN, DOC,
        Optional.of(new ObjectMapper().readTree("{\"kind\":\"schema-handler\",\"reply\":\"ok\"}")),
        Clock.systemUTC());
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  private static ApplicationError failure(CompletableFuture<?> f) {
    try {
      f.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationException.class);
      return ((ApplicationException) e.getCause()).code();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("succeeded");
  }

  @Test
  void publishedPackageIsFetchedByHashAndByVersionAfterARestart() throws Exception {
    ProtocolPackage pkg = booking(alice, "1.0.0");
    RegistryClient publisher = client(Optional.of(alice), Set.of(alice.did().toString()));
    String hash = await(publisher.publish(pkg));
    assertThat(hash).isEqualTo(pkg.contentHash()).startsWith("sha256:");
    assertThat(await(publisher.publish(pkg))).isEqualTo(hash);
    await(publisher.publish(booking(alice, "1.1.0")));

    server.close();
    startRegistry();
    RegistryClient reader = client(Optional.empty(), Set.of(alice.did().toString()));
    ProtocolPackage byHash = await(reader.fetchByHash(hash));
    assertThat(byHash).isEqualTo(pkg);
    assertThat(byHash.document()).isEqualTo(DOC);
    assertThat(byHash.handler()).get().extracting(h -> h.path("kind").asText()).isEqualTo("schema-handler");
    ProtocolPackage byVersion = await(reader.fetch("room-booking", "1.0.0"));
    assertThat(byVersion.publisher()).isEqualTo(alice.did().toString());
    assertThat(await(reader.versions("room-booking")).keySet()).containsExactlyInAnyOrder("1.0.0", "1.1.0");
    assertThat(failure(reader.fetch("room-booking", "9.9.9"))).isEqualTo(ApplicationError.NOT_FOUND);
  }

  @Test
  void packageOfAnUntrustedPublisherIsRefused() throws Exception {
    String hash = await(client(Optional.of(alice), Set.of()).publish(booking(alice, "1.0.0")));
    RegistryClient wary = client(Optional.empty(), Set.of(mallory.did().toString()));
    assertThat(failure(wary.fetchByHash(hash))).isEqualTo(ApplicationError.UNTRUSTED_SIGNER);
    assertThat(failure(wary.fetch("room-booking", "1.0.0"))).isEqualTo(ApplicationError.UNTRUSTED_SIGNER);
  }

  @Test
  void tamperedPackageIsRefused() throws Exception {
    ProtocolPackage pkg = booking(alice, "1.0.0");
    await(client(Optional.of(alice), Set.of()).publish(pkg));
    server.close();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        Files.writeString(f, text.replace("Room booking", "Room bookinG"), StandardCharsets.UTF_8);
      }
    }
    startRegistry();
    RegistryClient reader = client(Optional.empty(), Set.of(alice.did().toString()));
    assertThat(failure(reader.fetch("room-booking", "1.0.0"))).isEqualTo(ApplicationError.INVALID_PROOF);
    assertThat(failure(reader.fetchByHash(pkg.contentHash()))).isEqualTo(ApplicationError.NOT_FOUND);
  }

  @Test
  void publishingNeedsTheAuthenticatedPublisherAndRespectsOwnership() throws Exception {
    // Alice's package uploaded by Mallory: the caller is not the publisher.
    ProtocolPackage alices = booking(alice, "1.0.0");
    assertThat(failure(client(Optional.of(mallory), Set.of()).publish(alices)))
        .isEqualTo(ApplicationError.SIGNER_MISMATCH);
    await(client(Optional.of(alice), Set.of()).publish(alices));
    // Mallory's own package under Alice's name.
    assertThat(failure(client(Optional.of(mallory), Set.of()).publish(booking(mallory, "2.0.0"))))
        .isEqualTo(ApplicationError.CONFLICT);
    // The same version with other content.
    ProtocolPackage again = ProtocolPackage.sign(alice, "room-booking", "1.0.0", ProtocolPackage.Format.OPENRPC,
        "{\"openrpc\":\"1.3.2\"}", Optional.empty(), Clock.systemUTC());
    assertThat(failure(client(Optional.of(alice), Set.of()).publish(again))).isEqualTo(ApplicationError.CONFLICT);

    HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(base.resolve("/registry/packages"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(alices.toBytes())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void garbagePublishedWithAuthenticationIsRefusedAndTheRegistryKeepsServing() throws Exception {
    IdentityKey key = alice.requireKey(KeyRole.AUTHENTICATION);
    HttpSignatureAuthenticator signer = HttpSignatureAuthenticator.builder()
        .did(alice.did()).signingKey(key.fragment(), key.privateKey()).build();
    URI target = base.resolve("/registry/packages");
    for (String garbage : List.of("{", "[1,2]", "{\"type\":\"AnpProtocolPackage\",\"name\":\"../x\"}", "\u0000")) {
      byte[] body = garbage.getBytes(StandardCharsets.UTF_8);
      HttpRequest.Builder request = HttpRequest.newBuilder(target).POST(HttpRequest.BodyPublishers.ofByteArray(body));
      signer.sign("POST", target, body).forEach(request::header);
      HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(garbage).isEqualTo(400);
      assertThat(r.body()).contains("INVALID_DESCRIPTION");
    }
    String hash = await(client(Optional.of(alice), Set.of()).publish(booking(alice, "1.0.0")));
    assertThat(await(client(Optional.empty(), Set.of(alice.did().toString())).fetchByHash(hash)).version())
        .isEqualTo("1.0.0");
    assertThat(failure(client(Optional.empty(), Set.of()).fetchByHash("sha256:../../etc"))).isEqualTo(ApplicationError.NOT_FOUND);
  }

  @Test
  void malformedPackagesAreRefusedWhenParsed() {
    for (String bad : List.of("", "[]", "{\"type\":\"AnpProtocolPackage\"}", "{\"x\":1}")) {
      ApplicationException e = org.junit.jupiter.api.Assertions.assertThrows(ApplicationException.class,
          () -> ProtocolPackage.parse(bad.getBytes(StandardCharsets.UTF_8)));
      assertThat(e.code()).isEqualTo(ApplicationError.INVALID_DESCRIPTION);
    }
  }
}
