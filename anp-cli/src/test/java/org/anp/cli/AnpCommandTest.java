package org.anp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnpCommandTest {

  private CliRun last = new CliRun(0, "", "");

  private int run(String... args) {
    last = CliRun.anp(args);
    return last.exitCode();
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(run("--version")).isZero();

    assertThat(last.out().strip()).matches("anp \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void helpListsTheConformanceCommand() {
    assertThat(run("--help")).isZero();

    assertThat(last.out()).contains("Usage: anp").contains("conformance");
  }

  @Test
  void noSubcommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);

    assertThat(last.err()).contains("Missing required subcommand").contains("Usage: anp");
    assertThat(last.out()).isEmpty();
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(2);

    assertThat(last.err()).startsWith("Unknown command: 'frobnicate' (the commands are did, auth, serve, relay, send,"
        + " listen, conformance, capabilities, negotiate");
    assertThat(last.err()).contains("ad, call, discover, search, registry, tools");
    assertThat(last.err()).contains("Run 'anp --help' for the commands.");
  }

  @Test
  void aMistypedSubcommandIsNamedWithSuggestions() {
    assertThat(run("auth", "hedaer")).isEqualTo(2);

    assertThat(last.err()).startsWith("Unknown command: 'hedaer' (the commands are header, verify)")
        .contains("Did you mean: auth header");
  }

  @Test
  void aMissingFileIsNamedOnceWithTheReason(@TempDir Path dir) {
    Path missing = dir.resolve("missing.json");

    assertThat(run("did", "verify", missing.toString())).isEqualTo(1);

    assertThat(last.err().strip()).isEqualTo("invalid: cannot read " + missing + ": not found");
  }

  @Test
  void anUnknownOptionIsNamedBeforeTheMissingOnes() {
    assertThat(run("send", "--tp", "did:wba:bob.example", "hello")).isEqualTo(2);

    assertThat(last.err()).startsWith("Unknown option: '--tp'\n").contains("Missing required options");
    assertThat(last.out()).isEmpty();
  }

  @Test
  void conformanceRunsThroughTheRootCommand(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("odd.json"), "{\"no_known_format\": true}");

    assertThat(run("conformance", file.toString())).isEqualTo(1);

    String[] lines = last.out().split("\n");
    assertThat(lines[0]).startsWith(file + ": format: unknown format");
    assertThat(lines[lines.length - 1]).isEqualTo("conformance: 0 passed, 1 failed, 0 not applicable");
  }
}
