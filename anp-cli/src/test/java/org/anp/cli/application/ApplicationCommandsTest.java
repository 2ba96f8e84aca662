package org.anp.cli.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.anp.application.description.AgentDescription;
import org.anp.application.discovery.DiscoveryFetcher;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.registry.RegistryServer;
import org.anp.application.registry.ProtocolReference;
import org.anp.application.search.DescriptionIndex;
import org.anp.application.search.SearchClient;
import org.anp.application.search.SearchService;
import org.anp.application.server.AgentEndpoints;
import org.anp.cli.CliRun;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityStore;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.resolve.DirectoryDidResolver;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layer-3 commands against one real loopback server carrying an agent made from an annotated
 * class, a search service and a protocol registry; DIDs resolve from a directory (--documents).
 */
class ApplicationCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private Path docs;
  private Path provider;
  private Path consumer;
  private Path other;
  private HttpServer server;
  private URI base;
  private AgentEndpoints endpoints;

  private Path create(String domain) {
    Path dir = docs.resolve(domain);
    CliRun run = CliRun.anp("did", "create", "--method", "wba", "--domain", domain, "--out", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return dir;
  }

  @BeforeEach
  void start() throws Exception {
    docs = tmp.resolve("docs");
    provider = create("hotel.test");
    consumer = create("alice.test");
    other = create("mallory.test");
    DirectoryDidResolver resolver = DirectoryDidResolver.of(docs);
    AgentIdentity hotel = IdentityStore.directory(provider).load();
    HttpServer[] holder = new HttpServer[1];
    endpoints = AgentEndpoints.builder(hotel, AgentDescription.builder("Grand Hotel").description("Rooms in Paris").build())
        .addInterface(InterfaceDefinition.fromAnnotated(new Greeter()))
        .supportsProtocol(new ProtocolReference("booking", "1.0.0", "sha256:" + "ab".repeat(32),
            hotel.did().toString(), URI.create("https://registry.test/registry/hashes/sha256:" + "ab".repeat(32))))
        .publicBase(() -> holder[0].uri())
        .build();
    HttpServer.Builder b = HttpServer.builder()
        .authentication(DidWbaVerifier.builder()
            .resolver(resolver)
            .audience("127.0.0.1")
            .tokens(AccessTokenService.builder().build())
            .build());
    endpoints.mount(b);
    RegistryServer.open(tmp.resolve("registry"), resolver).mount(b);
    SearchService.builder(DescriptionIndex.inDirectory(tmp.resolve("index")))
        .resolver(resolver)
        .fetcher(DiscoveryFetcher.from(DocumentFetchers.insecureAllowLoopbackHttp()))
        .allowInsecureHttp()
        .build()
        .mount(b);
    server = b.build();
    holder[0] = server;
    base = server.start().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String[] with(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  private CliRun anp(String... args) {
    return CliRun.anp(with(args, "--documents", docs.toString(), "--allow-loopback-http"));
  }

  private Path unsigned(String did) throws Exception {
    Path file = tmp.resolve("ad.json");
    Files.writeString(file, "{\"protocolType\":\"ANP\",\"protocolVersion\":\"1.0.0\",\"type\":\"AgentDescription\","
        + "\"name\":\"Coffee\",\"did\":\"" + did + "\",\"description\":\"Espresso\",\"interfaces\":[],"
        + "\"securityDefinitions\":{\"didwba_sc\":{\"scheme\":\"didwba\",\"in\":\"header\",\"name\":\"Authorization\"}},"
        + "\"security\":\"didwba_sc\"}");
    return file;
  }

  private String did(Path identity) {
    return IdentityStore.directory(identity).load().did().toString();
  }

  @Test
  void signedDescriptionValidatesAndVerifiesAndATamperedOneFails() throws Exception {
    Path file = unsigned(did(provider));
    CliRun validate = CliRun.anp("ad", "validate", file.toString());
    assertThat(validate.exitCode()).as(validate.err()).isZero();
    assertThat(validate.out()).startsWith("valid ANP_1_2 Coffee");

    CliRun sign = CliRun.anp("ad", "sign", "--identity", provider.toString(), file.toString());
    assertThat(sign.exitCode()).as(sign.err()).isZero();
    Path signed = tmp.resolve("signed.json");
    Files.writeString(signed, sign.out());
    assertThat(JSON.readTree(sign.out()).path("proof").path("proofValue").asText()).isNotEmpty();

    CliRun verify = anp("ad", "verify", signed.toString());
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.out()).startsWith("verified " + did(provider));

    Files.writeString(signed, sign.out().replace("Espresso", "Decaf"));
    CliRun tampered = anp("ad", "verify", signed.toString());
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(tampered.err()).startsWith("anp ad verify: INVALID_PROOF").doesNotContain("\tat ");
    assertThat(tampered.err().strip()).doesNotContain("\n");
  }

  @Test
  void signingAnotherDidsDescriptionAndValidatingGarbageFail() throws Exception {
    CliRun sign = CliRun.anp("ad", "sign", "--identity", other.toString(), unsigned(did(provider)).toString());
    assertThat(sign.exitCode()).isEqualTo(1);
    assertThat(sign.err()).startsWith("anp ad sign: ");

    Path garbage = tmp.resolve("garbage.json");
    Files.writeString(garbage, "{\"name\": ");
    CliRun validate = CliRun.anp("ad", "validate", garbage.toString());
    assertThat(validate.exitCode()).isEqualTo(1);
    assertThat(validate.err()).startsWith("anp ad validate: ");
  }

  @Test
  void publishedDescriptionVerifiesByUrlAndFetchListsTheMethods() {
    String url = endpoints.descriptionUrl().toString();
    CliRun verify = anp("ad", "verify", url);
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.out()).startsWith("verified " + did(provider));

    CliRun fetch = anp("ad", "fetch", url);
    assertThat(fetch.exitCode()).as(fetch.err()).isZero();
    assertThat(fetch.out()).contains("did " + did(provider), "name Grand Hotel", "method hello ", "method add ",
        "protocol booking 1.0.0 sha256:" + "ab".repeat(32) + " " + did(provider));
  }

  @Test
  void callUsesDidAuthenticationAndReportsJsonRpcErrorsOnOneLine() {
    String url = endpoints.descriptionUrl().toString();
    CliRun hello = anp("call", "--identity", consumer.toString(), url, "hello", "{}");
    assertThat(hello.exitCode()).as(hello.err()).isZero();
    assertThat(hello.out().strip()).isEqualTo("\"hello " + did(consumer) + "\"");

    CliRun add = anp("call", "--identity", consumer.toString(), url, "add", "{\"a\":2,\"b\":40}");
    assertThat(add.out().strip()).isEqualTo("42");

    CliRun bad = anp("call", "--identity", consumer.toString(), url, "add", "{\"a\":-1,\"b\":1}");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).startsWith("anp call: INVALID_PARAMS");
    assertThat(bad.err().strip()).doesNotContain("\n");

    CliRun notJson = anp("call", "--identity", consumer.toString(), url, "add", "{a");
    assertThat(notJson.exitCode()).isEqualTo(2);
  }

  @Test
  void fetchAndCallStartFromADidWhoseDocumentNamesTheDescription() {
    AgentIdentity hotel = IdentityStore.directory(provider).load();
    IdentityStore.directory(provider).store(hotel.toBuilder()
        .service("ad", "AgentDescription", endpoints.descriptionUrl().toString()).build());

    CliRun fetch = anp("ad", "fetch", did(provider));
    assertThat(fetch.exitCode()).as(fetch.err()).isZero();
    assertThat(fetch.out()).contains("method add ");
    CliRun add = anp("call", "--identity", consumer.toString(), did(provider), "add", "[1,2]");
    assertThat(add.exitCode()).as(add.err()).isZero();
    assertThat(add.out().strip()).isEqualTo("3");

    CliRun noService = anp("ad", "fetch", did(consumer));
    assertThat(noService.exitCode()).isEqualTo(1);
    assertThat(noService.err()).startsWith("anp ad fetch: FETCH_FAILED").contains("names no AgentDescription service");
  }

  @Test
  void toolsPrintsOpenAiAndMcpDefinitions() throws Exception {
    String url = endpoints.descriptionUrl().toString();
    CliRun openAi = anp("tools", url);
    assertThat(openAi.exitCode()).as(openAi.err()).isZero();
    JsonNode tools = JSON.readTree(openAi.out());
    assertThat(tools.findValuesAsText("name")).anyMatch(n -> n.contains("add"));
    assertThat(tools.get(0).path("type").asText()).isEqualTo("function");

    CliRun mcp = anp("tools", "--format", "mcp", url);
    assertThat(mcp.exitCode()).as(mcp.err()).isZero();
    assertThat(JSON.readTree(mcp.out()).get(0).has("inputSchema")).isTrue();
  }

  @Test
  void discoverCrawlsTheWellKnownCollection() {
    CliRun discover = anp("discover", base.resolve("/.well-known/agent-descriptions").toString());
    assertThat(discover.exitCode()).as(discover.err()).isZero();
    assertThat(discover.out()).contains("agent " + did(provider) + " Grand Hotel", "end COMPLETE 1");
  }

  @Test
  void searchFindsARegisteredAgent() throws Exception {
    SearchClient.of(base, Optional.of(IdentityStore.directory(provider).load()),
            DocumentFetchers.insecureAllowLoopbackHttp())
        .register(endpoints.descriptionUrl()).get(30, TimeUnit.SECONDS);
    CliRun search = anp("search", base.toString(), "paris");
    assertThat(search.exitCode()).as(search.err()).isZero();
    assertThat(search.out()).contains(did(provider) + " " + endpoints.descriptionUrl() + " Grand Hotel");

    CliRun byMethod = anp("search", base.toString(), "--capability", "method:hello", "--capability", "protocol:openrpc");
    assertThat(byMethod.exitCode()).as(byMethod.err()).isZero();
    assertThat(byMethod.out()).startsWith("2 " + did(provider) + " ");
    CliRun none = anp("search", base.toString(), "--capability", "method:fly");
    assertThat(none.exitCode()).as(none.err()).isZero();
    assertThat(none.out()).isEmpty();
    CliRun bad = anp("search", base.toString(), "--capability", "colour:red");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("unknown kind colour");
    assertThat(anp("search", base.toString()).exitCode()).as("neither keywords nor capabilities").isNotZero();
  }

  @Test
  void registryPublishesAndFetchesOnlyFromTrustedPublishers() throws Exception {
    Path doc = tmp.resolve("protocol.md");
    Files.writeString(doc, "# Room booking\n\nRequests and answers.\n", StandardCharsets.UTF_8);
    CliRun publish = anp("registry", "publish", "--identity", provider.toString(), "--registry", base.toString(),
        "booking", "1.0.0", doc.toString());
    assertThat(publish.exitCode()).as(publish.err()).isZero();
    String hash = publish.out().strip();
    assertThat(hash).startsWith("sha256:");

    CliRun fetch = anp("registry", "fetch", "--registry", base.toString(), "--trust", did(provider), "booking", "1.0.0");
    assertThat(fetch.exitCode()).as(fetch.err()).isZero();
    assertThat(JSON.readTree(fetch.out()).path("document").asText()).contains("Room booking");

    CliRun byHash = anp("registry", "fetch", "--registry", base.toString(), "--trust", did(provider), "--hash", hash);
    assertThat(byHash.exitCode()).as(byHash.err()).isZero();

    CliRun untrusted = anp("registry", "fetch", "--registry", base.toString(), "--trust", did(other), "booking", "1.0.0");
    assertThat(untrusted.exitCode()).isEqualTo(1);
    assertThat(untrusted.err()).startsWith("anp registry fetch: UNTRUSTED_SIGNER");
  }
}
