package org.anp.application.interfaces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.util.List;
import org.anp.application.openrpc.OpenRpcDocuments;
import org.junit.jupiter.api.Test;

class OpenRpcDocumentsTest {
  /** The OpenRPC meta-schema, adapted in memory as the resource README says. */
  private static ObjectNode metaSchema() throws Exception {
    try (InputStream in = OpenRpcDocumentsTest.class.getResourceAsStream("openrpc-meta-schema.json")) {
      ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(in);
      String draft7 = "http://json-schema.org/draft-07/schema#";
      schema.put("$schema", draft7);
      ((ObjectNode) schema.at("/properties/openrpc")).putArray("enum").add(OpenRpcDocuments.OPENRPC_VERSION);
      ((ObjectNode) schema.at("/definitions/JSONSchema")).put("$ref", draft7);
      return schema;
    }
  }

  @Test
  void documentConformsToTheOpenRpcMetaSchema() throws Exception {
    ObjectNode doc = OpenRpcDocuments.of(InterfaceDefinition.fromAnnotated(new HotelAgent()), "https://hotel.test/rpc");
    com.networknt.schema.Schema meta =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(metaSchema());
    List<Error> errors = meta.validate(doc);
    assertThat(errors).isEmpty();

    // The check reaches into the embedded JSON Schemas: a broken param schema is caught.
    ((ObjectNode) doc.at("/methods/0/params/0/schema")).put("type", 5);
    assertThat(meta.validate(doc)).isNotEmpty();
  }

  @Test
  void documentListsEveryMethodWithItsSchemasAndTheDidWbaScheme() {
    InterfaceDefinition hotel = InterfaceDefinition.fromAnnotated(new HotelAgent());
    ObjectNode doc = OpenRpcDocuments.of(hotel, "https://hotel.test/rpc");

    assertThat(doc.get("openrpc").asText()).isEqualTo("1.3.2");
    assertThat(doc.at("/info/title").asText()).isEqualTo("hotel");
    assertThat(doc.at("/info/version").asText()).isEqualTo("2.1.0");
    assertThat(doc.at("/info/x-anp-protocol-type").asText()).isEqualTo("ANP");
    assertThat(doc.at("/servers/0/url").asText()).isEqualTo("https://hotel.test/rpc");
    assertThat(doc.at("/components/securitySchemes/didwba/bearerFormat").asText()).isEqualTo("DID-WBA");
    assertThat(doc.at("/x-security/0").has("didwba")).isTrue();

    JsonNode methods = doc.get("methods");
    assertThat(methods).hasSize(4);
    JsonNode book = methods.get(0);
    assertThat(book.get("name").asText()).isEqualTo("book");
    assertThat(book.get("paramStructure").asText()).isEqualTo("either");
    assertThat(book.get("params")).hasSize(3);
    assertThat(book.at("/params/1/name").asText()).isEqualTo("nights");
    assertThat(book.at("/params/1/required").asBoolean()).isTrue();
    assertThat(book.at("/params/1/schema/type").asText()).isEqualTo("integer");
    assertThat(book.at("/result/schema/properties/bookingId/type").asText()).isEqualTo("string");
    JsonNode search = methods.get(3);
    assertThat(search.at("/params/0/description").asText()).isEqualTo("room type");
    assertThat(search.at("/params/1/required").asBoolean()).isFalse();
  }
}
