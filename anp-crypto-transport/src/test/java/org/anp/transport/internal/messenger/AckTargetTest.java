package org.anp.transport.internal.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AckTargetTest {
  private static java.util.Optional<AckTarget> read(String json) {
    return AckTarget.bestEffort(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheEnvelopeOfAFrameTheStrictParserRefused() {
    // Duplicate keys inside encryptedData: refused by the strict parser, routed by the relay.
    assertThat(read("{\"version\":\"1.0\",\"type\":\"message\",\"messageId\":\"m1\",\"sourceDid\":\"did:a\","
        + "\"destinationDid\":\"did:b\",\"encryptedData\":{\"iv\":\"x\",\"iv\":\"y\"}}"))
        .contains(new AckTarget("message", "m1", "did:a", "did:b"));
  }

  @Test
  void nothingForResponsesUnknownTypesMissingMembersOrBrokenJson() {
    assertThat(read("{\"type\":\"response\",\"messageId\":\"r\",\"sourceDid\":\"did:a\",\"destinationDid\":\"did:b\"}")).isEmpty();
    assertThat(read("{\"type\":\"gossip\",\"messageId\":\"g\",\"sourceDid\":\"did:a\",\"destinationDid\":\"did:b\"}")).isEmpty();
    assertThat(read("{\"type\":\"message\",\"messageId\":{\"x\":1},\"sourceDid\":\"did:a\",\"destinationDid\":\"did:b\"}")).isEmpty();
    assertThat(read("{\"type\":\"message\",\"messageId\":\"m\",\"sourceDid\":\"did:a\"}")).isEmpty();
    assertThat(read("{\"type\":\"message\",")).isEmpty();
    assertThat(read("[1]")).isEmpty();
    assertThat(read("[".repeat(100))).isEmpty();
  }
}
