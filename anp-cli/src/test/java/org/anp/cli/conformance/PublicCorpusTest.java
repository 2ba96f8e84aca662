package org.anp.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.anp.cli.CliRun;
import org.junit.jupiter.api.Test;

/**
 * {@code anp conformance}, run in-process as a user runs it, over the public corpus copied into
 * {@code vectors/conformance/} (see its SOURCE.md): every case of every did-wba file passes.
 */
class PublicCorpusTest {
  private static final Pattern SUMMARY = Pattern.compile("conformance: (\\d+) passed, (\\d+) failed, 0 not applicable");

  static Path corpus(String folder) throws URISyntaxException {
    URL url = PublicCorpusTest.class.getResource("/vectors/conformance/" + folder);
    assertThat(url).as(folder).isNotNull();
    return Path.of(url.toURI());
  }

  static List<String> jsonFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().map(Path::toString).toList();
    }
  }

  @Test
  void everyPublicDidWbaFilePassesEveryCase() throws Exception {
    List<String> files = jsonFiles(corpus("did-wba"));
    assertThat(files).extracting(f -> Path.of(f).getFileName().toString())
        .containsExactly("auth-headers.json", "auth-json.json", "did-documents.json", "http-signatures.json");
    List<String> args = new ArrayList<>(List.of("conformance"));
    args.addAll(files);

    CliRun run = CliRun.anp(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.out()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).as(run.out()).hasSize(1);
    Matcher summary = SUMMARY.matcher(lines.get(0));
    assertThat(summary.matches()).as(lines.get(0)).isTrue();
    // 46 headers, 9 JSON logins, 21 HTTP signatures and the documents' cases
    assertThat(Integer.parseInt(summary.group(1))).isGreaterThan(46 + 9 + 21);
    assertThat(summary.group(2)).isEqualTo("0");
  }

  @Test
  void theWholePublicCorpusPassesWithTheFormatsWithoutASuiteSkipped() throws Exception {
    List<String> args = new ArrayList<>(List.of("conformance"));
    for (String folder : List.of("did-wba", "e2e-legacy", "meta-protocol", "agent-description")) {
      args.addAll(jsonFiles(corpus(folder)));
    }

    CliRun run = CliRun.anp(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.out()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).endsWith("samples.json: SKIPPED: agent-description samples: no suite checks this format yet");
    assertThat(lines.get(1)).matches("conformance: [1-9][0-9]* passed, 0 failed, 0 not applicable, 1 skipped");
  }

  @Test
  void eachDidWbaFileFindsItsDocumentsBesideItWhenRunAlone() throws Exception {
    for (String file : jsonFiles(corpus("did-wba"))) {
      CliRun run = CliRun.anp("conformance", file);
      assertThat(run.exitCode()).as(file + ":\n" + run.out()).isZero();
      assertThat(run.out()).as(file).matches("(?s)conformance: [1-9][0-9]* passed, 0 failed, 0 not applicable\\R");
    }
  }
}
