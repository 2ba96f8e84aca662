package org.anp.application.description;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test data under src/test/resources/org/anp/application/description (see its README). */
final class Resources {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Resources() {}

  static byte[] bytes(String name) {
    try (InputStream in = Resources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String name) {
    try {
      return (ObjectNode) MAPPER.readTree(bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode sdkSample(String generator) {
    JsonNode sample = json("sdk/samples.json").get(generator);
    if (sample == null) {
      throw new IllegalStateException("no SDK sample " + generator);
    }
    return (ObjectNode) sample;
  }
}
