package org.anp.application.interfaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.identity.auth.VerifiedCaller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRpcInvokerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static VerifiedCaller caller;
  private static CallContext authenticated;

  private final JsonRpcInvoker invoker =
      JsonRpcInvoker.builder()
          .add(InterfaceDefinition.fromAnnotated(new HotelAgent()))
          .maxRequestBytes(4096)
          .maxBatchSize(5)
          .build();

  @BeforeAll
  static void authenticate() throws Exception {
    caller = Callers.verified("guest.test");
    authenticated = CallContext.of(caller);
  }

  private JsonNode call(String request, CallContext context) {
    return invoker.handle(request.getBytes(StandardCharsets.UTF_8), context).orElseThrow();
  }

  private JsonNode call(String request) {
    return call(request, authenticated);
  }

  private static int errorCode(JsonNode response) {
    assertThat(response.has("result")).as("an error response: " + response).isFalse();
    return response.at("/error/code").asInt();
  }

  @Test
  void paramsByNameAreConvertedToTheJavaTypesAndTheResultBack() {
    JsonNode r =
        call("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"book\",\"params\":"
            + "{\"type\":\"SUITE\",\"nights\":2,\"guest\":{\"name\":\"Ann\"}}}");

    assertThat(r.get("id").asInt()).isEqualTo(7);
    assertThat(r.at("/result/type").asText()).isEqualTo("SUITE");
    assertThat(r.at("/result/nights").asInt()).isEqualTo(2);
    assertThat(r.at("/result/guest/name").asText()).isEqualTo("Ann");
    assertThat(r.at("/result/guest").has("email")).isFalse();
    // The caller's DID reached the method through the context parameter.
    assertThat(r.at("/result/bookedBy").asText()).isEqualTo(caller.did().toString());
  }

  @Test
  void paramsByPositionAndOmittedOptionalsWork() {
    JsonNode all = call("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"search\",\"params\":[\"DOUBLE\",1]}");
    assertThat(all.get("id").asText()).isEqualTo("a");
    assertThat(all.get("result")).hasSize(1);
    assertThat(all.at("/result/0/amenities/0").asText()).isEqualTo("wifi");

    JsonNode omitted = call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"search\",\"params\":[\"DOUBLE\"]}");
    assertThat(omitted.get("result")).hasSize(2);
    JsonNode nullOptional =
        call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"search\",\"params\":{\"type\":\"SINGLE\",\"maxResults\":null}}");
    assertThat(nullOptional.get("result")).hasSize(2);

    JsonNode prices =
        call("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prices\",\"params\":[[\"SINGLE\"],true,\"$\",3]}");
    assertThat(prices.at("/result/SINGLE").asLong()).isEqualTo(119L);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\":\"SUITE\",\"nights\":\"2\",\"guest\":{\"name\":\"Ann\"}}",
        "{\"type\":\"SUITE\",\"nights\":2.5,\"guest\":{\"name\":\"Ann\"}}",
        "{\"type\":\"SUITE\",\"nights\":4294967296,\"guest\":{\"name\":\"Ann\"}}",
        "{\"type\":\"PENTHOUSE\",\"nights\":2,\"guest\":{\"name\":\"Ann\"}}",
        "{\"type\":\"SUITE\",\"guest\":{\"name\":\"Ann\"}}",
        "{\"type\":\"SUITE\",\"nights\":null,\"guest\":{\"name\":\"Ann\"}}",
        "{\"type\":\"SUITE\",\"nights\":2,\"guest\":{\"name\":\"Ann\",\"age\":3}}",
        "{\"type\":\"SUITE\",\"nights\":2,\"guest\":{\"name\":\" \"}}",
        "{\"type\":\"SUITE\",\"nights\":2,\"guest\":{\"name\":\"Ann\"},\"extra\":1}",
        "{\"type\":\"SUITE\",\"nights\":0,\"guest\":{\"name\":\"Ann\"}}",
        "[\"SUITE\",2,{\"name\":\"Ann\"},\"one too many\"]"
      })
  void paramsThatDoNotFitAre32602(String params) {
    JsonNode r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"book\",\"params\":" + params + "}");
    assertThat(errorCode(r)).isEqualTo(-32602);
    assertThat(r.get("id").asInt()).isEqualTo(1);
  }

  @Test
  void unknownMethodIs32601AndAFailingMethodIs32603WithoutDetails() {
    assertThat(errorCode(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"notExposed\"}"))).isEqualTo(-32601);
    JsonNode broken = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"broken\"}");
    assertThat(errorCode(broken)).isEqualTo(-32603);
    assertThat(broken.toString()).doesNotContain("secret");
  }

  @Test
  void methodNeedingACallerRefusesAnAnonymousCall() {
    JsonNode r =
        call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"book\",\"params\":[\"SUITE\",1,{\"name\":\"Ann\"}]}",
            CallContext.anonymous());
    assertThat(errorCode(r)).isEqualTo(ApplicationError.UNAUTHENTICATED.jsonRpcCode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "42",
        "\"text\"",
        "{\"id\":1,\"method\":\"search\"}",
        "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"search\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"search\",\"params\":\"SUITE\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"search\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"search\",\"extra\":true}",
        "[]"
      })
  void invalidRequestsAre32600(String request) {
    assertThat(errorCode(call(request))).isEqualTo(-32600);
  }

  @Test
  void garbageIs32700AndOversizedIs32600() {
    assertThat(errorCode(call("{\"jsonrpc\":\"2.0\","))).isEqualTo(-32700);
    assertThat(errorCode(call("{\"a\":1,\"a\":2}"))).isEqualTo(-32700);
    JsonNode parseError = call("\u0000\u00ff garbage");
    assertThat(errorCode(parseError)).isEqualTo(-32700);
    assertThat(parseError.get("id").isNull()).isTrue();
    String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"search\",\"params\":[\"" + "x".repeat(5000) + "\"]}";
    assertThat(errorCode(call(big))).isEqualTo(-32600);
  }

  @Test
  void batchesAnswerEachRequestAndNothingForNotifications() {
    JsonNode r =
        call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"search\",\"params\":[\"SINGLE\",1]},"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"search\",\"params\":[\"SINGLE\"]},"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"},"
            + "17,"
            + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"search\",\"params\":[\"BAD\"]}]");

    assertThat(r.isArray()).isTrue();
    assertThat(r).hasSize(4);
    assertThat(r.get(0).get("result")).hasSize(1);
    assertThat(errorCode(r.get(1))).isEqualTo(-32601);
    assertThat(errorCode(r.get(2))).isEqualTo(-32600);
    assertThat(errorCode(r.get(3))).isEqualTo(-32602);

    assertThat(invoker.handle(
        "[{\"jsonrpc\":\"2.0\",\"method\":\"search\",\"params\":[\"SINGLE\"]},{\"jsonrpc\":\"2.0\",\"method\":\"broken\"}]"
            .getBytes(StandardCharsets.UTF_8), authenticated)).isEmpty();
    assertThat(invoker.handle(
        "{\"jsonrpc\":\"2.0\",\"method\":\"nope\"}".getBytes(StandardCharsets.UTF_8), authenticated)).isEmpty();
  }

  @Test
  void batchOfGarbageAndOversizedBatchesAreAnswered() {
    JsonNode garbage = call("[1,\"x\",null,[],{}]");
    assertThat(garbage).hasSize(5);
    for (JsonNode response : garbage) {
      assertThat(errorCode(response)).isEqualTo(-32600);
    }
    String six = "[" + String.join(",", java.util.Collections.nCopies(6,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"search\",\"params\":[\"SINGLE\"]}")) + "]";
    assertThat(errorCode(call(six))).isEqualTo(-32600);
  }

  @Test
  void directInvocationThrowsTypedErrors() throws Exception {
    assertThat(invoker.invoke("search", JSON.readTree("[\"SUITE\",1]"), CallContext.anonymous())).hasSize(1);
    assertThatThrownBy(() -> invoker.invoke("nope", null, CallContext.anonymous()))
        .extracting(e -> ((ApplicationException) e).code())
        .isEqualTo(ApplicationError.METHOD_NOT_FOUND);
    assertThatThrownBy(() -> invoker.invoke("search", JSON.readTree("[1]"), CallContext.anonymous()))
        .extracting(e -> ((ApplicationException) e).code())
        .isEqualTo(ApplicationError.INVALID_PARAMS);
    assertThat(invoker.methodNames()).containsExactlyInAnyOrder("book", "broken", "prices", "search");
    assertThat(authenticated.caller()).isEqualTo(Optional.of(caller));
  }

  @Test
  void sameMethodNameInTwoInterfacesIsRefused() {
    InterfaceDefinition hotel = InterfaceDefinition.fromAnnotated(new HotelAgent());
    assertThatThrownBy(() -> JsonRpcInvoker.of(hotel, hotel)).isInstanceOf(IllegalArgumentException.class);
  }
}
