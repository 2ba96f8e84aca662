package org.anp.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.anp.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meta-protocol transcript suite on the reference SDK's file, on a tampered copy and on our own. */
class MetaProtocolSuiteTest {
  private final MetaProtocolSuite suite = new MetaProtocolSuite();

  @TempDir Path dir;

  private static JsonNode reference() throws Exception {
    return new ObjectMapper().readTree(PublicCorpusTest.corpus("meta-protocol").resolve("negotiation.json").toFile());
  }

  @Test
  void theReferenceTranscriptPassesEveryCase() throws Exception {
    JsonNode root = reference();
    assertThat(suite.recognizes(root)).isTrue();
    assertThat(suite.malformation(root)).isEmpty();
    List<CaseResult> results = suite.run(root);
    assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.id() + ": " + r.reason()).isTrue());
    assertThat(results).extracting(CaseResult::id)
        .contains("framing", "wire[0]", "wire[5]", "agreed_protocol", "replay/provider",
            "message_constructors/testCasesNegotiation");
  }

  @Test
  void aChangedFrameOrProviderAnswerFailsItsCases() throws Exception {
    ObjectNode root = (ObjectNode) reference().deepCopy();
    ObjectNode counter = (ObjectNode) root.get("wire").get(1);
    String hex = counter.get("hex").textValue();
    // sequenceId 2 -> 7 in the provider's counter-proposal: the bytes no longer match json_text
    counter.put("hex", hex.replaceFirst("73657175656e63654964223a2032", "73657175656e63654964223a2037"));
    List<CaseResult> results = suite.run(root);
    assertThat(results).filteredOn(r -> !r.passed()).extracting(CaseResult::id)
        .containsExactly("wire[1]", "replay/provider");
  }

  @Test
  void emitWritesATranscriptTheSuiteAccepts() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    JsonNode emitted = suite.emit(new SecureRandom(), clock);
    assertThat(suite.recognizes(emitted)).isTrue();
    assertThat(emitted.get("wire").size()).isGreaterThanOrEqualTo(5);
    assertThat(suite.run(emitted)).allSatisfy(r -> assertThat(r.passed()).as(r.id() + ": " + r.reason()).isTrue());

    assertThat(CliRun.anp("conformance", "--emit", "meta-protocol", dir.toString()).exitCode()).isZero();
    Path written = dir.resolve("negotiation.json");
    assertThat(Files.exists(written)).isTrue();
    CliRun check = CliRun.anp("conformance", written.toString());
    assertThat(check.exitCode()).as(check.out()).isZero();
    assertThat(check.out()).contains(" passed, 0 failed");
  }
}
