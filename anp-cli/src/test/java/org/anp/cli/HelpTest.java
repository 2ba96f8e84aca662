package org.anp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Walks the whole command tree: every command's help works, is complete and shows defaults. */
class HelpTest {

  /** Every command's words after {@code anp}, e.g. {@code [auth, header]}; the root is {@code []}. */
  static Stream<List<String>> commands() {
    List<List<String>> paths = new ArrayList<>();
    collect(AnpCommand.commandLine(), List.of(), paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
    into.add(path);
    command.getSubcommands().forEach((name, sub) -> {
      List<String> longer = new ArrayList<>(path);
      longer.add(name);
      collect(sub, List.copyOf(longer), into);
    });
  }

  private static CommandSpec spec(List<String> path) {
    CommandLine command = AnpCommand.commandLine();
    for (String name : path) {
      command = command.getSubcommands().get(name);
    }
    return command.getCommandSpec();
  }

  @Test
  void theTreeHoldsEveryCommand() {
    assertThat(commands().map(p -> String.join(" ", p)))
        .contains("", "did create", "did verify", "auth header", "auth verify", "serve did-host", "relay",
            "send", "listen", "conformance");
  }

  @ParameterizedTest(name = "anp {0} --help")
  @MethodSource("commands")
  void helpExitsZeroAndPrintsTheUsage(List<String> path) {
    for (String flag : new String[] {"--help", "-h"}) {
      List<String> args = new ArrayList<>(path);
      args.add(flag);

      CliRun run = CliRun.anp(args.toArray(String[]::new));

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).startsWith(("Usage: anp " + String.join(" ", path)).strip());
      assertThat(run.err()).isEmpty();
    }
  }

  @ParameterizedTest(name = "anp {0} --version")
  @MethodSource("commands")
  void versionPrintsTheAnpVersion(List<String> path) {
    List<String> args = new ArrayList<>(path);
    args.add("--version");

    CliRun run = CliRun.anp(args.toArray(String[]::new));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).matches("anp \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @ParameterizedTest(name = "anp {0}")
  @MethodSource("commands")
  void theSummaryIsOneWholeSentence(List<String> path) {
    String[] description = spec(path).usageMessage().description();

    assertThat(description).as("description").isNotEmpty();
    // the command lists show the first line only, so it must not stop mid-sentence
    assertThat(description[0]).endsWith(".").doesNotContain("%n");
    assertThat(description[0].length()).isLessThanOrEqualTo(160);
    // picocli wraps each line by itself, so a line broken mid-sentence prints as a ragged stub
    for (String line : description) {
      assertThat(line).as("a description line of anp %s", String.join(" ", path)).matches("(?s).*[.)]");
    }
  }

  @ParameterizedTest(name = "anp {0}")
  @MethodSource("commands")
  void everyDefaultValueIsShown(List<String> path) {
    for (OptionSpec option : spec(path).options()) {
      if (option.defaultValue() != null) {
        // picocli may hand the description out raw or with the variable already replaced
        assertThat(String.join(" ", option.description()))
            .as("%s of anp %s", option.longestName(), String.join(" ", path))
            .containsPattern("(?i)default: (\\$\\{DEFAULT-VALUE}|" + Pattern.quote(option.defaultValue()) + ")");
      }
    }
  }

  @Test
  void theTopLevelHelpListsEveryCommandWithItsWholeSummary() {
    CliRun run = CliRun.anp("--help");

    CommandLine root = AnpCommand.commandLine();
    String flat = run.out().replaceAll("\\s+", " ");
    root.getSubcommands().forEach((name, sub) -> {
      assertThat(run.out()).containsPattern("(?m)^  " + name + " ");
      assertThat(flat).contains(name + " " + sub.getCommandSpec().usageMessage().description()[0]);
    });
  }
}
