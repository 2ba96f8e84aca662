package org.anp.transport.internal.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads vector files copied under {@code src/test/resources/vectors/} from the class path. */
public final class Vectors {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vectors() {}

  /** Parses {@code vectors/<path>}; fails loudly when the file is missing. */
  public static JsonNode load(String path) {
    String resource = "/vectors/" + path;
    try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }
}
