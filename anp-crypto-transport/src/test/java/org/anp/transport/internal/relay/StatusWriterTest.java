package org.anp.transport.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.anp.identity.json.StrictJson;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.ErrorResponse;
import org.junit.jupiter.api.Test;

class StatusWriterTest {
  private static final Instant NOW = Instant.parse("2026-12-04T10:11:12.345678Z");

  @Test
  void writesAResponseTheStrictE2eParserReadsBack() {
    StatusWriter writer = new StatusWriter(new SecureRandom(), Optional.of("did:wba:relay.example"));
    FrameInfo original = new FrameInfo("message", Optional.of("m1"), Optional.of("did:wba:a.example:alice"));

    byte[] frame = writer.response(NOW, original, 202, "destination offline; queued");

    ErrorResponse r = (ErrorResponse) E2eMessage.parse(frame);
    assertThat(r.code()).isEqualTo(202);
    assertThat(r.sourceDid()).contains("did:wba:relay.example");
    assertThat(r.destinationDid()).contains("did:wba:a.example:alice");
    assertThat(r.originalType()).isEqualTo("message");
    assertThat(r.originalMessageId()).contains("m1");
    assertThat(r.detail()).isEqualTo("destination offline; queued");
    assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-12-04T10:11:12.345Z"));
    assertThat(r.messageId()).matches("[0-9a-f]{16}");
    assertThat(new String(frame, java.nio.charset.StandardCharsets.UTF_8)).startsWith(
        "{\"version\":\"1.0\",\"type\":\"response\",\"timestamp\":\"2026-12-04T10:11:12.345Z\",\"messageId\":\"");
  }

  @Test
  void leavesOutWhatItDoesNotKnow() {
    StatusWriter writer = new StatusWriter(new SecureRandom(), Optional.empty());
    JsonNode json = StrictJson.parse(writer.response(NOW, new FrameInfo(FrameInfo.UNKNOWN, Optional.empty(),
        Optional.empty()), 400, "frame: malformed JSON"), 4096);
    assertThat(json.has("sourceDid")).isFalse();
    assertThat(json.has("destinationDid")).isFalse();
    assertThat(json.has("originalMessageId")).isFalse();
    assertThat(json.path("originalType").asText()).isEqualTo("unknown");
    assertThat(json.path("code").asInt()).isEqualTo(400);
  }

  @Test
  void escapesPeerTextSoItCannotBreakOutOfItsString() {
    StatusWriter writer = new StatusWriter(new SecureRandom(), Optional.empty());
    String hostileId = "m\",\"code\":200,\"x\":\"\\\u0001\u00e9\uD83D\uDE00";
    FrameInfo original = new FrameInfo("message", Optional.of(hostileId), Optional.of("did:x:\"q\""));
    JsonNode json = StrictJson.parse(writer.response(NOW, original, 403, "detail with \"quotes\"\n"), 4096);
    assertThat(json.path("originalMessageId").asText()).isEqualTo(hostileId);
    assertThat(json.path("destinationDid").asText()).isEqualTo("did:x:\"q\"");
    assertThat(json.path("code").asInt()).isEqualTo(403);
    assertThat(json.path("detail").asText()).isEqualTo("detail with \"quotes\"\n");
  }

  @Test
  void messageIdsAreDistinct() {
    StatusWriter writer = new StatusWriter(new SecureRandom(), Optional.empty());
    FrameInfo original = new FrameInfo("message", Optional.of("m"), Optional.empty());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(StrictJson.parse(writer.response(NOW.plusMillis(i % 3), original, 200, "ok"), 4096).path("messageId").asText());
    }
    assertThat(ids).hasSize(1000);
  }
}
