package org.anp.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class E2eHandshakeSuiteTest {
  private final E2eHandshakeSuite suite = new E2eHandshakeSuite();

  static JsonNode load(String name) throws IOException {
    try (InputStream in =
        E2eHandshakeSuiteTest.class.getResourceAsStream("/vectors/conformance/e2e-legacy/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void referenceSdkHandshakePassesEveryCase() throws IOException {
    JsonNode root = load("handshake.json");
    assertThat(suite.recognizes(root)).isTrue();
    assertThat(new E2eMessagesSuite().recognizes(root)).isFalse();
    List<CaseResult> results = suite.run(root);
    assertThat(results).hasSize(13).allSatisfy(r -> assertThat(r.passed()).as(r.id() + ": " + r.reason()).isTrue());
  }

  @Test
  void tamperedTranscriptFailsTheRightCases() throws IOException {
    ObjectNode root = (ObjectNode) load("handshake.json");
    ObjectNode first = (ObjectNode) root.withArray("transcript").get(0);
    first.put("wire", first.get("wire").asText().replace("\"expires\": 864000", "\"expires\": 864001"));
    root.put("secret_key_id", "0000000000000000");
    List<CaseResult> results = suite.run(root);
    assertThat(results).filteredOn(r -> !r.passed()).extracting(CaseResult::id)
        .contains("source-hello", "keys/A", "keys/B");
  }

  @Test
  void emittedFileIsAcceptedByRun() {
    JsonNode emitted =
        suite.emit(new SecureRandom(), Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC));
    assertThat(suite.recognizes(emitted)).isTrue();
    assertThat(suite.run(emitted)).allSatisfy(r -> assertThat(r.passed()).as(r.id() + ": " + r.reason()).isTrue());
    assertThat(emitted.path("parties").path("A").path("ephemeral_private_key").path("private_key_hex").asText())
        .hasSize(64);
  }

  @Test
  void doesNotRecognizeOtherShapes() {
    ObjectMapper mapper = new ObjectMapper();
    assertThat(suite.recognizes(mapper.createObjectNode())).isFalse();
    assertThat(suite.recognizes(mapper.createArrayNode())).isFalse();
  }
}
