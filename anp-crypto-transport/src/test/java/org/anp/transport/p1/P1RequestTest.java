package org.anp.transport.p1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The P1 envelope rules: each fault gets the code P1 gives it. */
class P1RequestTest {
  private static final String META =
      "{\"profile\":\"anp.core.binding.v1\",\"security_profile\":\"transport-protected\"}";

  private static String request(String id, String method, String params) {
    return "{\"jsonrpc\":\"2.0\"" + (id == null ? "" : ",\"id\":" + id) + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
  }

  private static int codeOf(String json) {
    try {
      P1Request.parse(json.getBytes(StandardCharsets.UTF_8), 1 << 16);
    } catch (RpcException e) {
      return e.error().code();
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void theSpecExampleOfAnpGetCapabilitiesParsesAndRoundTrips() {
    String json =
        "{\"jsonrpc\":\"2.0\",\"id\":\"req-cap-001\",\"method\":\"anp.get_capabilities\",\"params\":{\"meta\":"
            + "{\"profile\":\"anp.core.binding.v1\",\"security_profile\":\"transport-protected\",\"operation_id\":\"op-cap-001\","
            + "\"created_at\":\"2026-06-27T12:00:00Z\"},\"body\":{}}}";
    P1Request r = P1Request.parse(json.getBytes(StandardCharsets.UTF_8), 4096);
    assertThat(r.id()).hasValue("req-cap-001");
    assertThat(r.meta().operationId()).hasValue("op-cap-001");
    assertThat(r.meta().target()).isEmpty();
    assertThat(r.toJson()).isEqualTo(org.anp.identity.json.StrictJson.parse(json, 4096));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|-32700",
        "[]|1004",
        "[{\"jsonrpc\":\"2.0\"}]|1004",
        "\"text\"|-32600",
        "{\"jsonrpc\":\"1.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{}}|-32600",
        "{\"id\":\"1\",\"method\":\"a.b\",\"params\":{}}|-32600",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{},\"extra\":1}|-32600",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":7,\"params\":{}}|-32600",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"rpc.discover\",\"params\":{}}|-32600",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"Direct.send\",\"params\":{}}|-32600",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a.b\",\"params\":{}}|1000",
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"a.b\",\"params\":{}}|1000",
        "{\"jsonrpc\":\"2.0\",\"id\":\"\",\"method\":\"a.b\",\"params\":{}}|1000",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":[1]}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\"}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"body\":{}}}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":\"p\",\"security_profile\":\"transport-protected\"}}}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":\"p\",\"security_profile\":\"transport-protected\"},\"body\":{},\"other\":{}}}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":\"p\",\"security_profile\":\"transport-protected\",\"trace_id\":\"t\"},\"body\":{}}}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":\"p\",\"security_profile\":\"none\"},\"body\":{}}}|1002",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":\"p\"},\"body\":{}}}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":1,\"security_profile\":\"transport-protected\"},\"body\":{}}}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":\"p\",\"security_profile\":\"transport-protected\",\"target\":{\"kind\":\"device\",\"did\":\"did:web:x\"}},\"body\":{}}}|1014",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":\"p\",\"security_profile\":\"transport-protected\",\"target\":{\"kind\":\"agent\",\"did\":\"https://x\"}},\"body\":{}}}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":\"p\",\"security_profile\":\"transport-protected\",\"created_at\":\"yesterday\"},\"body\":{}}}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":\"p\",\"security_profile\":\"transport-protected\"},\"body\":[]}}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":\"p\",\"security_profile\":\"transport-protected\"},\"auth\":{\"scheme\":\"other\"},\"body\":{}}}|1005",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":\"p\",\"security_profile\":\"transport-protected\"},\"auth\":{\"scheme\":\"anp-rfc9421-origin-proof-v1\",\"origin_proof\":{\"contentDigest\":\"x\"}},\"body\":{}}}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"a.b\",\"params\":{\"meta\":{\"profile\":\"p\",\"security_profile\":\"transport-protected\"},\"auth\":{\"scheme\":\"anp-rfc9421-origin-proof-v1\",\"token\":\"t\"},\"body\":{}}}|1003",
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"id\":\"2\",\"method\":\"a.b\",\"params\":{}}|-32700",
      })
  void eachFaultHasItsCode(String json, int code) {
    assertThat(codeOf(json)).isEqualTo(code);
  }

  @Test
  void overlongIdsAndOversizeBodiesAreRefused() {
    String longId = "\"" + "i".repeat(P1Request.MAX_ID_LENGTH + 1) + "\"";
    assertThat(codeOf(request(longId, "a.b", "{\"meta\":" + META + ",\"body\":{}}"))).isEqualTo(1000);
    String atLimit = "\"" + "i".repeat(P1Request.MAX_ID_LENGTH) + "\"";
    assertThat(P1Request.parse(request(atLimit, "a.b", "{\"meta\":" + META + ",\"body\":{}}").getBytes(StandardCharsets.UTF_8), 4096).id())
        .hasValueSatisfying(id -> assertThat(id).hasSize(P1Request.MAX_ID_LENGTH));
    byte[] big = request("\"1\"", "a.b", "{\"meta\":" + META + ",\"body\":{\"x\":\"" + "y".repeat(5000) + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> P1Request.parse(big, 4096))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.error().code()).isEqualTo(-32700));
    String deep = "[".repeat(200) + "]".repeat(200);
    assertThat(codeOf(request("\"1\"", "a.b", "{\"meta\":" + META + ",\"body\":{\"d\":" + deep + "}}"))).isEqualTo(-32700);
  }

  @Test
  void extensionMetaFieldsAndTheDeprecatedVersionAreKept() {
    String json = request("\"1\"", "a.b",
        "{\"meta\":{\"profile\":\"p\",\"security_profile\":\"transport-protected\",\"anp_version\":\"1.0\",\"x_trace_id\":{\"a\":1}},\"body\":{}}");
    P1Request r = P1Request.parse(json.getBytes(StandardCharsets.UTF_8), 4096);
    assertThat(r.meta().field("anp_version")).hasValue("1.0");
    assertThat(r.meta().extensions()).containsKey("x_trace_id");
    assertThat(r.signedRequestObject().get("meta").get("x_trace_id").get("a").intValue()).isEqualTo(1);
    assertThat(P1Request.idOf(org.anp.identity.json.StrictJson.parse(json, 4096))).hasValue("1");
  }

  @Test
  void notificationsHaveNoId() {
    P1Request r = P1Request.parse(request(null, "direct.incoming", "{\"meta\":" + META + ",\"body\":{}}").getBytes(StandardCharsets.UTF_8), 4096);
    assertThat(r.id()).isEmpty();
    assertThat(r.toJson().has("id")).isFalse();
  }

  @Test
  void binaryAndCounterFieldsHaveOneSpelling() {
    byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0x01};
    assertThat(P1Fields.encodeB64u(bytes)).isEqualTo("-_8B");
    assertThat(P1Fields.decodeB64u("-_8B", "x_b64u")).containsExactly(bytes);
    for (String bad : new String[] {"+/8B", "-_8B=", "-_8Ba", "-_8 B", "-_9"}) {
      assertThatThrownBy(() -> P1Fields.decodeB64u(bad, "x_b64u"))
          .as(bad)
          .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.error().code()).isEqualTo(-32602));
    }
    assertThat(P1Fields.decimal(9_007_199_254_740_993L)).isEqualTo("9007199254740993");
    assertThat(P1Fields.parseCounter("0", "epoch")).isEqualTo(BigInteger.ZERO);
    assertThat(P1Fields.parseCounter("340282366920938463463374607431768211456", "epoch"))
        .isEqualTo(BigInteger.TWO.pow(128));
    assertThat(P1Fields.parseLongCounter("9223372036854775807", "n")).isEqualTo(Long.MAX_VALUE);
    for (String bad : new String[] {"", "01", "-1", "+1", "1.0", "1e3", " 1", "9223372036854775808"}) {
      assertThatThrownBy(() -> P1Fields.parseLongCounter(bad, "n")).as(bad).isInstanceOf(RpcException.class);
    }
    assertThatThrownBy(() -> P1Fields.parseCounter("1".repeat(P1Fields.MAX_DECIMAL_DIGITS + 1), "n"))
        .isInstanceOf(RpcException.class);
  }

  @Test
  void errorObjectsCarryTheAnpCode() {
    RpcError e = RpcError.of(CoreRpcError.BATCH_NOT_SUPPORTED);
    assertThat(e.toJson().toString())
        .isEqualTo("{\"code\":1004,\"message\":\"Batch not supported\",\"data\":{\"anp_code\":\"anp.batch_not_supported\",\"retryable\":false}}");
    assertThat(RpcError.of(CoreRpcError.PARSE_ERROR).toJson().has("data")).isFalse();
    assertThat(RpcError.parse(e.toJson())).isEqualTo(e);
    for (CoreRpcError c : CoreRpcError.values()) {
      assertThat(c.code() >= 1000).isEqualTo(c.anpCode().isPresent());
      assertThat(CoreRpcError.fromCode(c.code())).hasValue(c);
    }
    assertThat(CoreRpcError.values()).filteredOn(c -> c.code() >= 1000).hasSize(22);
    RpcException foreign = new RpcException(RpcError.of(1601, "No matching interface",
        java.util.Optional.of("meta.no_matching_interface"), false, java.util.Optional.of(JsonNodeFactory.instance.objectNode())));
    assertThat(foreign.code().name()).isEqualTo("meta.no_matching_interface");
    assertThat(((RpcErrorCode) foreign.code()).code()).isEqualTo(1601);
  }
}
