package org.anp.cli.application;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.anp.application.client.RemoteAgent;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.DescriptionSchemas;
import org.anp.application.description.DescriptionSigner;
import org.anp.application.description.DescriptionVerifier;
import org.anp.application.description.VerifiedDescription;
import org.anp.application.registry.ProtocolReference;
import org.anp.cli.internal.CommandOutput;
import org.anp.cli.internal.InputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anp ad}: agent descriptions (ANP-07): validate against the shipped JSON Schemas, sign
 * with an identity, verify a file or a published description, and fetch an agent's verified
 * interfaces. Exit codes: 0 success, 1 the description failed a check (the error code on standard
 * error), 2 bad usage.
 */
@Command(
    name = "ad",
    mixinStandardHelpOptions = true,
    description = {
      "Validates, signs, verifies and fetches agent descriptions.",
      "A description is used only once its proof verifies against its DID."
    },
    subcommands = {AdCommand.Validate.class, AdCommand.Sign.class, AdCommand.Verify.class, AdCommand.Fetch.class})
public final class AdCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** Reads a description file, or prints why it cannot be read and returns empty. */
  static Optional<AgentDescription> read(Path file, CommandOutput io, String command) {
    byte[] bytes;
    try {
      bytes = InputFiles.read(file, AgentDescription.DEFAULT_MAX_BYTES);
    } catch (InputFiles.UnusableInputException e) {
      io.fail(command + ": " + e.getMessage());
      return Optional.empty();
    }
    return Optional.of(AgentDescription.parse(bytes));
  }

  static String pretty(JsonNode json) {
    return json.toPrettyString();
  }

  /** {@code anp ad validate}. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Checks that a description file parses and satisfies the JSON Schema of its shape.",
        "Prints 'valid', the shape and the name; the proof is not checked (use 'anp ad verify')."
      })
  static final class Validate implements Callable<Integer> {
    @Mixin private CommandOutput io;

    @Parameters(paramLabel = "FILE", description = "The description (ANP-07 1.2, JSON-LD or the SDK's product shape).")
    private Path file;

    @Override
    public Integer call() {
      Optional<AgentDescription> description = read(file, io, "anp ad validate");
      if (description.isEmpty()) {
        return 1;
      }
      DescriptionSchemas.standard().validate(description.get());
      io.println("valid " + description.get().format() + " " + description.get().name());
      return 0;
    }
  }

  /** {@code anp ad sign}. */
  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description = {
        "Signs a description with an identity's assertion key and prints the signed description.",
        "Any proof the file has is replaced; the description's did becomes the identity's DID."
      })
  static final class Sign implements Callable<Integer> {
    @Mixin private CommandOutput io;
    @Mixin private ApplicationOptions options;

    @Option(names = "--identity", required = true, paramLabel = "DIR",
        description = "The signer's identity directory (as written by 'anp did create').")
    private Path identity;

    @Option(names = "--domain", paramLabel = "HOST",
        description = "The host the description will be served from, bound into the proof (none by default).")
    private String domain;

    @Parameters(paramLabel = "FILE", description = "The description to sign.")
    private Path file;

    @Override
    public Integer call() {
      Optional<AgentDescription> description = read(file, io, "anp ad sign");
      if (description.isEmpty()) {
        return 1;
      }
      DescriptionSigner.Builder signer = DescriptionSigner.builder(options.identity(identity));
      if (domain != null) {
        signer.domain(domain);
      }
      AgentDescription signed;
      try {
        signed = signer.build().sign(description.get());
      } catch (IllegalArgumentException e) {
        return io.fail("anp ad sign: " + e.getMessage());
      }
      io.println(pretty(signed.receivedJson()));
      return 0;
    }
  }

  /** {@code anp ad verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verifies a description's proof against the DID document of its signer.",
        "Prints 'verified', the DID, the verification method and the signing time."
      })
  static final class Verify implements Callable<Integer> {
    @Mixin private CommandOutput io;
    @Mixin private ApplicationOptions options;

    @Option(names = "--domain", paramLabel = "HOST",
        description = "For a FILE: the host it was fetched from, checked against the proof's domain (none by default).")
    private String domain;

    @Parameters(paramLabel = "FILE|URL", description = "A description file, or the http(s) URL of a published one.")
    private String source;

    @Override
    public Integer call() {
      AgentDescription description;
      Optional<String> host;
      if (source.startsWith("https://") || source.startsWith("http://")) {
        URI url = options.url(source, "URL");
        description = AgentDescription.parse(options.await(
            options.fetcher().fetch(url, AgentDescription.DEFAULT_MAX_BYTES)));
        host = Optional.of(url.getHost());
      } else {
        Optional<AgentDescription> read = read(Path.of(source), io, "anp ad verify");
        if (read.isEmpty()) {
          return 1;
        }
        description = read.get();
        host = Optional.ofNullable(domain);
      }
      VerifiedDescription verified = options.await(
          DescriptionVerifier.builder().resolver(options.resolver()).build().verify(description, host));
      io.println("verified " + verified.did() + " " + verified.verificationMethod() + " " + verified.signedAt());
      return 0;
    }
  }

  /** {@code anp ad fetch}. */
  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = {
        "Fetches and verifies an agent's description; prints its interfaces, methods, operations and protocols.",
        "A DID is resolved and its AgentDescription service followed; the description must be signed by that DID."
      })
  static final class Fetch implements Callable<Integer> {
    @Mixin private CommandOutput io;
    @Mixin private ApplicationOptions options;

    @Parameters(paramLabel = "URL|DID", description = "The ad.json URL or the agent's DID.")
    private String target;

    @Override
    public Integer call() {
      RemoteAgent agent = options.connect(target, Optional.empty());
      printAgent(agent, io);
      return 0;
    }
  }

  /** The lines {@code anp ad fetch} prints for a verified agent. */
  static void printAgent(RemoteAgent agent, CommandOutput io) {
    io.println("did " + agent.did());
    io.println("name " + agent.description().description().name());
    agent.interfaces().forEach(i -> io.println("interface " + i.type()
        + i.protocol().map(p -> " " + p).orElse("") + i.url().map(u -> " " + u).orElse("")));
    agent.methods().forEach(m -> io.println("method " + m.name() + " " + m.endpoint()
        + (m.description().isEmpty() ? "" : " - " + m.description())));
    agent.operations().forEach(o -> io.println("operation " + o.name() + " " + o.httpMethod() + " "
        + o.server() + o.path() + (o.description().isEmpty() ? "" : " - " + o.description())));
    ProtocolReference.listedIn(agent.description().description()).forEach(p -> io.println(
        "protocol " + p.name() + " " + p.version() + " " + p.hash() + " " + p.publisher() + " " + p.url()));
  }
}
