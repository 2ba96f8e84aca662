package org.anp.meta.internal.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import org.anp.identity.json.StrictJson;

/**
 * Jackson keeps its read and write buffers per thread and makes them on a thread's first use.
 * The agent's thread makes its own when the agent is built, so that answering the first
 * application request, or reading its reply, does not (issue 14 row B, decision record 0090).
 */
final class JsonBuffers {
  private static final byte[] SAMPLE = "{\"a\":[1,2.5,\"b\"]}".getBytes(StandardCharsets.UTF_8);

  private JsonBuffers() {}

  /** Reads and writes a small document on the calling thread. */
  static void prepare() {
    try {
      StrictJson.mapper().writeValueAsBytes(StrictJson.parse(SAMPLE, SAMPLE.length));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
