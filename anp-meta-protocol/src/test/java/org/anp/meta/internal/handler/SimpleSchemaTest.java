package org.anp.meta.internal.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.anp.identity.json.StrictJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quick test of plain schemas against networknt's full draft 2020-12 validation, on
 * thousands of generated messages per schema: it never accepts a message the full validation
 * rejects (the property the handler relies on), and it does accept the valid ones of these
 * schemas (so the quick path is the one taken); schemas beyond its subset get no quick test.
 */
class SimpleSchemaTest {
  private static final SchemaRegistry FULL = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final int MESSAGES = 3000;

  private static final String WEATHER_REQUEST = """
      {"type":"object","properties":{"messageId":{"type":"string"},"city":{"type":"string"},
       "units":{"type":"string","enum":["metric","imperial"]}},"required":["messageId","city"]}""";
  private static final String WEATHER_RESPONSE = """
      {"type":"object","properties":{"messageId":{"type":"string"},"code":{"type":"integer"},
       "tempC":{"type":"number"},"humidity":{"type":"number"}},"required":["messageId","code","tempC"]}""";
  private static final String CLOSED_NESTED = """
      {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"order","description":"d",
       "type":"object","additionalProperties":false,"required":["type","items"],
       "properties":{"type":{"const":"REQUEST"},"flag":{"type":"boolean"},"none":{"type":"null"},
        "any":true,"items":{"type":"array","items":{"type":"object","required":["sku"],
         "properties":{"sku":{"type":"string"},"count":{"type":"integer","enum":[1,2,3]}}}}}}""";
  private static final String UNTYPED = """
      {"properties":{"a":{"type":"integer"}},"required":["a"],"enum":[{"a":1},{"a":2},"x",3]}""";

  private static JsonNode json(String text) {
    return StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), 1 << 16);
  }

  @ParameterizedTest
  @ValueSource(strings = {WEATHER_REQUEST, WEATHER_RESPONSE, CLOSED_NESTED, UNTYPED})
  void acceptsOnlyWhatTheFullValidationAcceptsAndTheValidOnes(String schemaText) {
    JsonNode schema = json(schemaText);
    SimpleSchema quick = SimpleSchema.of(schema).orElseThrow();
    Schema full = FULL.getSchema(schema);
    Random random = new Random(schemaText.hashCode());
    List<String> names = new ArrayList<>();
    schema.path("properties").fieldNames().forEachRemaining(names::add);
    names.add("extra");
    int valid = 0;
    int acceptedValid = 0;
    for (int i = 0; i < MESSAGES; i++) {
      JsonNode message = random.nextInt(5) > 0 ? object(random, names, 0) : message(random, 0);
      boolean fullValid = full.validate(message).isEmpty();
      boolean accepted = quick.accepts(message);
      assertThat(!accepted || fullValid).as("accepted but invalid: %s", message).isTrue();
      if (fullValid) {
        valid++;
        acceptedValid += accepted ? 1 : 0;
      }
    }
    assertThat(valid).as("the generator makes valid messages of this schema").isPositive();
    // everything valid here is accepted except integers written as 1.0, left to networknt
    assertThat(acceptedValid).isGreaterThan(valid * 9 / 10);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":[\"string\",\"null\"]}",
      "{\"type\":\"integer\",\"minimum\":1}",
      "{\"$defs\":{\"x\":{\"type\":\"string\"}},\"$ref\":\"#/$defs/x\"}",
      "{\"type\":\"string\",\"format\":\"email\"}",
      "{\"properties\":{\"a\":{\"$schema\":\"http://json-schema.org/draft-07/schema#\"}}}",
      "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"string\"}",
      "{\"additionalProperties\":{\"type\":\"string\"}}",
      "{\"properties\":{\"a\":false}}",
      "{\"type\":\"decimal\"}"})
  void aSchemaBeyondTheSubsetHasNoQuickTest(String schemaText) {
    assertThat(SimpleSchema.of(json(schemaText))).isEmpty();
  }

  /** Objects with fields of these schemas' names and values of every kind; arrays; scalars. */
  private static JsonNode message(Random random, int depth) {
    int kind = random.nextInt(depth == 0 ? 10 : 14);
    if (kind < 7 && depth < 3) {
      return object(random, List.of("messageId", "city", "units", "code", "tempC", "humidity", "type",
          "flag", "none", "any", "items", "sku", "count", "a", "extra"), depth);
    }
    if (kind < 9 && depth < 3) {
      ArrayNode a = F.arrayNode();
      for (int i = random.nextInt(4); i > 0; i--) {
        a.add(message(random, depth + 1));
      }
      return a;
    }
    return scalar(random);
  }

  /** An object with some of {@code names}, each mostly of its likely type. */
  private static ObjectNode object(Random random, List<String> names, int depth) {
    ObjectNode o = F.objectNode();
    for (String name : names) {
      if (random.nextInt(3) > 0) {
        o.set(name, value(random, name, depth));
      }
    }
    return o;
  }

  /** Mostly a value of the field's likely type, sometimes anything. */
  private static JsonNode value(Random random, String name, int depth) {
    if (random.nextInt(4) == 0) {
      return random.nextBoolean() ? scalar(random) : message(random, depth + 1);
    }
    return switch (name) {
      case "messageId", "city", "sku" -> F.textNode("m-" + random.nextInt(5));
      case "units" -> F.textNode(random.nextBoolean() ? "metric" : random.nextBoolean() ? "imperial" : "kelvin");
      case "code", "count", "a" -> F.numberNode(random.nextInt(5));
      case "tempC", "humidity" -> random.nextBoolean() ? F.numberNode(random.nextDouble() * 40) : F.numberNode(random.nextInt(40));
      case "type" -> F.textNode(random.nextInt(4) == 0 ? "RESPONSE" : "REQUEST");
      case "flag" -> F.booleanNode(random.nextBoolean());
      case "none" -> F.nullNode();
      case "items" -> {
        ArrayNode a = F.arrayNode();
        for (int i = random.nextInt(3); i > 0; i--) {
          ObjectNode item = F.objectNode();
          if (random.nextInt(5) > 0) {
            item.put("sku", "s" + i);
          }
          if (random.nextBoolean()) {
            item.set("count", random.nextInt(4) == 0 ? F.numberNode(2.0) : F.numberNode(random.nextInt(5)));
          }
          a.add(item);
        }
        yield a;
      }
      default -> scalar(random);
    };
  }

  private static JsonNode scalar(Random random) {
    List<JsonNode> pool = new ArrayList<>(List.of(
        F.textNode("x"), F.textNode(""), F.textNode("metric"), F.textNode("REQUEST"),
        F.numberNode(0), F.numberNode(3), F.numberNode(-7), F.numberNode(2.5), F.numberNode(1.0),
        F.numberNode(1L << 40), F.numberNode(new java.math.BigInteger("100000000000000000000")),
        F.numberNode(new java.math.BigDecimal("2.50")), F.booleanNode(true), F.booleanNode(false), F.nullNode()));
    return pool.get(random.nextInt(pool.size()));
  }
}
