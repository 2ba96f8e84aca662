package org.anp.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
  @TempDir Path dir;

  @Test
  void readsAFileWithinTheLimit() throws Exception {
    Path file = Files.writeString(dir.resolve("a.json"), "{}");

    assertThat(InputFiles.read(file, 2)).containsExactly('{', '}');
  }

  @Test
  void eachUnusableInputSaysItsPathOnceAndWhy() throws IOException {
    Path missing = dir.resolve("missing.json");
    Path big = Files.writeString(dir.resolve("big.json"), "12345");
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> InputFiles.read(missing, 10)).hasMessage(missing + ": not found");
    assertThatThrownBy(() -> InputFiles.read(dir, 10)).hasMessage(dir + ": is a directory, not a file");
    assertThatThrownBy(() -> InputFiles.read(big, 4)).hasMessage(big + ": larger than 4 bytes (5)");
    assertThatThrownBy(() -> InputFiles.requireDirectory(missing)).hasMessage(missing + ": not found");
    assertThatThrownBy(() -> InputFiles.requireDirectory(file)).hasMessage(file + ": not a directory");
  }

  @Test
  void describeNamesTheFileTheExceptionNames() {
    Path file = dir.resolve("did.json");

    assertThat(InputFiles.describe(new java.nio.file.NoSuchFileException(file.toString()))).isEqualTo(file + ": not found");
    assertThat(InputFiles.describe(new IOException("disk on fire"))).isEqualTo("disk on fire");
  }

  @Test
  void aPermissionProblemIsNamedAsSuch() {
    // Built directly: a test running as root could read a file whatever its mode.
    Path file = dir.resolve("key-1.pem");

    assertThat(InputFiles.reason(new AccessDeniedException(file.toString()))).isEqualTo("not readable (permission denied)");
  }
}
