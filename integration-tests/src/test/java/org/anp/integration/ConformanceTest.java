package org.anp.integration;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anp.cli.AnpCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code anp conformance} in-process on the reference SDK's vector files (copied from the
 * shared conformance corpus into {@code src/test/resources/conformance}, README included).
 */
class ConformanceTest {

  private static final Pattern SUMMARY = Pattern.compile("conformance: (\\d+) passed, 0 failed");

  @TempDir Path dir;

  private Path extract(String resource) throws IOException {
    Path file = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
    try (InputStream in = ConformanceTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("test resource %s", resource).isNotNull();
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void didWbaDocumentsPassEveryCase() throws IOException {
    Path file = extract("/conformance/did-wba/did-documents.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exitCode =
        AnpCommand.run(
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            "conformance",
            file.toString());

    String report = out.toString(UTF_8);
    List<String> lines = report.lines().toList();
    assertThat(exitCode).as("exit code; output:%n%s%nerrors:%n%s", report, err.toString(UTF_8)).isZero();
    assertThat(lines).isNotEmpty();
    Matcher summary = SUMMARY.matcher(lines.get(lines.size() - 1));
    assertThat(summary.matches()).as("last line of:%n%s", report).isTrue();
    assertThat(Integer.parseInt(summary.group(1))).isPositive();
  }
}
