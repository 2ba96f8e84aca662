package org.anp.meta.codegen;

/** Java sources a model might write for the weather capability: a good one and denied ones. */
final class GeneratedSources {
  private GeneratedSources() {}

  private static final String TEMPLATE = """
      import com.fasterxml.jackson.databind.JsonNode;
      import com.fasterxml.jackson.databind.node.JsonNodeFactory;
      import com.fasterxml.jackson.databind.node.ObjectNode;
      import java.util.function.Function;
      import org.anp.meta.codegen.GeneratedHandler;
      import org.anp.meta.handler.CapabilityFunction;

      public final class AgreedProtocolHandler implements GeneratedHandler {
        MEMBERS
        @Override
        public JsonNode handle(JsonNode request, CapabilityFunction local) {
          BODY
          Function<String, String> clean = s -> s.strip();
          ObjectNode ask = JsonNodeFactory.instance.objectNode();
          ask.put("town", clean.apply(request.path("town").asText()));
          JsonNode answer = local.apply(ask);
          ObjectNode out = JsonNodeFactory.instance.objectNode();
          out.put("messageId", "" + request.path("messageId").asText());
          out.put("type", "RESPONSE");
          out.put("code", answer.path("code").asInt());
          TEMP
          return out;
        }
      }
      """;

  static String source(String members, String body) {
    return TEMPLATE.replace("MEMBERS", members).replace("BODY", body)
        .replace("TEMP", "out.put(\"tempC\", answer.path(\"tempC\").asDouble());");
  }

  /** Serves the agreed protocol through the capability (uses a lambda and string concatenation). */
  static final String GOOD = source("", "");

  /** Compiles and runs, but never returns tempC: fails the test cases. */
  static final String NO_TEMPERATURE = TEMPLATE.replace("MEMBERS", "").replace("BODY", "").replace("TEMP", "");

  /** Loops for ever when asked about Loopville. */
  static final String LOOPS_FOR_LOOPVILLE = source("",
      "long spins = 0; while (request.path(\"town\").asText().equals(\"Loopville\")) { spins++; }");
}
