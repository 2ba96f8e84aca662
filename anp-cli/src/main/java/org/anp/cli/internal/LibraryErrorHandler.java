package org.anp.cli.internal;

import java.io.PrintWriter;
import org.anp.identity.AnpException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a library failure that a command did not handle itself as one line on standard error,
 * {@code anp <command>: CODE (wire name): reason}, and exits 1 (the command found a failure),
 * instead of a stack trace. Any other exception is a bug of ours and keeps its stack trace.
 * Stateless and thread-safe.
 */
public final class LibraryErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) throws Exception {
    if (!(ex instanceof AnpException failure)) {
      throw ex;
    }
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + ErrorLines.of(failure));
    err.flush();
    return 1;
  }
}
