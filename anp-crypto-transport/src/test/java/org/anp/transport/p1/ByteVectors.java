package org.anp.transport.p1;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;

/** The ANP 1.2 byte vectors (src/test/resources/vectors/anp-02-v1.2) and their test keys. */
final class ByteVectors {
  private static final JsonNode ROOT = load();

  private ByteVectors() {}

  static List<JsonNode> positives(String idPrefix) {
    List<JsonNode> out = new ArrayList<>();
    ROOT.get("positives").forEach(v -> {
      if (v.get("id").textValue().startsWith(idPrefix)) {
        out.add(v);
      }
    });
    return out;
  }

  static List<JsonNode> negatives(String baseIdPrefix) {
    List<JsonNode> out = new ArrayList<>();
    ROOT.get("negatives").forEach(v -> {
      if (v.get("base_id").textValue().startsWith(baseIdPrefix)) {
        out.add(v);
      }
    });
    return out;
  }

  static JsonNode positive(String id) {
    for (JsonNode v : ROOT.get("positives")) {
      if (v.get("id").textValue().equals(id)) {
        return v;
      }
    }
    throw new IllegalArgumentException("no vector " + id);
  }

  /** The public test key of {@code <fixture>:<fragment>} (seed per the vector README). */
  static PrivateKeyMaterial key(String fixture, String fragment) {
    try {
      byte[] seed = MessageDigest.getInstance("SHA-256")
          .digest(("ANP02-PUBLIC-TEST-ONLY:" + fixture + ":" + fragment).getBytes(StandardCharsets.UTF_8));
      return PrivateKeyMaterial.fromRaw(KeyType.ED25519, seed);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode load() {
    try (InputStream in = ByteVectors.class.getResourceAsStream("/vectors/anp-02-v1.2/byte-vectors.json")) {
      return StrictJson.parse(in.readAllBytes(), 1 << 20);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
