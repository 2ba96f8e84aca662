package org.anp.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One finished in-process run of a command line, for tests: its exit code and everything it wrote
 * to standard output and standard error.
 *
 * @param exitCode the command's exit code (0 success, 1 failure found, 2 bad usage)
 * @param out what the command printed on standard output
 * @param err what the command printed on standard error
 */
public record CliRun(int exitCode, String out, String err) {

  /** Runs {@code anp args} through {@link AnpCommand#run}, capturing both streams as UTF-8. */
  public static CliRun anp(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = AnpCommand.run(
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs the picocli command object {@code command} (not the root {@code anp}) with {@code args}. */
  public static CliRun of(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(command)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
