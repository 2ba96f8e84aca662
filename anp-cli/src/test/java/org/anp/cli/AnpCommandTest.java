package org.anp.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnpCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AnpCommand.run(new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), args);
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(run("--version")).isZero();

    assertThat(out.toString(UTF_8).strip()).matches("anp \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void helpListsTheConformanceCommand() {
    assertThat(run("--help")).isZero();

    assertThat(out.toString(UTF_8)).contains("Usage: anp").contains("conformance");
  }

  @Test
  void noSubcommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);

    assertThat(err.toString(UTF_8)).contains("Missing required subcommand").contains("Usage: anp");
    assertThat(out.toString(UTF_8)).isEmpty();
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(2);

    assertThat(err.toString(UTF_8)).contains("frobnicate");
  }

  @Test
  void conformanceRunsThroughTheRootCommand(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("odd.json"), "{\"no_known_format\": true}");

    assertThat(run("conformance", file.toString())).isEqualTo(1);

    String[] lines = out.toString(UTF_8).split("\n");
    assertThat(lines[0]).startsWith(file + ": format: unknown format");
    assertThat(lines[lines.length - 1]).isEqualTo("conformance: 0 passed, 1 failed");
  }
}
