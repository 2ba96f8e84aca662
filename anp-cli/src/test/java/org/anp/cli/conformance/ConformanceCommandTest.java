package org.anp.cli.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.anp.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceCommandTest {

  private static final FakeSuite FAKE = new FakeSuite("fake", "fake_cases");
  private static final FakeSuite OTHER = new FakeSuite("other", "other_cases");

  @TempDir Path dir;

  private CliRun last = new CliRun(0, "", "");

  private int run(List<ConformanceSuite> suites, int limit, String... args) {
    last = CliRun.of(new ConformanceCommand(suites, limit), args);
    return last.exitCode();
  }

  private int run(String... args) {
    return run(List.of(FAKE, OTHER), ConformanceCommand.DEFAULT_MAX_FILE_BYTES, args);
  }

  private List<String> outLines() {
    return last.out().lines().toList();
  }

  private Path file(String name, String json) throws IOException {
    return Files.writeString(dir.resolve(name), json, UTF_8);
  }

  @Test
  void allCasesPassingExitsZeroAndPrintsOnlyTheSummary() throws IOException {
    Path file = file("ok.json", "{\"fake_cases\": [{\"id\": \"a\", \"ok\": true}, {\"id\": \"b\", \"ok\": true}]}");

    assertThat(run(file.toString())).isZero();

    assertThat(outLines()).containsExactly("conformance: 2 passed, 0 failed, 0 not applicable");
    assertThat(last.err()).isEmpty();
  }

  @Test
  void notApplicableCasesAreCountedApartAndEachReasonListedOnce() throws IOException {
    Path file =
        file(
            "na.json",
            "{\"fake_cases\": [{\"id\": \"a\", \"na\": \"no AEAD\"}, {\"id\": \"b\", \"ok\": true},"
                + " {\"id\": \"c\", \"na\": \"no AEAD\"}, {\"id\": \"d\", \"na\": \"no aud claim\"}]}");

    assertThat(run(file.toString())).isZero();

    assertThat(outLines())
        .containsExactly(
            file + ": not applicable (2 cases): no AEAD",
            file + ": not applicable (1 case): no aud claim",
            "conformance: 1 passed, 0 failed, 3 not applicable");
  }

  @Test
  void verboseListsEveryNotApplicableCaseAndAFailureStillExitsOne() throws IOException {
    Path file =
        file(
            "na.json",
            "{\"fake_cases\": [{\"id\": \"a\", \"na\": \"no AEAD\"}, {\"id\": \"b\", \"ok\": false,"
                + " \"reason\": \"bad\"}, {\"id\": \"c\", \"na\": \"no AEAD\"}]}");

    assertThat(run("-v", file.toString())).isEqualTo(1);

    assertThat(outLines())
        .containsExactly(
            file + ": a: not applicable: no AEAD",
            file + ": b: bad",
            file + ": c: not applicable: no AEAD",
            "conformance: 0 passed, 1 failed, 2 not applicable");
  }

  @Test
  void failingCasesArePrintedOnePerLineAndExitOne() throws IOException {
    Path file =
        file(
            "mixed.json",
            "{\"fake_cases\": [{\"id\": \"a\", \"ok\": false, \"reason\": \"bad proof\"},"
                + " {\"id\": \"b\", \"ok\": true},"
                + " {\"id\": \"c\", \"ok\": false, \"reason\": \"wrong key\"}]}");

    assertThat(run(file.toString())).isEqualTo(1);

    assertThat(outLines())
        .containsExactly(
            file + ": a: bad proof", file + ": c: wrong key", "conformance: 1 passed, 2 failed, 0 not applicable");
  }

  @Test
  void countsAddUpOverFilesOfDifferentFormats() throws IOException {
    Path fake = file("f.json", "{\"fake_cases\": [{\"id\": \"a\", \"ok\": true}]}");
    Path other =
        file(
            "o.json",
            "{\"other_cases\": [{\"id\": \"x\", \"ok\": true}, {\"id\": \"y\", \"ok\": false, \"reason\": \"r\"}]}");

    assertThat(run(fake.toString(), other.toString())).isEqualTo(1);

    assertThat(outLines()).containsExactly(other + ": y: r", "conformance: 2 passed, 1 failed, 0 not applicable");
  }

  @Test
  void theFirstRecognizingSuiteRunsTheFile() throws IOException {
    ConformanceSuite failsEverything =
        new ConformanceSuite() {
          @Override
          public String name() {
            return "strict";
          }

          @Override
          public boolean recognizes(JsonNode root) {
            return FAKE.recognizes(root);
          }

          @Override
          public List<CaseResult> run(JsonNode root) {
            return List.of(new CaseResult("strict-case", false, "strict suite ran"));
          }

          @Override
          public String emitFileName() {
            return "strict.json";
          }

          @Override
          public JsonNode emit(SecureRandom random, Clock clock) {
            return FAKE.emit(random, clock);
          }
        };
    Path file = file("ok.json", "{\"fake_cases\": [{\"id\": \"a\", \"ok\": true}]}");

    assertThat(run(List.of(failsEverything, FAKE), 1 << 20, file.toString())).isEqualTo(1);
    assertThat(outLines()).contains(file + ": strict-case: strict suite ran");
  }

  @Test
  void unknownFormatIsOneFailedCaseNamingTheKnownSuites() throws IOException {
    Path file = file("odd.json", "{\"something_else\": []}");

    assertThat(run(file.toString())).isEqualTo(1);

    assertThat(outLines())
        .containsExactly(
            file + ": format: unknown format, no suite recognizes it (known: fake, other)",
            "conformance: 0 passed, 1 failed, 0 not applicable");
  }

  @Test
  void formatsWithoutASuiteAreSkippedWithTheirReasonAndDoNotFail() throws Exception {
    Path ad = PublicCorpusTest.corpus("agent-description").resolve("samples.json");
    Path jcs = file("jcs-check.json", "{\"meta\": {}, \"canonicalizations\": 575}");
    Path ok = file("ok.json", "{\"fake_cases\": [{\"id\": \"a\", \"ok\": true}]}");

    assertThat(run(ad.toString(), jcs.toString(), ok.toString())).isZero();

    assertThat(outLines()).containsExactly(
        ad + ": SKIPPED: agent-description samples: no suite checks this format yet",
        jcs + ": SKIPPED: JCS cross-check summary: it records the generator's own checks and holds no case to run",
        "conformance: 1 passed, 0 failed, 0 not applicable, 2 skipped");
  }

  @Test
  void aSkippedFileDoesNotHideAFailure() throws Exception {
    Path ad = PublicCorpusTest.corpus("agent-description").resolve("samples.json");
    Path bad = file("bad.json", "{\"fake_cases\": [{\"id\": \"a\", \"ok\": false, \"reason\": \"r\"}]}");

    assertThat(run(ad.toString(), bad.toString())).isEqualTo(1);

    assertThat(outLines()).last().isEqualTo("conformance: 0 passed, 1 failed, 0 not applicable, 1 skipped");
  }

  @Test
  void malformedFilesOfEachFormatNameTheFileAndTheMember() throws IOException {
    List<ConformanceSuite> real = ConformanceSuites.all();
    Path documents = file("dd.json",
        "{\"identities\": [{\"name\": \"x\", \"did_document\": \"oops\"}], \"tampered_documents\": []}");
    Path headers = file("ah.json", "{\"cases\": [{\"authorization_header\": \"DIDWba x\", \"verify\": 3}]}");
    Path logins = file("aj.json", "{\"cases\": [{\"auth_json\": \"{}\", \"identity\": \"e1\","
        + " \"service_domain\": \"a.example\"}]}");
    Path handshake = file("hs.json", "{\"parties\": {\"A\": 1}, \"transcript\": [], \"key_schedule\": {}}");
    Path messages = file("ms.json", "{\"messages\": [1], \"negative\": [], \"secret_key_id\": \"a\"}");
    Path signatures = file("hsig.json", "{\"cases\": [{\"signature_headers\": {}, \"verify\": {\"method\": \"GET\"}}]}");

    assertThat(run(real, 1 << 20, documents.toString(), headers.toString(), logins.toString(),
        handshake.toString(), messages.toString(), signatures.toString())).isEqualTo(1);

    assertThat(outLines()).containsExactly(
        documents + ": file: malformed did-documents file: identities[0].did_document: expected an object, found a string",
        headers + ": file: malformed auth-headers file: cases[0].verify: expected an object, found a number",
        logins + ": file: malformed auth-json file: cases[0].expected_signature: missing, expected a string",
        handshake + ": file: malformed e2e-legacy-handshake file: parties.A: expected an object, found a number",
        messages + ": file: malformed e2e-legacy-messages file: messages[0]: expected an object, found a number",
        signatures + ": file: malformed http-signatures file: cases[0].verify.url: missing, expected a string",
        "conformance: 0 passed, 6 failed, 0 not applicable");
    assertThat(last.out()).doesNotContain("Exception").doesNotContain("java.");
  }

  @Test
  void missingFileIsOneFailedCaseAndTheOthersStillRun() throws IOException {
    Path missing = dir.resolve("missing.json");
    Path ok = file("ok.json", "{\"fake_cases\": [{\"id\": \"a\", \"ok\": true}]}");

    assertThat(run(missing.toString(), ok.toString())).isEqualTo(1);

    assertThat(outLines())
        .containsExactly(
            missing + ": file: cannot read: no such file", "conformance: 1 passed, 1 failed, 0 not applicable");
  }

  @Test
  void directoryIsUnreadable() {
    assertThat(run(dir.toString())).isEqualTo(1);

    assertThat(outLines().get(0)).startsWith(dir + ": file: cannot read: ");
    assertThat(outLines()).last().isEqualTo("conformance: 0 passed, 1 failed, 0 not applicable");
  }

  @Test
  void malformedJsonIsOneFailedCaseWithItsLocation() throws IOException {
    Path file = file("broken.json", "{\"fake_cases\": [\n{\"id\": }]}");

    assertThat(run(file.toString())).isEqualTo(1);

    assertThat(outLines().get(0)).startsWith(file + ": file: not valid JSON: ").contains("line 2");
    assertThat(outLines()).last().isEqualTo("conformance: 0 passed, 1 failed, 0 not applicable");
  }

  @Test
  void duplicateKeysAndTrailingContentAreNotJson() throws IOException {
    Path duplicate = file("dup.json", "{\"fake_cases\": [], \"fake_cases\": []}");
    Path trailing = file("trail.json", "{\"fake_cases\": []} {}");

    assertThat(run(duplicate.toString(), trailing.toString())).isEqualTo(1);

    assertThat(outLines())
        .hasSize(3)
        .anySatisfy(line -> assertThat(line).startsWith(duplicate + ": file: not valid JSON"))
        .anySatisfy(line -> assertThat(line).startsWith(trailing + ": file: not valid JSON"));
  }

  @Test
  void emptyFileIsOneFailedCase() throws IOException {
    Path file = file("empty.json", "");

    assertThat(run(file.toString())).isEqualTo(1);

    assertThat(outLines()).containsExactly(file + ": file: empty file", "conformance: 0 passed, 1 failed, 0 not applicable");
  }

  @Test
  void fileOverTheLimitIsNotParsed() throws IOException {
    Path file = file("big.json", "{\"fake_cases\": [{\"id\": \"a\", \"ok\": true}]}");
    int size = (int) Files.size(file);

    assertThat(run(List.of(FAKE), size - 1, file.toString())).isEqualTo(1);
    assertThat(outLines().get(0)).isEqualTo(file + ": file: too large: " + size + " bytes, limit " + (size - 1));

    assertThat(run(List.of(FAKE), size, file.toString())).isZero();
  }

  @Test
  void aSuiteThatThrowsFailsItsFileOnly() throws IOException {
    Path bad = file("bad.json", "{\"fake_cases\": [{\"id\": \"a\", \"ok\": true, \"explode\": true}]}");
    Path ok = file("ok.json", "{\"other_cases\": [{\"id\": \"a\", \"ok\": true}]}");

    assertThat(run(bad.toString(), ok.toString())).isEqualTo(1);

    assertThat(outLines())
        .containsExactly(
            bad + ": suite: fake threw java.lang.IllegalStateException: fake suite exploded",
            "conformance: 1 passed, 1 failed, 0 not applicable");
  }

  @Test
  void aRecognizedFileWithoutCasesFails() throws IOException {
    Path file = file("none.json", "{\"fake_cases\": []}");

    assertThat(run(file.toString())).isEqualTo(1);

    assertThat(outLines())
        .containsExactly(file + ": suite: fake found no case in the file", "conformance: 0 passed, 1 failed, 0 not applicable");
  }

  @Test
  void noFileIsAUsageError() {
    assertThat(run()).isEqualTo(2);

    assertThat(last.err()).contains("Missing required parameter: FILE");
  }

  @Test
  void emitWritesPrettyJsonThatTheCheckAccepts() throws IOException {
    Path target = dir.resolve("nested/out");

    assertThat(run("--emit", "fake", target.toString())).isZero();

    Path written = target.resolve("fake.json");
    assertThat(outLines()).containsExactly("conformance: wrote " + written);
    String text = Files.readString(written, UTF_8);
    assertThat(text).contains("\n  \"fake_cases\"").endsWith("\n");
    JsonNode node = new ObjectMapper().readTree(text);
    assertThat(node.get("fake_cases").get(0).get("id").asText()).matches("emitted-[0-9a-f]{16}");

    assertThat(run(written.toString())).isZero();
    assertThat(outLines()).containsExactly("conformance: 1 passed, 0 failed, 0 not applicable");
  }

  @Test
  void emitUnknownSuiteExitsTwoListingTheNames() {
    assertThat(run("--emit", "nope", dir.toString())).isEqualTo(2);

    assertThat(last.err()).contains("unknown suite 'nope'").contains("known suites: fake, other");
    assertThat(dir.resolve("nope.json")).doesNotExist();
  }

  @Test
  void emitWithoutSuitesSaysNone() {
    assertThat(run(List.of(), 1 << 20, "--emit", "fake", dir.toString())).isEqualTo(2);

    assertThat(last.err()).contains("known suites: none");
  }

  @Test
  void emitNeedsBothNameAndDirectory() {
    assertThat(run("--emit", "fake")).isEqualTo(2);

    assertThat(last.err()).contains("--emit");
  }

  @Test
  void emitTakesNoFiles() throws IOException {
    Path file = file("ok.json", "{\"fake_cases\": [{\"id\": \"a\", \"ok\": true}]}");

    assertThat(run("--emit", "fake", dir.toString(), file.toString())).isEqualTo(2);

    assertThat(last.err()).contains("--emit takes no FILE arguments");
  }

  @Test
  void emitIntoAFileFailsWithExitOne() throws IOException {
    Path notADirectory = file("plain.txt", "x");

    assertThat(run("--emit", "fake", notADirectory.toString())).isEqualTo(1);

    assertThat(last.err()).contains("cannot write");
  }
}
