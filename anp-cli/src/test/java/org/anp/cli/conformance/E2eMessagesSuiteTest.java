package org.anp.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class E2eMessagesSuiteTest {
  private final E2eMessagesSuite suite = new E2eMessagesSuite();

  @Test
  void referenceSdkMessagesPassEveryCase() throws IOException {
    JsonNode root = E2eHandshakeSuiteTest.load("messages.json");
    assertThat(suite.recognizes(root)).isTrue();
    assertThat(new E2eHandshakeSuite().recognizes(root)).isFalse();
    List<CaseResult> results = suite.run(root);
    assertThat(results).hasSize(root.path("messages").size() + root.path("negative").size());
    assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.id() + ": " + r.reason()).isTrue());
  }

  @Test
  void wrongPlaintextOrAcceptedNegativeFails() throws IOException {
    ObjectNode root = (ObjectNode) E2eHandshakeSuiteTest.load("messages.json");
    ((ObjectNode) root.withArray("messages").get(0)).put("plaintext_utf8_hex", "00");
    ((ObjectNode) root.withArray("negative").get(4)).put("expected", "valid");
    List<CaseResult> results = suite.run(root);
    assertThat(results).filteredOn(r -> !r.passed()).hasSize(2);
  }

  @Test
  void labelsMustMatchWhatTheReceiverGets() {
    ObjectNode root = (ObjectNode) suite.emit(new SecureRandom(), Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC));
    ObjectNode nonUtf8 = null;
    for (JsonNode n : root.withArray("negative")) {
      if (n.path("expected").asText().equals("sdk-limitation")) {
        nonUtf8 = (ObjectNode) n;
      }
    }
    assertThat(nonUtf8).as("the emitted file has an sdk-limitation case").isNotNull();
    assertThat(suite.run(root)).allSatisfy(r -> assertThat(r.passed()).as(r.id() + ": " + r.reason()).isTrue());

    ((ObjectNode) root.withArray("messages").get(0)).put("expected", "sdk-limitation");
    ((ObjectNode) root.withArray("messages").get(1)).put("expected", "maybe");
    nonUtf8.put("plaintext_hex", "80");
    List<CaseResult> failed = suite.run(root).stream().filter(r -> !r.passed()).toList();
    assertThat(failed).extracting(CaseResult::reason).containsExactlyInAnyOrder(
        "labelled sdk-limitation, but the plaintext is valid UTF-8",
        "expected: must be valid, invalid or sdk-limitation, not 'maybe'",
        "plaintext differs");
  }

  @Test
  void emittedFileIsAcceptedByRun() {
    JsonNode emitted =
        suite.emit(new SecureRandom(), Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC));
    assertThat(suite.recognizes(emitted)).isTrue();
    List<CaseResult> results = suite.run(emitted);
    assertThat(results).hasSize(14);
    assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.id() + ": " + r.reason()).isTrue());
  }
}
