package org.anp.application.interfaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.description.AgentInterface;
import org.junit.jupiter.api.Test;

class InterfaceDefinitionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static boolean accepts(ObjectNode schema, String value) throws Exception {
    Schema s = SCHEMAS.getSchema(schema);
    return s.validate(json(value)).isEmpty();
  }

  @Test
  void annotatedClassGivesItsMethodsWithSchemasFromTheSignatures() throws Exception {
    InterfaceDefinition d = InterfaceDefinition.fromAnnotated(new HotelAgent());

    assertThat(d.name()).isEqualTo("hotel");
    assertThat(d.version()).isEqualTo("2.1.0");
    assertThat(d.methods()).extracting(MethodDefinition::name)
        .containsExactly("book", "broken", "prices", "search");

    MethodDefinition book = d.methods().get(0);
    assertThat(book.description()).isEqualTo("Books a room for the authenticated caller");
    // The CallContext parameter is not a JSON-RPC param.
    assertThat(book.params()).extracting(ParamDefinition::name).containsExactly("type", "nights", "guest");
    assertThat(book.params()).allMatch(ParamDefinition::required);
    ObjectNode guest = book.params().get(2).schema();
    assertThat(guest.get("type").asText()).isEqualTo("object");
    assertThat(guest.get("required")).hasSize(1);
    assertThat(guest.get("additionalProperties").asBoolean()).isFalse();
    assertThat(accepts(guest, "{\"name\":\"Ann\"}")).isTrue();
    assertThat(accepts(guest, "{\"name\":\"Ann\",\"email\":\"a@b.c\"}")).isTrue();
    assertThat(accepts(guest, "{\"email\":\"a@b.c\"}")).isFalse();
    assertThat(accepts(guest, "{\"name\":\"Ann\",\"age\":3}")).isFalse();

    ObjectNode type = book.params().get(0).schema();
    assertThat(accepts(type, "\"SUITE\"")).isTrue();
    assertThat(accepts(type, "\"PENTHOUSE\"")).isFalse();
    ObjectNode nights = book.params().get(1).schema();
    assertThat(accepts(nights, "3")).isTrue();
    assertThat(accepts(nights, "3.5")).isFalse();
    assertThat(accepts(nights, "4294967296")).isFalse();

    ObjectNode booking = book.resultSchema();
    assertThat(booking.get("title").asText()).isEqualTo("Booking");
    assertThat(booking.at("/properties/guest/title").asText()).isEqualTo("Guest");

    MethodDefinition search = d.methods().get(3);
    assertThat(search.params()).extracting(ParamDefinition::required).containsExactly(true, false);
    assertThat(search.params().get(0).description()).isEqualTo("room type");
    assertThat(accepts(search.resultSchema(),
        "[{\"type\":\"SINGLE\",\"price\":1.5,\"amenities\":[\"wifi\"]}]")).isTrue();
    assertThat(accepts(search.resultSchema(),
        "[{\"type\":\"SINGLE\",\"price\":1.5,\"amenities\":[\"wifi\",\"wifi\"]}]")).isFalse();

    MethodDefinition prices = d.methods().get(2);
    assertThat(accepts(prices.resultSchema(), "{\"SINGLE\":100}")).isTrue();
    assertThat(accepts(prices.resultSchema(), "{\"SINGLE\":\"100\"}")).isFalse();
    assertThat(accepts(prices.params().get(2).schema(), "\"€\"")).isTrue();
    assertThat(accepts(prices.params().get(2).schema(), "\"EU\"")).isFalse();
    assertThat(accepts(prices.params().get(3).schema(), "40000")).isFalse();
  }

  record SearchParams(@Param(description = "room type") HotelAgent.RoomType type, Optional<Integer> maxResults) {}

  @Test
  void builderIsEquivalentToTheAnnotations() {
    HotelAgent hotel = new HotelAgent();
    InterfaceDefinition built =
        InterfaceDefinition.builder("hotel")
            .method(
                "search",
                "Lists the rooms of a type that are free",
                SearchParams.class,
                HotelAgent.Room.class,
                (p, ctx) -> hotel.search(p.type(), p.maxResults()).get(0))
            .build();
    MethodDefinition annotated =
        InterfaceDefinition.fromAnnotated(hotel).methods().stream()
            .filter(m -> m.name().equals("search"))
            .findFirst()
            .orElseThrow();

    MethodDefinition fromBuilder = built.methods().get(0);
    assertThat(fromBuilder.params()).isEqualTo(annotated.params());
    assertThat(fromBuilder.description()).isEqualTo(annotated.description());
    assertThat(fromBuilder.resultSchema()).isEqualTo(annotated.resultSchema().get("items"));
  }

  @Test
  void interfaceIsAnnouncedAsAnOpenRpcStructuredInterface() {
    AgentInterface i =
        InterfaceDefinition.fromAnnotated(new HotelAgent()).toAgentInterface("https://hotel.test/rpc.json");
    assertThat(i.isStructured()).isTrue();
    assertThat(i.protocol()).contains("openrpc");
    assertThat(i.version()).contains("2.1.0");
    assertThat(i.url()).contains("https://hotel.test/rpc.json");
  }

  static class NoMethods {}

  static class Unsupported {
    @JsonRpcMethod
    public Object anything(Object x) {
      return x;
    }
  }

  static class BadMapKey {
    @JsonRpcMethod
    public int count(Map<Integer, String> m) {
      return m.size();
    }
  }

  record Node(String name, List<Node> children) {}

  static class Recursive {
    @JsonRpcMethod
    public int size(Node tree) {
      return 1;
    }
  }

  static class TwoContexts {
    @JsonRpcMethod
    public int x(CallContext a, CallContext b) {
      return 1;
    }
  }

  static class Duplicate {
    @JsonRpcMethod(name = "same")
    public int a() {
      return 1;
    }

    @JsonRpcMethod(name = "same")
    public int b() {
      return 2;
    }
  }

  @Test
  void classesThatCannotBeDescribedAreRefused() {
    for (Object target :
        List.of(new NoMethods(), new Unsupported(), new BadMapKey(), new Recursive(), new TwoContexts(), new Duplicate())) {
      assertThatThrownBy(() -> InterfaceDefinition.fromAnnotated(target))
          .as(target.getClass().getSimpleName())
          .isInstanceOf(ApplicationException.class)
          .extracting(e -> ((ApplicationException) e).code())
          .isEqualTo(ApplicationError.INVALID_AGENT_DEFINITION);
    }
  }
}
