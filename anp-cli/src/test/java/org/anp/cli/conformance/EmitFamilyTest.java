package org.anp.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.anp.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --emit e2e-legacy DIR} writes the whole family, which the checker then accepts. */
class EmitFamilyTest {
  @TempDir Path dir;

  private CliRun last = new CliRun(0, "", "");

  private int anp(String... args) {
    last = CliRun.anp(args);
    return last.exitCode();
  }

  @Test
  void e2eLegacyFamilyWritesBothFilesThatPassTheCheck() {
    assertThat(anp("conformance", "--emit", "e2e-legacy", dir.toString())).isZero();
    Path handshake = dir.resolve("handshake.json");
    Path messages = dir.resolve("messages.json");
    assertThat(handshake).isRegularFile();
    assertThat(messages).isRegularFile();

    assertThat(anp("conformance", handshake.toString(), messages.toString()))
        .as(last.out())
        .isZero();
    String[] lines = last.out().strip().split("\n");
    assertThat(lines[lines.length - 1]).matches("conformance: [1-9][0-9]* passed, 0 failed, 0 not applicable");
  }

  @Test
  void aPartialWordIsNoFamily() throws Exception {
    assertThat(anp("conformance", "--emit", "e2e-leg", dir.toString())).isEqualTo(2);
    assertThat(last.err()).contains("unknown suite 'e2e-leg'");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
