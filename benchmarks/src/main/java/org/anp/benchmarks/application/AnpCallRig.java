package org.anp.benchmarks.application;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.anp.application.client.AgentClient;
import org.anp.application.client.RemoteAgent;
import org.anp.application.description.AgentDescription;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.server.AgentEndpoints;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.NonceStore;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.transport.http.HttpServer;

/**
 * An agent serving {@link EchoService} with {@link AgentEndpoints} on the project's {@link
 * HttpServer} (DID authentication required on its JSON-RPC route, tokens handed out), and two
 * {@link RemoteAgent}s of one caller connected to it through {@link AgentClient}: {@link
 * #tokenAgent()} holds the bearer token of its first call; {@link #firstCallAgent()} never learns
 * it ({@link TokenBlindHttpClient}) and signs every call. Both clients use HTTP/1.1.
 *
 * <p>Tokens are authenticated with HMAC-SHA-256 ({@code HS256}), as the {@code Agent} facade's
 * are (decision 0093; Ed25519 signatures from decision 0083 until then).
 *
 * <p>The server's nonce store holds up to two million nonces of one DID (the default holds 5,000
 * per DID for six minutes, about 14 signed requests a second): the first-call benchmark signs
 * thousands a second with one DID, and a store check is still made on every request.
 */
final class AnpCallRig implements AutoCloseable {
  private final Identities identities = new Identities();
  private final HttpServer server;
  private final AgentEndpoints endpoints;
  private final RemoteAgent tokenAgent;
  private final RemoteAgent firstCallAgent;
  private final AgentIdentity caller;

  AnpCallRig() throws Exception {
    AgentIdentity provider = identities.create("echo");
    caller = identities.create("caller");
    HttpServer[] holder = new HttpServer[1];
    endpoints = AgentEndpoints.builder(provider, AgentDescription.builder("Echo").description("Echoes").build())
        .addInterface(InterfaceDefinition.fromAnnotated(new EchoService()))
        .publicBase(() -> holder[0].uri())
        .build();
    HttpServer.Builder builder = HttpServer.builder()
        .authentication(DidWbaVerifier.builder()
            .resolver(identities.resolver())
            .audience("127.0.0.1")
            .tokens(AccessTokenService.builder()
                .randomMacKey(new SecureRandom())
                .build())
            .nonceStore(NonceStore.inMemoryBuilder()
                .maxEntries(2_000_000).maxEntriesPerDid(2_000_000).maxBytes(1L << 30).build())
            .build());
    endpoints.mount(builder);
    server = builder.build();
    holder[0] = server;
    server.start().get(30, TimeUnit.SECONDS);
    tokenAgent = connect(http());
    firstCallAgent = connect(new TokenBlindHttpClient(http()));
  }

  static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private RemoteAgent connect(HttpClient http) throws Exception {
    AgentClient client = AgentClient.builder()
        .resolver(identities.resolver())
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp())
        .identity(caller)
        .httpClient(http)
        .build();
    return client.connect(endpoints.descriptionUrl()).get(30, TimeUnit.SECONDS);
  }

  /** The caller's DID. */
  String callerDid() {
    return caller.did().toString();
  }

  /** The JSON-RPC endpoint. */
  URI rpcUrl() {
    return endpoints.rpcUrl();
  }

  /** Calls with the bearer token after its first call. */
  RemoteAgent tokenAgent() {
    return tokenAgent;
  }

  /** Signs every call. */
  RemoteAgent firstCallAgent() {
    return firstCallAgent;
  }

  @Override
  public void close() {
    server.close();
  }
}
