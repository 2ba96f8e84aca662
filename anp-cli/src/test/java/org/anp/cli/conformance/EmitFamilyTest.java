package org.anp.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.anp.cli.AnpCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --emit e2e-legacy DIR} writes the whole family, which the checker then accepts. */
class EmitFamilyTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int anp(String... args) {
    out.reset();
    err.reset();
    return AnpCommand.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        args);
  }

  @Test
  void e2eLegacyFamilyWritesBothFilesThatPassTheCheck() {
    assertThat(anp("conformance", "--emit", "e2e-legacy", dir.toString())).isZero();
    Path handshake = dir.resolve("handshake.json");
    Path messages = dir.resolve("messages.json");
    assertThat(handshake).isRegularFile();
    assertThat(messages).isRegularFile();

    assertThat(anp("conformance", handshake.toString(), messages.toString()))
        .as(out.toString(StandardCharsets.UTF_8))
        .isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines[lines.length - 1]).matches("conformance: [1-9][0-9]* passed, 0 failed");
  }

  @Test
  void aPartialWordIsNoFamily() throws Exception {
    assertThat(anp("conformance", "--emit", "e2e-leg", dir.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown suite 'e2e-leg'");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
