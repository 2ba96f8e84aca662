package org.anp.application.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.application.client.AgentClient;
import org.anp.application.client.RemoteAgent;
import org.anp.application.description.AgentDescription;
import org.anp.application.interfaces.CallContext;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.interfaces.JsonRpcInterface;
import org.anp.application.interfaces.JsonRpcMethod;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.NonceStore;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where JSON-RPC methods run: an agent whose methods are all declared non-blocking answers calls
 * with a bearer token, and first calls (an RFC 9421 signature to verify) whose caller's document
 * is at hand, on the HTTP server's I/O thread (decisions 0084, 0094); a first call whose caller's
 * document is resolved later or whose nonce store may block, and every call of an agent with one
 * blocking method, run on a worker thread.
 */
class NonBlockingMethodsTest {
  private final LoopbackAgents agents = new LoopbackAgents();
  private HttpServer server;

  /** Names the thread each method ran on. */
  @JsonRpcInterface(name = "threads", description = "Thread names", version = "1.0.0")
  public static class Quick {
    @JsonRpcMethod(description = "The thread it ran on", nonBlocking = true)
    public String where(CallContext context) {
      return Thread.currentThread().getName() + " " + context.requireCaller().scheme();
    }
  }

  /** The same, plus a method that is not declared non-blocking. */
  @JsonRpcInterface(name = "mixed", description = "Thread names", version = "1.0.0")
  public static class Mixed {
    @JsonRpcMethod(description = "The thread it ran on", nonBlocking = true)
    public String where(CallContext context) {
      return Thread.currentThread().getName() + " " + context.requireCaller().scheme();
    }

    @JsonRpcMethod(description = "May block")
    public String slow() {
      return Thread.currentThread().getName();
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private RemoteAgent serveAndConnect(Object service) throws Exception {
    return serveAndConnect(service, agents.server());
  }

  private RemoteAgent serveAndConnect(Object service, HttpServer.Builder b) throws Exception {
    AgentIdentity provider = agents.identity("provider");
    HttpServer[] holder = new HttpServer[1];
    AgentEndpoints endpoints = AgentEndpoints.builder(provider, AgentDescription.builder("P").build())
        .addInterface(InterfaceDefinition.fromAnnotated(service))
        .publicBase(() -> holder[0].uri())
        .build();
    endpoints.mount(b);
    server = b.build();
    holder[0] = server;
    LoopbackAgents.start(server);
    return AgentClient.builder()
        .resolver(agents.resolver())
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp())
        .identity(agents.identity("caller"))
        .build()
        .connect(endpoints.descriptionUrl()).get(30, TimeUnit.SECONDS);
  }

  private static String where(RemoteAgent agent) throws Exception {
    return agent.call("where", Map.of(), String.class).get(30, TimeUnit.SECONDS);
  }

  @Test
  void signedAndTokenCallsOfNonBlockingMethodsRunOnTheIoThread() throws Exception {
    RemoteAgent agent = serveAndConnect(new Quick());
    assertThat(where(agent)).startsWith("anp-http-io-").endsWith("HTTP_SIGNATURE");
    assertThat(where(agent)).startsWith("anp-http-io-").endsWith("BEARER_TOKEN");
    assertThat(where(agent)).startsWith("anp-http-io-").endsWith("BEARER_TOKEN");
  }

  @Test
  void aSignedCallWhoseCallerIsResolvedLaterRunsOnAWorker() throws Exception {
    // The resolver answers from another thread, later: verification cannot finish at once, so the
    // handler must not run on whichever thread completed the resolution, nor on the I/O thread.
    DidResolver known = agents.resolver();
    DidResolver later = did -> known.resolve(did).thenApplyAsync(d -> d,
        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
    HttpServer.Builder b = HttpServer.builder()
        .authentication(DidWbaVerifier.builder()
            .resolver(later)
            .audience("127.0.0.1")
            .tokens(AccessTokenService.builder().build())
            .build());
    RemoteAgent agent = serveAndConnect(new Quick(), b);
    assertThat(where(agent)).startsWith("anp-http-worker-").endsWith("HTTP_SIGNATURE");
    assertThat(where(agent)).startsWith("anp-http-io-").endsWith("BEARER_TOKEN");
  }

  @Test
  void aSignedCallIsVerifiedOnAWorkerWhenTheNonceStoreMayBlock() throws Exception {
    // A store that does not declare itself non-blocking (as a shared one over the network) must
    // not be called on an event loop, even with the caller's document at hand.
    NonceStore memory = NonceStore.inMemoryBuilder().build();
    NonceStore undeclared = new NonceStore() {
      @Override
      public Duration retention() {
        return memory.retention();
      }

      @Override
      public boolean contains(String did, String nonce, Instant now) {
        return memory.contains(did, nonce, now);
      }

      @Override
      public boolean recordIfAbsent(String did, String nonce, Instant expiresAt) {
        return memory.recordIfAbsent(did, nonce, expiresAt);
      }
    };
    HttpServer.Builder b = HttpServer.builder()
        .authentication(DidWbaVerifier.builder()
            .resolver(agents.resolver())
            .audience("127.0.0.1")
            .nonceStore(undeclared)
            .tokens(AccessTokenService.builder().build())
            .build());
    RemoteAgent agent = serveAndConnect(new Quick(), b);
    assertThat(where(agent)).startsWith("anp-http-worker-").endsWith("HTTP_SIGNATURE");
    assertThat(where(agent)).startsWith("anp-http-io-").endsWith("BEARER_TOKEN");
  }

  @Test
  void oneBlockingMethodKeepsEveryCallOnWorkers() throws Exception {
    RemoteAgent agent = serveAndConnect(new Mixed());
    assertThat(where(agent)).startsWith("anp-http-worker-").endsWith("HTTP_SIGNATURE");
    assertThat(where(agent)).startsWith("anp-http-worker-").endsWith("BEARER_TOKEN");
    assertThat(agent.call("slow", Map.of(), String.class).get(30, TimeUnit.SECONDS)).startsWith("anp-http-worker-");
  }
}
