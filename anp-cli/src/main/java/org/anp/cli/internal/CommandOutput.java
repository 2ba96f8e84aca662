package org.anp.cli.internal;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A picocli mixin that gives a command its output and error streams and its usage errors; it adds
 * no options. Lines are flushed as they are printed, so a long-running command shows them at once.
 * Belongs to one command instance, used from one thread. (The bare {@code @Command} is what
 * picocli needs to accept a mixin without options; it sets nothing.)
 */
@Command
public final class CommandOutput {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  /** A usage error (exit code 2) of this command with {@code message}, for the caller to throw. */
  public ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Prints {@code line} on standard output. */
  public void println(String line) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(line);
    out.flush();
  }

  /** Prints {@code line} on standard error and returns exit code 1 (the command found a failure). */
  public int fail(String line) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(line);
    err.flush();
    return 1;
  }
}
