package org.anp.cli.serve;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.wba.DidWba;
import org.anp.identity.wba.DidWbaDocumentVerifier;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.hosting.DidAllHostingNode;
import org.anp.transport.hosting.DidDocumentStore;
import org.anp.transport.hosting.DidWbaHosting;
import org.anp.transport.TransportException;
import org.anp.transport.http.HttpServer;
import org.anp.cli.internal.CommandOutput;
import org.anp.cli.internal.ErrorLines;
import org.anp.cli.internal.InputFiles;
import org.anp.cli.internal.LoopbackHttpOption;
import org.anp.cli.internal.NonceStoreOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code anp serve did-host}: runs a DID document host until interrupted. Exit codes: 0 after an
 * interrupt, 1 if the server could not start, 2 bad usage. Used once, from one thread.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Runs ANP servers (today: a DID document host).",
    subcommands = {ServeCommand.DidHost.class})
public final class ServeCommand implements Callable<Integer> {
  /** The environment variable that holds the did:all node's API key for deletions. */
  static final String API_KEY_VARIABLE = "ANP_NODE_API_KEY";

  @Mixin private CommandOutput io;

  @Override
  public Integer call() {
    throw io.usage("Missing required subcommand");
  }

  /** {@code anp serve did-host}. */
  @Command(
      name = "did-host",
      mixinStandardHelpOptions = true,
      description = {
        "Serves did:wba documents, and a did:all hosting node, over plain HTTP.",
        "Documents are kept in DIR (one file per DID) and served at the URLs their DIDs map to;"
            + " with the default domain localhost, also under the loopback address the server"
            + " listens on. PUT creates a did:wba document whose proof verifies; replacing or deleting"
            + " one needs DIDWba authentication by that DID. The did:all hosting-node API is under"
            + " /v1/did; its deletions need 'Authorization: Bearer <key>' with the key from $"
            + API_KEY_VARIABLE + " (refused when unset).",
        "Plain HTTP only: put a TLS proxy in front for real did:wba use; on one machine, resolve"
            + " with --allow-loopback-http. Prints the base URL, then runs until interrupted"
            + " (Ctrl-C), finishing requests in flight."
      })
  static final class DidHost implements Callable<Integer> {
    @Mixin private CommandOutput io;

    @Option(
        names = "--port",
        required = true,
        description = "TCP port; 0 picks a free one. did:wba DIDs name the port, so fix it before creating them.")
    private int port;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Document directory (created if missing).")
    private Path dir;

    @Option(
        names = "--domain",
        split = ",",
        defaultValue = "localhost",
        paramLabel = "HOST",
        description = "Host name(s) the DIDs use, comma-separated (default: ${DEFAULT-VALUE}).")
    private String[] domains;

