package org.anp.transport.internal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Finished plaintext written directly is byte for byte what Jackson writes. */
class FinishedPlaintextTest {
  @Test
  void sameBytesAsJacksonForDerivedAndOtherIds() {
    for (String id : List.of("0123456789abcdef", "", "ABCDEF01", "a\"b\\c", "key\u0001id", "\u00e9t\u00e9", "g-h")) {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.put("secretKeyId", id);
      assertThat(AesGcmSession.finishedPlaintext(id))
          .as(id)
          .isEqualTo(json.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
