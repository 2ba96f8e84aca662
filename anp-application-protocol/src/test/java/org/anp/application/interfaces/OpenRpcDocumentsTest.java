package org.anp.application.interfaces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.anp.application.openrpc.OpenRpcDocuments;
import org.junit.jupiter.api.Test;

class OpenRpcDocumentsTest {
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
    assertThat(doc.at("/security/0").has("didwba")).isTrue();

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
