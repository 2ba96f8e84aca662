package org.anp.meta.selection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.anp.identity.json.StrictJson;

/** The ANP-06 spec examples in src/test/resources/vectors/anp-06-v1.2 (fresh copies). */
final class Examples {
  private Examples() {}

  static ObjectNode load(String name) {
    try (InputStream in = Examples.class.getResourceAsStream("/vectors/anp-06-v1.2/" + name)) {
      return (ObjectNode) StrictJson.parse(in.readAllBytes(), 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode iface() {
    return load("interface.json");
  }

  static ObjectNode body() {
    return load("request-body.json");
  }

  static ObjectNode result() {
    return load("result.json");
  }
}
