package org.anp.application.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.client.RemoteMethod;
import org.anp.application.interfaces.HotelAgent;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.openrpc.OpenRpcDocuments;
import org.junit.jupiter.api.Test;

/** Reading methods from generated OpenRPC documents, and the same-origin rule for endpoints. */
class OpenRpcReaderTest {
  private static final URI DESCRIPTION = URI.create("https://hotel.test/agents/hotel/ad.json");
  private static final URI DOCUMENT = URI.create("https://hotel.test/agents/hotel/interfaces/hotel.json");

  @Test
  void readsNamesParamsAndEndpointOfAGeneratedDocument() {
    ObjectNode doc = OpenRpcDocuments.of(InterfaceDefinition.fromAnnotated(new HotelAgent()), "rpc");
    List<RemoteMethod> methods = OpenRpcReader.methods(doc, DOCUMENT, DESCRIPTION);
    RemoteMethod search = methods.stream().filter(m -> m.name().equals("search")).findFirst().orElseThrow();
    assertThat(search.interfaceName()).isEqualTo("hotel");
    assertThat(search.endpoint()).isEqualTo(URI.create("https://hotel.test/agents/hotel/interfaces/rpc"));
    assertThat(search.paramsSchema().path("properties").has("maxResults")).isTrue();
    assertThat(search.paramsSchema().path("required")).extracting(n -> n.asText()).containsExactly("type");
  }

  @Test
  void endpointOnAnotherOriginIsRefused() {
    for (String server : List.of("https://evil.test/rpc", "http://hotel.test/rpc", "https://hotel.test:8443/rpc")) {
      ObjectNode doc = OpenRpcDocuments.of(InterfaceDefinition.fromAnnotated(new HotelAgent()), server);
      assertThatThrownBy(() -> OpenRpcReader.methods(doc, DOCUMENT, DESCRIPTION))
          .isInstanceOf(ApplicationException.class)
          .satisfies(e -> assertThat(((ApplicationException) e).code()).isEqualTo(ApplicationError.INVALID_DESCRIPTION));
    }
  }

  @Test
  void documentsWithoutMethodsOrNamesAreRefused() {
    ObjectNode doc = OpenRpcDocuments.of(InterfaceDefinition.fromAnnotated(new HotelAgent()), "https://hotel.test/rpc");
    ((ObjectNode) doc.get("methods").get(0)).remove("name");
    assertThatThrownBy(() -> OpenRpcReader.methods(doc, DOCUMENT, DESCRIPTION)).isInstanceOf(ApplicationException.class);
    doc.remove("methods");
    assertThatThrownBy(() -> OpenRpcReader.methods(doc, DOCUMENT, DESCRIPTION)).isInstanceOf(ApplicationException.class);
  }
}
