package org.anp.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A test-only format: {@code {"<marker>": [{"id": "...", "ok": true|false, "reason": "..."}]}}.
 * Each entry is one case whose verdict the file states; an entry with {@code "na": "<reason>"} is
 * not applicable for that reason; an entry with {@code "explode": true} makes {@link #run} throw,
 * as a buggy suite would.
 */
final class FakeSuite implements ConformanceSuite {

  private final String name;
  private final String marker;

  FakeSuite(String name, String marker) {
    this.name = name;
    this.marker = marker;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return root.path(marker).isArray();
  }

  @Override
  public List<CaseResult> run(JsonNode root) {
    List<CaseResult> results = new ArrayList<>();
    for (JsonNode entry : root.get(marker)) {
      if (entry.path("explode").asBoolean(false)) {
        throw new IllegalStateException("fake suite exploded");
      }
      if (entry.has("na")) {
        results.add(CaseResult.notApplicable(entry.get("id").asText(), entry.get("na").asText()));
        continue;
      }
      results.add(
          new CaseResult(
              entry.get("id").asText(),
              entry.get("ok").asBoolean(),
              entry.path("reason").asText("")));
    }
    return results;
  }

  @Override
  public String emitFileName() {
    return name + ".json";
  }

  @Override
  public JsonNode emit(SecureRandom random, Clock clock) {
    byte[] nonce = new byte[8];
    random.nextBytes(nonce);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("created", clock.instant().toString());
    ObjectNode entry = root.putArray(marker).addObject();
    entry.put("id", "emitted-" + HexFormat.of().formatHex(nonce));
    entry.put("ok", true);
    return root;
  }
}
