package org.anp.meta.negotiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.junit.jupiter.api.Test;

class TestCasesTest {
  /** The layout of the spec's example (06-meta-protocol.md, "Example of testCases"). */
  static final String SPEC_EXAMPLE = unindent("""
       # Test Case 1

       - **Test Request Data**:
       {
         "messageId": "msg001",
         "type": "REQUEST",
         "action": "getProductInfo",
         "productId": "P12345"
       }

       - **Test Response Data**:
       {
         "messageId": "msg001",
         "type": "RESPONSE",
         "status": {"code": 200, "message": "Success"},
         "productInfo": {"productId": "P12345", "price": 1299.99}
       }

       - **Expected Test Result**:
       Successfully retrieved product information, status code 200.

       # Test Case 2

       - **Test Request Data**:
       {"messageId": "msg002", "type": "REQUEST", "action": "getProductInfo", "productId": "P99999"}

       - **Test Response Data**:
       {"messageId": "msg002", "type": "RESPONSE", "status": {"code": 404, "message": "Product Not Found"}, "productInfo": null}

       - **Expected Test Result**:
       The requested product does not exist, returns status code 404, and product information is null.
      """);

  /** The spec indents its example by one space; drop it, as a markdown reader would. */
  private static String unindent(String text) {
    return ("\n" + text).replace("\n ", "\n").substring(1);
  }

  @Test
  void readsTheSpecExample() {
    TestCases t = TestCases.parse(SPEC_EXAMPLE);
    assertThat(t.cases()).hasSize(2);
    assertThat(t.cases().get(0).request().path("productId").asText()).isEqualTo("P12345");
    assertThat(t.cases().get(0).expectedResponse().orElseThrow().path("status").path("code").asInt()).isEqualTo(200);
    assertThat(t.cases().get(1).expectedResult()).startsWith("The requested product does not exist");
    assertThat(TestCases.parse(t.render())).isEqualTo(t);
  }

  @Test
  void casesWithoutRequestsAreRefused() {
    for (String bad : List.of("", "no heading", "# Test Case 1\n- **Expected Test Result**:\nok\n",
        "# Test Case 1\n- **Test Request Data**:\nnot json\n")) {
      assertThatThrownBy(() -> TestCases.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(MetaProtocolException.class,
              e -> assertThat(e.code()).isEqualTo(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT));
    }
    String many = "# Test Case\n- **Test Request Data**:\n{}\n".repeat(TestCases.MAX_CASES);
    assertThat(TestCases.parse(many).cases()).hasSize(TestCases.MAX_CASES);
    assertThatThrownBy(() -> TestCases.parse(many + "# one more\n- **Test Request Data**:\n{}\n"))
        .isInstanceOf(MetaProtocolException.class);
  }

  @Test
  void casesAreImmutable() {
    TestCases t = TestCases.parse(SPEC_EXAMPLE);
    ((com.fasterxml.jackson.databind.node.ObjectNode) t.cases().get(0).request()).put("productId", "X");
    assertThat(t.cases().get(0).request()).isEqualTo(StrictJson.parse(
        "{\"messageId\":\"msg001\",\"type\":\"REQUEST\",\"action\":\"getProductInfo\",\"productId\":\"P12345\"}", 1000));
  }
}
