package org.anp.integration;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  private static final Pattern SUMMARY = Pattern.compile("conformance: (\\d+) passed, 0 failed, 0 not applicable");

  @TempDir Path dir;

  private Path extract(String resource) throws IOException {
    Path file = dir.resolve(resource.substring(1));
    Files.createDirectories(file.getParent());
    try (InputStream in = ConformanceTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("test resource %s", resource).isNotNull();
      Files.copy(in, file);
    }
    return file;
  }

  /** Runs {@code anp conformance} on the files and checks that every case of them passed. */
  private void assertAllPass(String... resources) throws IOException {
    List<String> args = new ArrayList<>(List.of("conformance"));
    for (String resource : resources) {
      args.add(extract(resource).toString());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exitCode =
        AnpCommand.run(
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            args.toArray(String[]::new));

    String report = out.toString(UTF_8);
    List<String> lines = report.lines().toList();
    assertThat(exitCode).as("exit code; output:%n%s%nerrors:%n%s", report, err.toString(UTF_8)).isZero();
    assertThat(lines).isNotEmpty();
    Matcher summary = SUMMARY.matcher(lines.get(lines.size() - 1));
    assertThat(summary.matches()).as("last line of:%n%s", report).isTrue();
    assertThat(Integer.parseInt(summary.group(1))).isPositive();
  }

  @Test
  void didWbaDocumentsPassEveryCase() throws IOException {
    assertAllPass("/conformance/did-wba/did-documents.json");
  }

  @Test
  void didWbaAuthenticationFilesPassEveryCase() throws IOException {
    assertAllPass(
        "/conformance/did-wba/did-documents.json",
        "/conformance/did-wba/auth-headers.json",
        "/conformance/did-wba/auth-json.json",
        "/conformance/did-wba/http-signatures.json");
  }

  @Test
  void e2eLegacyFilesPassEveryCase() throws IOException {
    assertAllPass("/conformance/e2e-legacy/handshake.json", "/conformance/e2e-legacy/messages.json");
  }
}
