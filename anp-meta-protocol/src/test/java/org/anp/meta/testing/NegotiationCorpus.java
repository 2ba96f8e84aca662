package org.anp.meta.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The reference SDK's recorded negotiation, {@code vectors/conformance/meta-protocol/negotiation.json}
 * (see the README beside it), read once for the tests of this module.
 */
public final class NegotiationCorpus {
  /** One recorded frame: who sent it, its exact bytes and its JSON text. */
  public record WireFrame(int index, String from, byte[] bytes, int headerByte, String jsonText) {
    @Override
    public String toString() {
      return "wire[" + index + "] from " + from;
    }
  }

  private static final JsonNode ROOT = load();

  private NegotiationCorpus() {}

  public static JsonNode root() {
    return ROOT;
  }

  public static List<WireFrame> wire() {
    List<WireFrame> frames = new ArrayList<>();
    JsonNode wire = ROOT.get("wire");
    for (int i = 0; i < wire.size(); i++) {
      JsonNode w = wire.get(i);
      frames.add(
          new WireFrame(
              i,
              w.get("from").textValue(),
              HexFormat.of().parseHex(w.get("hex").textValue()),
              w.get("header_byte").intValue(),
              w.get("json_text").textValue()));
    }
    return frames;
  }

  private static JsonNode load() {
    String path = "/vectors/conformance/meta-protocol/negotiation.json";
    try (InputStream in = NegotiationCorpus.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