    @Option(
        names = "--bind",
        defaultValue = "127.0.0.1",
        paramLabel = "ADDRESS",
        description = "Local address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    private String bind;

    @Option(
        names = "--publish",
        paramLabel = "FILE",
        description = "A did:wba document to serve from the start (repeatable), e.g. the did.json 'anp did"
            + " create --domain localhost --port PORT' wrote. It is checked as a PUT would be; its DID must"
            + " name one of the domains and --port.")
    private List<Path> publish = new ArrayList<>();

    @Mixin private LoopbackHttpOption loopbackHttp;

    @Mixin private NonceStoreOption nonceStore;

    @Override
    public Integer call() throws InterruptedException {
      if (port < 0 || port > 65535) {
        throw io.usage("--port must be 0..65535: " + port);
      }
      InetAddress address;
      try {
        address = InetAddress.getByName(bind);
      } catch (UnknownHostException e) {
        throw io.usage("--bind: unknown address " + bind);
      }
      if (!publish.isEmpty() && port == 0) {
        throw io.usage("--publish needs a fixed --port: a did:wba DID names its port");
      }
      String[] hosts = Arrays.stream(domains).map(d -> d.toLowerCase(Locale.ROOT)).toArray(String[]::new);
      Optional<NonceStoreOption.Shared> shared;
      try {
        shared = nonceStore.open();
      } catch (IllegalArgumentException e) {
        throw io.usage("--nonce-store: " + e.getMessage());
      } catch (TransportException e) {
        return io.fail("anp serve did-host: --nonce-store: " + e.getMessage());
      }
      try {
        return serve(address, hosts, shared);
      } finally {
        shared.ifPresent(NonceStoreOption.Shared::close);
      }
    }

    private int serve(InetAddress address, String[] hosts, Optional<NonceStoreOption.Shared> shared)
        throws InterruptedException {
      HttpServer server;
      List<DidWba> published = new ArrayList<>();
      try {
        DidDocumentStore store = DidDocumentStore.inDirectory(dir, DidDocument.DEFAULT_MAX_BYTES);
        for (Path file : publish) {
          Optional<String> refusal = publish(file, store, List.of(hosts), published);
          if (refusal.isPresent()) {
            return io.fail("anp serve did-host: --publish " + refusal.get());
          }
        }
        DidWbaHosting hosting = DidWbaHosting.builder().store(store).domains(hosts).build();
        DidResolver network = loopbackHttp.networkResolver();
        DidWbaVerifier.Builder verifying =
            DidWbaVerifier.builder().resolver(hosting.localResolver(network)).audience(hosts);
        shared.ifPresent(s -> verifying.nonceStore(s.store()));
        DidWbaVerifier verifier = verifying.build();
        DidAllHostingNode.Builder node = DidAllHostingNode.builder().store(store);
        Optional.ofNullable(System.getenv(API_KEY_VARIABLE)).ifPresent(node::apiKey);
        HttpServer.Builder builder =
            HttpServer.builder().port(port).bindAddress(address).authentication(verifier);
        node.build().addRoutes(builder);
        server = hosting.addRoutes(builder).build();
      } catch (java.io.UncheckedIOException e) {
        return io.fail("anp serve did-host: " + e.getMessage() + ": " + InputFiles.reason(e.getCause()));
      } catch (IllegalArgumentException e) {
        return io.fail("anp serve did-host: " + e.getMessage());
      }
      URI bound;
      try {
        bound = server.start().get();
      } catch (ExecutionException e) {
        server.close();
        return io.fail("anp serve did-host: cannot listen on " + bind + ":" + port + ": " + e.getCause().getMessage());
      }
      int actualPort = bound.getPort();
      io.println("http://" + hosts[0] + ":" + actualPort + "/");
      io.println("listening on " + bound + "; DIDs look like did:wba:" + hosts[0] + "%3A" + actualPort + ":<path>");
      shared.ifPresent(s -> io.println("DID authentication nonces shared through " + s.connection().url()));
      for (DidWba did : published) {
        io.println("serving " + did + " at http://" + did.host() + ":" + actualPort + did.documentUrl().getRawPath());
      }
      Thread hook = new Thread(server::close, "anp-serve-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        new CountDownLatch(1).await(); // only an interrupt ends the wait (or the JVM's shutdown)
      } catch (InterruptedException e) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
          // the hook is closing the server
        }
      }
      server.close();
      io.println("stopped");
      return 0;
    }

    /**
     * Stores the document in {@code file} and adds its DID to {@code published} if a PUT of it would
     * be accepted; else says why not.
     */
    private Optional<String> publish(Path file, DidDocumentStore store, List<String> hosts, List<DidWba> published) {
      try {
        byte[] bytes = InputFiles.read(file, DidDocument.DEFAULT_MAX_BYTES);
        DidDocument document = DidDocument.parse(bytes);
        if (document.proof().isEmpty()) {
          return Optional.of(file + ": a hosted did:wba document must carry a proof");
        }
        DidWba did = DidWba.parse(document.id());
        DidWbaDocumentVerifier.verify(document, document.id());
        document.verificationMethods().forEach(VerificationMethod::publicKey); // every key decodes
        // as the hosting maps URLs: a DID without a port is served on the scheme defaults
        boolean portMatches = did.port().isPresent() ? did.port().getAsInt() == port : port == 80 || port == 443;
        if (!hosts.contains(did.host()) || !portMatches) {
          return Optional.of(file + ": " + document.id() + " is not served here (domains " + String.join(", ", hosts)
              + ", port " + port + ")");
        }
        store.put(did.toDid(), bytes);
        published.add(did);
        return Optional.empty();
      } catch (InputFiles.UnusableInputException e) {
        return Optional.of(e.getMessage());
      } catch (IdentityException e) {
        return Optional.of(file + ": " + ErrorLines.of(e));
      }
    }
  }
}
