package org.anp.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anp.cli.CliRun;
import org.anp.identity.json.StrictJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anp conformance} on the official ANP-02 1.2 files, and on a set it emits itself. */
class Anp02V12SuiteTest {
  private static final String DIR = "/vectors/conformance/anp-02-v1.2/";
  private static final List<String> FILES = List.of("identities.json", "byte-vectors.json", "scenario-vectors.json");

  @TempDir Path dir;

  private Path copy(String name, Path to) throws IOException {
    try (InputStream in = Anp02V12SuiteTest.class.getResourceAsStream(DIR + name)) {
      Path target = to.resolve(name);
      Files.write(target, in.readAllBytes());
      return target;
    }
  }

  @Test
  void theOfficialFilesPassEveryApplicableCase() throws IOException {
    for (String f : FILES) {
      copy(f, dir);
    }
    CliRun run = CliRun.anp("conformance", dir.resolve("byte-vectors.json").toString(),
        dir.resolve("scenario-vectors.json").toString(), dir.resolve("identities.json").toString());
    assertThat(run.exitCode()).as(run.out()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).last().isEqualTo("conformance: 178 passed, 0 failed, 18 not applicable");
    // each reason once per file: P5 AEAD and its two mutations in the bytes; unbound transport and
    // token policy in the scenarios
    assertThat(lines).hasSize(6)
        .anySatisfy(l -> assertThat(l).contains("byte-vectors.json: not applicable (4 cases): P5 "));
  }

  @Test
  void notApplicableCasesSayWhy() throws IOException {
    JsonNode bytes = StrictJson.parse(Files.readAllBytes(copy("byte-vectors.json", dir)), 1 << 20);
    JsonNode identities = StrictJson.parse(Files.readAllBytes(copy("identities.json", dir)), 1 << 20);
    JsonNode scenarios = StrictJson.parse(Files.readAllBytes(copy("scenario-vectors.json", dir)), 1 << 20);
    Companions companions = name -> java.util.Optional.ofNullable(switch (name) {
      case "anp02-v1.2-identities" -> identities;
      case "anp02-v1.2-bytes" -> bytes;
      case "anp02-v1.2-scenarios" -> scenarios;
      default -> null;
    });
    List<CaseResult> results = Anp02V12Suite.bytes().run(bytes, companions);
    assertThat(results).hasSize(112).noneMatch(CaseResult::failed);
    assertThat(results).filteredOn(r -> r.outcome() == CaseResult.Outcome.NOT_APPLICABLE).hasSize(12)
        .allSatisfy(r -> assertThat(r.id()).startsWith("P5-AEAD-"))
        .allSatisfy(r -> assertThat(r.reason()).isNotBlank());
    assertThat(Anp02V12Suite.scenarios().run(scenarios, companions))
        .filteredOn(r -> r.outcome() == CaseResult.Outcome.NOT_APPLICABLE).hasSize(6);
  }

  @Test
  void withoutIdentitiesBesideItTheHttpCasesFailNamingTheMissingFile() throws IOException {
    Path alone = Files.createDirectory(dir.resolve("alone"));
    CliRun run = CliRun.anp("conformance", copy("byte-vectors.json", alone).toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("HTTP-wba-POST: no identities.json beside this file");
  }

  @Test
  void theEmittedFamilyPassesTheCheck() {
    CliRun emit = CliRun.anp("conformance", "--emit", "anp02-v1.2", dir.toString());
    assertThat(emit.exitCode()).as(emit.err()).isZero();
    CliRun run = CliRun.anp("conformance", dir.resolve("identities.json").toString(),
        dir.resolve("byte-vectors.json").toString(), dir.resolve("scenario-vectors.json").toString());
    assertThat(run.exitCode()).as(run.out()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(lines.size() - 1)).matches("conformance: [1-9][0-9]+ passed, 0 failed, [0-9]+ not applicable");
  }
}
