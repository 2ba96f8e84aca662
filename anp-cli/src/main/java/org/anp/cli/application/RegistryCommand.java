package org.anp.cli.application;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.anp.application.registry.ProtocolPackage;
import org.anp.application.registry.RegistryClient;
import org.anp.application.registry.RegistryServer;
import org.anp.application.registry.TrustPolicy;
import org.anp.cli.internal.CommandOutput;
import org.anp.cli.internal.InputFiles;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.json.StrictJson;
import org.anp.transport.http.HttpServer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anp registry}: a protocol registry (white paper section 2.3). {@code serve} runs one,
 * {@code publish} signs a protocol document as an identity and publishes it, {@code fetch} gets a
 * package by name and version or by content hash and prints it only if its signature verifies and
 * its publisher is trusted.
 */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a protocol registry, publishes signed protocol packages and fetches trusted ones.",
      "A fetched package is printed only if its signature verifies and its publisher is trusted."
    },
    subcommands = {RegistryCommand.Serve.class, RegistryCommand.Publish.class, RegistryCommand.Fetch.class})
public final class RegistryCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** {@code anp registry serve}. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Runs a protocol registry until interrupted.",
        "Prints the base URL; publishing needs DID authentication, reading does not."
      })
  static final class Serve implements Callable<Integer> {
    @Mixin private CommandOutput io;
    @Mixin private ApplicationOptions options;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
        description = "Where the packages are kept (created if missing).")
    private Path dir;

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
        description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
        description = "Local address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    private String bind;

    @Option(names = "--domain", split = ",", defaultValue = "127.0.0.1,localhost", paramLabel = "HOST",
        description = "Host names publishers sign their requests for, comma-separated (default: ${DEFAULT-VALUE}).")
    private String[] domains;

    @Override
    public Integer call() {
      if (port < 0 || port > 65535) {
        throw io.usage("--port must be 0..65535: " + port);
      }
      InetAddress address;
      try {
        address = InetAddress.getByName(bind);
      } catch (UnknownHostException e) {
        throw io.usage("--bind: unknown address " + bind);
      }
      DidWbaVerifier verifier = DidWbaVerifier.builder()
          .resolver(options.resolver())
          .audience(domains)
          .tokens(AccessTokenService.builder().build())
          .build();
      HttpServer.Builder builder = HttpServer.builder().port(port).bindAddress(address).authentication(verifier);
      HttpServer server;
      try {
        server = RegistryServer.open(dir, options.resolver()).mount(builder).build();
      } catch (java.io.UncheckedIOException e) {
        return io.fail("anp registry serve: " + e.getMessage());
      }
      URI bound;
      try {
        bound = server.start().get();
      } catch (ExecutionException e) {
        server.close();
        return io.fail("anp registry serve: cannot listen on " + bind + ":" + port + ": " + e.getCause().getMessage());
      } catch (InterruptedException e) {
        server.close();
        Thread.currentThread().interrupt();
        return io.fail("anp registry serve: interrupted");
      }
      io.println(bound.toString());
      Thread hook = new Thread(server::close, "anp-registry-shutdown");
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
  }

  /** {@code anp registry publish}. */
  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Signs a protocol document as an identity and publishes it to a registry.",
        "Prints the content hash the registry stored the package under."
      })
  static final class Publish implements Callable<Integer> {
    @Mixin private CommandOutput io;
    @Mixin private ApplicationOptions options;

    @Option(names = "--identity", required = true, paramLabel = "DIR",
        description = "The publisher's identity directory (as written by 'anp did create').")
    private Path identity;

    @Option(names = "--registry", required = true, paramLabel = "URL", description = "The registry's base URL.")
    private String registry;


    @Option(names = "--format", defaultValue = "MARKDOWN", paramLabel = "FORMAT",
        description = "MARKDOWN (with JSON Schemas) or OPENRPC (default: ${DEFAULT-VALUE}).")
    private ProtocolPackage.Format format;

    @Option(names = "--handler", paramLabel = "FILE", description = "The handler's declarative form, a JSON file (none by default).")
    private Path handler;

    @Parameters(index = "0", paramLabel = "NAME", description = "The protocol's name.")
    private String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The protocol's version.")
    private String version;

    @Parameters(index = "2", paramLabel = "FILE", description = "The protocol document.")
    private Path document;

    @Override
    public Integer call() {
      String text;
      Optional<JsonNode> handlerJson = Optional.empty();
      try {
        text = new String(InputFiles.read(document, ProtocolPackage.MAX_BYTES), StandardCharsets.UTF_8);
        if (handler != null) {
          handlerJson = Optional.of(StrictJson.parse(InputFiles.read(handler, ProtocolPackage.MAX_BYTES),
              ProtocolPackage.MAX_BYTES));
        }
      } catch (InputFiles.UnusableInputException e) {
        return io.fail("anp registry publish: " + e.getMessage());
      } catch (IdentityException e) {
        return io.fail("anp registry publish: --handler: not JSON: " + handler);
      }
      ProtocolPackage pkg;
      try {
        pkg = ProtocolPackage.sign(options.identity(identity), name, version, format, text, handlerJson,
            Clock.systemUTC());
      } catch (IllegalArgumentException e) {
        throw io.usage(e.getMessage());
      }
      RegistryClient client = RegistryClient.builder(options.url(registry, "--registry"))
          .resolver(options.resolver())
          .trust((did, n) -> true)
          .fetcher(options.fetcher())
          .identity(options.identity(identity))
          .timeout(options.timeout())
          .build();
      io.println(options.await(client.publish(pkg)));
      return 0;
    }
  }

  /** {@code anp registry fetch}. */
  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = {
        "Fetches a protocol package, verifies it and prints it if a trusted DID published it.",
        "Give NAME and VERSION, or --hash; a package from an untrusted publisher exits 1 (UNTRUSTED_SIGNER)."
      })
  static final class Fetch implements Callable<Integer> {
    @Mixin private CommandOutput io;
    @Mixin private ApplicationOptions options;

    @Option(names = "--registry", required = true, paramLabel = "URL", description = "The registry's base URL.")
    private String registry;

    @Option(names = "--trust", required = true, paramLabel = "DID",
        description = "A publisher whose packages are accepted (repeatable).")
    private List<String> trusted;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Which which;

    /** NAME VERSION, or --hash. */
    static final class Which {
      @Parameters(arity = "2", paramLabel = "NAME VERSION", description = "The package's name and version.")
      private List<String> nameVersion;

      @Option(names = "--hash", paramLabel = "HASH", description = "The package's content hash (sha256:HEX).")
      private String hash;
    }

    @Override
    public Integer call() {
      RegistryClient client = RegistryClient.builder(options.url(registry, "--registry"))
          .resolver(options.resolver())
          .trust(TrustPolicy.publishers(Set.copyOf(trusted)))
          .fetcher(options.fetcher())
          .timeout(options.timeout())
          .build();
      ProtocolPackage pkg = options.await(which.hash != null
          ? client.fetchByHash(which.hash)
          : client.fetch(which.nameVersion.get(0), which.nameVersion.get(1)));
      io.println(AdCommand.pretty(pkg.toJson()));
      return 0;
    }
  }
}
