package org.anp.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Prints a usage error (exit code 2) on standard error: the arguments the command did not know
 * first, then picocli's message (or, for a word that is not a subcommand, "Unknown command" and
 * the commands there are), then the command's synopsis and where to read more.
 *
 * <p>Picocli reports a missing required option before an unknown one, so {@code anp send --tp DID
 * ...} used to say only that {@code --to} was missing, never that {@code --tp} was not an option;
 * the unknown one is usually the typo that caused the missing one. Stateless and thread-safe.
 */
public final class UsageErrorHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    if (!(ex instanceof UnmatchedArgumentException)) {
      unknownArguments(command.getParseResult()).forEach(err::println);
    }
    boolean group = !command.getSubcommands().isEmpty();
    Optional<String> unknownCommand = unknownCommand(ex, group);
    err.println(unknownCommand
        .map(name -> "Unknown command: '" + name + "' (the commands are "
            + String.join(", ", command.getSubcommands().keySet()) + ")")
        .orElse(ex.getMessage()));
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.print(command.getHelp().fullSynopsis());
    err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the "
        + (group ? "commands." : "options."));
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  // The first unmatched word of a command that takes subcommands, which picocli calls an "unmatched
  // argument at index N".
  private static Optional<String> unknownCommand(ParameterException ex, boolean group) {
    if (!group || !(ex instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
      return Optional.empty();
    }
    String first = unmatched.getUnmatched().get(0);
    return first.startsWith("-") ? Optional.empty() : Optional.of(first);
  }

  // One line naming the unknown options, one naming other unexpected arguments; none if all matched.
  private static List<String> unknownArguments(ParseResult result) {
    if (result == null || result.unmatched().isEmpty()) {
      return List.of();
    }
    List<String> options = result.unmatched().stream().filter(a -> a.startsWith("-")).toList();
    List<String> others = result.unmatched().stream().filter(a -> !a.startsWith("-")).toList();
    List<String> lines = new ArrayList<>();
    if (!options.isEmpty()) {
      lines.add((options.size() == 1 ? "Unknown option: " : "Unknown options: ") + quoted(options));
    }
    if (!others.isEmpty()) {
      lines.add((others.size() == 1 ? "Unexpected argument: " : "Unexpected arguments: ") + quoted(others));
    }
    return lines;
  }

  private static String quoted(List<String> arguments) {
    return arguments.stream().map(a -> "'" + a + "'").collect(Collectors.joining(", "));
  }
}
