package org.anp.transport.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.anp.transport.internal.relay.StoredFrame;
import org.junit.jupiter.api.Test;

class HandOverCodecTest {
  private static StoredFrame.Outbound frame(String id, String body) {
    return new StoredFrame.Outbound("did:wba:b.example", "did:wba:a.example", "did:wba:b.example", "message", id,
        body.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(1_765_000_000_123L), "conn-7", "did:wba:ä.example");
  }

  @Test
  void aBatchOfFramesReadsBackItemByItemWithItsNode() {
    byte[] body = HandOverCodec.frames("node-a", List.of(frame("m1", "{\"x\":1}"), frame("m2", "")), 16);

    HandOverCodec.Batch<HandOverCodec.Frame> batch = HandOverCodec.frames(body);

    assertThat(batch.node()).isEqualTo("node-a");
    assertThat(batch.items()).hasSize(2);
    HandOverCodec.Frame first = batch.items().get(0);
    assertThat(first.key()).isEqualTo("did:wba:b.example");
    assertThat(first.sourceDid()).isEqualTo("did:wba:a.example");
    assertThat(first.type()).isEqualTo("message");
    assertThat(first.messageId()).isEqualTo("m1");
    assertThat(first.expiresAt()).isEqualTo(Instant.ofEpochMilli(1_765_000_000_123L));
    assertThat(first.originConnection()).isEqualTo("conn-7");
    assertThat(first.originKey()).isEqualTo("did:wba:ä.example");
    assertThat(new String(first.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
    assertThat(batch.items().get(1).messageId()).isEqualTo("m2");
    assertThat(batch.items().get(1).bytes()).isEmpty();
  }

  @Test
  void aBatchOfStatusesReadsBack() {
    byte[] body = HandOverCodec.statuses("node-b",
        List.of(new HandOverCodec.Status("", "did:wba:a.example", "{\"code\":200}".getBytes(StandardCharsets.UTF_8))), 0);

    HandOverCodec.Batch<HandOverCodec.Status> batch = HandOverCodec.statuses(body);

    assertThat(batch.node()).isEqualTo("node-b");
    assertThat(batch.items()).singleElement().satisfies(s -> {
      assertThat(s.connection()).isEmpty();
      assertThat(s.sourceDid()).isEqualTo("did:wba:a.example");
      assertThat(new String(s.status(), StandardCharsets.UTF_8)).isEqualTo("{\"code\":200}");
    });
  }

  @Test
  void aTruncatedOrForeignBodyIsRefusedNotHalfRead() {
    byte[] body = HandOverCodec.frames("node-a", List.of(frame("m1", "payload")), 4096);

    assertThatThrownBy(() -> HandOverCodec.frames(Arrays.copyOf(body, body.length - 3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HandOverCodec.frames(Arrays.copyOf(body, body.length + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HandOverCodec.frames(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HandOverCodec.frames("{\"type\":\"message\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theReplyTellsEachItemAndAWrongSizedReplyTakesNothing() {
    byte[] reply = HandOverCodec.reply(new boolean[] {true, false, true});

    assertThat(HandOverCodec.taken(reply, 3, 0)).isTrue();
    assertThat(HandOverCodec.taken(reply, 3, 1)).isFalse();
    assertThat(HandOverCodec.taken(reply, 3, 2)).isTrue();
    assertThat(HandOverCodec.taken(reply, 4, 0)).isFalse();
    assertThat(HandOverCodec.taken(null, 3, 0)).isFalse();
    assertThat(HandOverCodec.taken(new byte[0], 1, 0)).isFalse();
  }
}
