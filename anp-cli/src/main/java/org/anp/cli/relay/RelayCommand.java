package org.anp.cli.relay;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.anp.cli.internal.InputFiles;
import org.anp.cli.internal.LoopbackHttpOption;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DirectoryDidResolver;
import org.anp.transport.cluster.RelayCluster;
import org.anp.transport.TransportException;
import org.anp.transport.relay.RelayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anp relay}: runs a message service relay until interrupted and prints its WebSocket URL
 * on one line. Exit codes: 0 after an interrupt (graceful shutdown), 1 if the relay cannot start,
 * 2 bad usage. Used once, from one thread.
 */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a message service relay (WebSocket) until interrupted and prints its URL.",
      "Agents register their DIDs with signed proofs and exchange end-to-end encrypted frames;"
          + " frames for offline agents wait in a bounded in-memory queue."
    })
public final class RelayCommand implements Callable<Integer> {
  private static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

  @Spec private CommandSpec spec;

  @Option(names = "--port", defaultValue = "0", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--path", defaultValue = "/ws", description = "WebSocket path (default: ${DEFAULT-VALUE}).")
  private String path;

  @Option(
      names = "--documents",
      paramLabel = "DIR",
      description = "Resolve DIDs from the DID documents in DIR first, then over the network.")
  private Path documents;

  @Option(
      names = "--identity",
      paramLabel = "DIR",
      description = "This relay's identity (as written by 'anp did create'); needed to forward to other relays.")
  private Path identity;

  @Option(
      names = "--peer-relays",
      paramLabel = "DID",
      arity = "1..*",
      description = "DIDs of relays allowed to forward frames to this one.")
  private List<String> peerRelays = new ArrayList<>();

  @Option(
      names = "--cluster",
      paramLabel = "URL",
      description = "Join a relay cluster on the NATS JetStream server at URL (nats://HOST:PORT): frames for agents "
          + "on other nodes or offline are kept in JetStream. Give every node the same --identity and --cluster-name.")
  private String cluster;

  @Option(names = "--cluster-name", defaultValue = "anp",
      description = "Name of the relay cluster, shared by its nodes (default: ${DEFAULT-VALUE}).")
  private String clusterName;

  @Option(
      names = "--public-endpoint",
      paramLabel = "URL",
      arity = "1..*",
      description = "Other URLs under which this relay is reached (the other nodes of its cluster, a load balancer).")
  private List<URI> publicEndpoints = new ArrayList<>();

  @Mixin private LoopbackHttpOption loopbackHttp;

  @Mixin private RelayLimitOptions limits;

  @Option(names = "--metrics", description = "Serve GET /metrics (Prometheus text) on the relay's port.")
  private boolean metrics;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RelayServer.Builder builder;
    try {
      builder = RelayServer.builder()
          .host(host)
          .port(port)
          .path(path)
          .exposeMetrics(metrics)
          .resolver(resolver());
      limits.applyTo(builder);
      if (cluster != null) {
        builder.cluster(RelayCluster.nats(cluster, clusterName));
      }
      publicEndpoints.forEach(builder::publicEndpoint);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    peerRelays.forEach(builder::trustRelay);
    if (identity != null) {
      try {
        loadIdentity(builder);
      } catch (IOException | IdentityException e) {
        err.println("anp relay: cannot read the identity in " + identity + ": "
            + (e instanceof IOException io ? InputFiles.describe(io) : e.getMessage()));
        err.flush();
        return 1;
      }
    }
    RelayServer relay = builder.build();
    try {
      relay.start().join();
    } catch (CompletionException e) {
      err.println("anp relay: " + (e.getCause() instanceof TransportException t ? t.getMessage() : e.getCause()));
      err.flush();
      return 1;
    }
    Thread hook = new Thread(relay::close, "anp-relay-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println(relay.uri());
    out.flush();
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      relay.shutdown(Duration.ofSeconds(5));
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return 0;
  }

  private DidResolver resolver() {
    DidResolver network = loopbackHttp.networkResolver();
    return documents == null ? network : DirectoryDidResolver.of(documents).orElse(network);
  }

  /** did.json plus the first {@code <fragment>.pem} of a method in it that can sign. */
  private void loadIdentity(RelayServer.Builder builder) throws IOException {
    Path didJson = identity.resolve("did.json");
    if (Files.size(didJson) > MAX_DOCUMENT_BYTES) {
      throw new IOException("did.json is larger than " + MAX_DOCUMENT_BYTES + " bytes");
    }
    DidDocument document = DidDocument.parse(Files.readAllBytes(didJson), MAX_DOCUMENT_BYTES);
    for (VerificationMethod method : document.verificationMethods()) {
      Path pem = identity.resolve(method.fragment() + ".pem");
      Optional<PrivateKeyMaterial> key = Files.isRegularFile(pem)
          ? Optional.of(PrivateKeyMaterial.fromPkcs8Pem(Files.readString(pem, StandardCharsets.US_ASCII)))
          : Optional.empty();
      if (key.isPresent() && key.get().type().canSign()) {
        builder.identity(document.id().toString(), method.id(), key.get());
        return;
      }
    }
    throw new IOException("no signing key file next to did.json");
  }
}
