package org.anp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.anp.cli.conformance.ConformanceCommand;
import org.anp.cli.application.AdCommand;
import org.anp.cli.application.CallCommand;
import org.anp.cli.application.DiscoverCommand;
import org.anp.cli.application.RegistryCommand;
import org.anp.cli.application.SearchCommand;
import org.anp.cli.application.ToolsCommand;
import org.anp.cli.auth.AuthCommand;
import org.anp.cli.did.DidCommand;
import org.anp.cli.internal.LibraryErrorHandler;
import org.anp.cli.internal.UsageErrorHandler;
import org.anp.cli.messaging.ListenCommand;
import org.anp.cli.messaging.SendCommand;
import org.anp.cli.relay.RelayCommand;
import org.anp.cli.selection.CapabilitiesCommand;
import org.anp.cli.selection.NegotiateCommand;
import org.anp.cli.serve.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The root {@code anp} command. It does nothing by itself: a subcommand is required.
 *
 * <p>Exit codes: 0 success, 1 the command ran and found a failure, 2 bad usage. Output goes to
 * standard output as UTF-8; diagnostics and logs (Logback, {@code WARN} by default) go to
 * standard error. Instances are used once, from one thread.
 */
@Command(
    name = "anp",
    mixinStandardHelpOptions = true,
    versionProvider = AnpCommand.JarVersion.class,
    description = {
      "Agent Network Protocol tools: DIDs and their authentication, relays, encrypted messages,"
          + " negotiation, agent descriptions, calls, discovery and conformance.",
      "Run 'anp COMMAND --help' for one command's options. Exit codes: 0 success, 1 the command"
          + " found a failure, 2 bad usage."
    },
    subcommands = {DidCommand.class, AuthCommand.class, ServeCommand.class, RelayCommand.class,
      SendCommand.class, ListenCommand.class, ConformanceCommand.class, CapabilitiesCommand.class, NegotiateCommand.class,
      AdCommand.class, CallCommand.class, DiscoverCommand.class, SearchCommand.class, RegistryCommand.class,
      ToolsCommand.class})
public final class AnpCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String... args) {
    System.exit(run(System.out, System.err, args));
  }

  /**
   * Runs the command line in-process, writing UTF-8 to {@code out} and {@code err}.
   *
   * @return the exit code (0 success, 1 failure found, 2 bad usage)
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(args, "args");
    PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8));
    try {
      return commandLine().setOut(outWriter).setErr(errWriter).execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** The whole command tree, with the error handling and the version every command shares. */
  static CommandLine commandLine() {
    CommandLine root = new CommandLine(new AnpCommand());
    shareVersion(root, root.getCommandSpec().versionProvider());
    return root.setParameterExceptionHandler(new UsageErrorHandler())
        .setExecutionExceptionHandler(new LibraryErrorHandler());
  }

  // Every command has -V/--version (mixinStandardHelpOptions); without this, all but the root
  // printed an empty line.
  private static void shareVersion(CommandLine command, IVersionProvider version) {
    command.getCommandSpec().versionProvider(version);
    command.getSubcommands().values().forEach(sub -> shareVersion(sub, version));
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** Reads the version that the build wrote into the jar. */
  static final class JarVersion implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = AnpCommand.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IOException(RESOURCE + " is missing from the anp-cli jar");
        }
        properties.load(in);
      }
      return new String[] {"anp " + properties.getProperty("version", "(no version recorded)")};
    }
  }
}
