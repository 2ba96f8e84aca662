package org.anp.meta.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.anp.identity.json.StrictJson;
import org.anp.meta.negotiator.LocalCapability;

/** A requester's weather need, a provider's weather capability, and model answers about them. */
public final class WeatherFixture {
  private WeatherFixture() {}

  public static final String CAPABILITIES = """
      {"capabilities":[{"name":"getWeather","description":"Current weather for a town",
         "requestSchema":{"type":"object","properties":{"town":{"type":"string"},"units":{"type":"string"}},
            "required":["town"]},
         "responseSchema":{"type":"object","properties":{"code":{"type":"integer"},"tempC":{"type":"number"}},
            "required":["code","tempC"]}}]}""";

  public static List<LocalCapability> capabilities() {
    return LocalCapability.parseAll(CAPABILITIES);
  }

  /** The requester's need: it would like humidity too, but does not require it. */
  public static final String NEED = """
      # Requirements
      Current weather for a town.

      # Data Format
      ## Request Message Format
      ```json
      {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
       "properties":{"messageId":{"type":"string"},"type":{"type":"string"},"town":{"type":"string"}},
       "required":["messageId","town"]}
      ```

      ## Response Message Format
      ```json
      {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
       "properties":{"messageId":{"type":"string"},"type":{"type":"string"},"code":{"type":"integer"},
         "tempC":{"type":"number"},"humidity":{"type":"number"}},
       "required":["messageId","code","tempC"]}
      ```
      """;

  /** The provider's counter: humidity dropped, as the capability cannot return it. */
  public static final String COUNTER = NEED.replace(",\n   \"tempC\":{\"type\":\"number\"},\"humidity\":{\"type\":\"number\"}}",
      ",\n   \"tempC\":{\"type\":\"number\"}}");

  static {
    if (COUNTER.equals(NEED)) {
      throw new AssertionError("fixture: counter equals need");
    }
  }

  /** A model answer: {@code {"action":…,"protocol":…,"reason":…}}. */
  public static String verdict(String action, String protocol, String reason) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("action", action).put("protocol", protocol).put("reason", reason);
    return json(o);
  }

  /** A model answer with one string member. */
  public static String answer(String member, String value) {
    return json(JsonNodeFactory.instance.objectNode().put(member, value));
  }

  private static String json(ObjectNode o) {
    try {
      return StrictJson.mapper().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
