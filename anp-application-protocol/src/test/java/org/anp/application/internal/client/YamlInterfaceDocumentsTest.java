package org.anp.application.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.client.RemoteOperation;
import org.anp.application.client.RemoteOperation.Location;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The ANP-07 examples' YAML interface documents, OpenAPI 3 in YAML, and what is refused. */
class YamlInterfaceDocumentsTest {
  private static final URI ORIGIN = URI.create("https://hotel.test/ad.json");
  private static final URI DOC = URI.create("https://hotel.test/api/interface.yaml");

  private static byte[] resource(String name) {
    try (InputStream in = YamlInterfaceDocumentsTest.class.getResourceAsStream("/org/anp/application/client/spec-yaml/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<RemoteOperation> read(byte[] yaml) {
    return OpenApiReader.operations(YamlDocuments.parse(yaml, 256 * 1024), DOC, ORIGIN);
  }

  private static List<RemoteOperation> read(String yaml) {
    return read(yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static ApplicationError refusal(Runnable r) {
    try {
      r.run();
    } catch (ApplicationException e) {
      return e.code();
    }
    throw new AssertionError("accepted");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hotel-search-interface.yaml", "hotel-booking-interface.yaml", "hotel-nl-interface.yaml",
      "coffee-nl-interface.yaml", "coffee-purchase-interface.yaml"})
  void everySpecExampleIsRead(String file) {
    List<RemoteOperation> ops = read(resource(file));
    assertThat(ops).isNotEmpty();
    assertThat(ops).allSatisfy(op -> {
      assertThat(op.server()).isEqualTo(URI.create("https://hotel.test/"));
      assertThat(op.path()).startsWith("/agents/");
      assertThat(op.httpMethod()).isEqualTo("POST");
    });
  }

  @Test
  void theSpecsAnpYamlEndpointsBecomeBodyParameters() {
    RemoteOperation purchase = read(resource("coffee-purchase-interface.yaml")).get(0);
    assertThat(purchase.name()).isEqualTo("purchase");
    assertThat(purchase.interfaceName()).isEqualTo("Purchase");
    assertThat(purchase.parameters()).extracting(RemoteOperation.Parameter::name, RemoteOperation.Parameter::in)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("identifier", Location.BODY_MEMBER),
            org.assertj.core.groups.Tuple.tuple("customizationOptions", Location.BODY_MEMBER));
    JsonNode options = purchase.paramsSchema().path("properties").path("customizationOptions");
    assertThat(options.path("type").asText()).isEqualTo("object");
    assertThat(options.path("additionalProperties").path("type").asText()).isEqualTo("string");
    assertThat(purchase.paramsSchema().path("required")).hasSize(2);

    RemoteOperation ask = read(resource("coffee-nl-interface.yaml")).get(0);
    assertThat(ask.resultSchema().path("type").asText()).isEqualTo("string");
  }

  @Test
  void openApiInYamlWithAGetIsReadWithQueryParameters() {
    List<RemoteOperation> ops = read("""
        openapi: "3.1.0"
        info: {title: Weather, version: "1"}
        servers:
          - url: "https://{host}/v1"
            variables: {host: {default: hotel.test}}
        paths:
          /forecast:
            get:
              operationId: forecast
              parameters:
                - {name: city, in: query, required: true, schema: {type: string}}
                - {name: X-Trace, in: header, schema: {type: string}}
              responses:
                "200":
                  content:
                    application/json:
                      schema: {type: object}
        """);
    assertThat(ops).singleElement().satisfies(op -> {
      assertThat(op.server()).isEqualTo(URI.create("https://hotel.test/v1"));
      assertThat(op.httpMethod()).isEqualTo("GET");
      assertThat(op.parameters()).extracting(RemoteOperation.Parameter::name).containsExactly("city");
    });
  }

  @Test
  void malformedOrHostileDocumentsAreRefused() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x]\n");
    for (int i = 0; i < 20; i++) {
      bomb.append("b").append(i).append(": &b").append(i).append(" [*").append(i == 0 ? "a" : "b" + (i - 1))
          .append(", *").append(i == 0 ? "a" : "b" + (i - 1)).append("]\n");
    }
    assertThat(refusal(() -> YamlDocuments.parse(bomb.toString().getBytes(StandardCharsets.UTF_8), 1 << 20)))
        .as("alias expansion").isEqualTo(ApplicationError.INVALID_DESCRIPTION);
    assertThat(refusal(() -> YamlDocuments.parse("a: 1\na: 2\n".getBytes(StandardCharsets.UTF_8), 1024)))
        .as("duplicate keys").isEqualTo(ApplicationError.INVALID_DESCRIPTION);
    assertThat(refusal(() -> YamlDocuments.parse("- 1\n- 2\n".getBytes(StandardCharsets.UTF_8), 1024)))
        .as("not a mapping").isEqualTo(ApplicationError.INVALID_DESCRIPTION);
    assertThat(refusal(() -> YamlDocuments.parse("a: 1\n---\nb: 2\n".getBytes(StandardCharsets.UTF_8), 1024)))
        .as("two documents").isEqualTo(ApplicationError.INVALID_DESCRIPTION);
    assertThat(refusal(() -> YamlDocuments.parse("a: [1, 2\n".getBytes(StandardCharsets.UTF_8), 1024)))
        .as("broken YAML").isEqualTo(ApplicationError.INVALID_DESCRIPTION);
    byte[] big = ("a: \"" + "x".repeat(2000) + "\"\n").getBytes(StandardCharsets.UTF_8);
    assertThat(refusal(() -> YamlDocuments.parse(big, 1024))).as("over the limit")
        .isEqualTo(ApplicationError.INVALID_DESCRIPTION);
    assertThat(refusal(() -> YamlDocuments.parse("a: &x 1\nb: *x\n".getBytes(StandardCharsets.UTF_8), 1024)))
        .as("one alias").isEqualTo(ApplicationError.INVALID_DESCRIPTION);

    assertThat(refusal(() -> read("swagger: \"2.0\"\npaths: {}\n"))).as("neither shape")
        .isEqualTo(ApplicationError.INVALID_DESCRIPTION);
    assertThat(refusal(() -> read("openapi: \"2.0\"\npaths: {}\n"))).as("OpenAPI 2")
        .isEqualTo(ApplicationError.INVALID_DESCRIPTION);
    assertThat(refusal(() -> read("""
        openapi: "3.0.0"
        paths:
          /x:
            post:
              requestBody: {$ref: "https://elsewhere.test/body.yaml"}
        """))).as("a remote $ref").isEqualTo(ApplicationError.INVALID_DESCRIPTION);
    assertThatThrownBy(() -> read("""
        openapi: "3.0.0"
        components: {schemas: {Loop: {$ref: "#/components/schemas/Loop"}}}
        paths:
          /x:
            post:
              requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Loop"}}}}
        """)).as("a $ref loop")
        .isInstanceOf(ApplicationException.class).hasMessageContaining("in a row");
    StringBuilder fanOut = new StringBuilder("{\"openapi\":\"3.0.0\",\"components\":{\"schemas\":{");
    for (int level = 0; level < 6; level++) {
      fanOut.append(level == 0 ? "" : ",").append("\"S").append(level).append("\":{\"type\":\"object\",\"properties\":{");
      for (int p = 0; p < 40; p++) {
        fanOut.append(p == 0 ? "" : ",").append("\"p").append(p).append("\":")
            .append(level == 5 ? "{\"type\":\"string\"}" : "{\"$ref\":\"#/components/schemas/S" + (level + 1) + "\"}");
      }
      fanOut.append("}}");
    }
    fanOut.append("}},\"paths\":{\"/x\":{\"post\":{\"requestBody\":{\"content\":{\"application/json\":"
        + "{\"schema\":{\"$ref\":\"#/components/schemas/S0\"}}}}}}}}");
    assertThatThrownBy(() -> read(fanOut.toString())).as("$refs that fan out")
        .isInstanceOf(ApplicationException.class).hasMessageContaining("nodes");
    assertThat(refusal(() -> read("""
        interface:
          endpoints:
            - {name: evil, path: "/x", method: POST}
        """.replace("\"/x\"", "\"//elsewhere.test/x\"")))).as("an endpoint path naming another host")
        .isEqualTo(ApplicationError.INVALID_DESCRIPTION);
  }
}
