package org.anp.meta.selection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.anp.transport.p1.CoreRpcError;
import org.anp.transport.p1.RpcError;
import org.anp.transport.p1.RpcException;
import org.junit.jupiter.api.Test;

/** The examples of the reference SDK's {@code test_errors.py}, ported. */
class MetaNegotiationErrorTest {

  @Test
  void theTableHasNineCodesWithTheirAnpCodes() {
    assertThat(MetaNegotiationError.values()).hasSize(9);
    int code = 1600;
    for (MetaNegotiationError e : MetaNegotiationError.values()) {
      assertThat(e.code()).isEqualTo(code++);
      assertThat(e.anpCode()).hasValueSatisfying(a -> assertThat(a).startsWith("meta."));
      assertThat(MetaNegotiationError.fromCode(e.code())).hasValue(e);
    }
    assertThat(MetaNegotiationError.NO_MATCHING_INTERFACE.anpCode()).hasValue("meta.no_matching_interface");
    assertThat(MetaNegotiationError.fromCode(1599)).isEmpty();
    assertThat(MetaNegotiationError.fromCode(1609)).isEmpty();
  }

  @Test
  void theSpecErrorObjectIsProducedExactly() {
    ObjectNode details = Examples.load("error-1601.json").get("data").get("details").deepCopy();
    RpcError error = MetaNegotiationError.NO_MATCHING_INTERFACE.toRpcError(null, false, Optional.of(details));
    assertThat(error.toJson()).isEqualTo(Examples.load("error-1601.json"));
  }

  @Test
  void detailsAreOmittedWhenAbsentButRetryableIsAlwaysWritten() {
    RpcError error = MetaNegotiationError.AUTHORIZATION_REQUIRED.toRpcError("", true, Optional.empty());
    assertThat(error.toJson().toString()).isEqualTo(
        "{\"code\":1607,\"message\":\"Authorization required\",\"data\":{\"anp_code\":\"meta.authorization_required\",\"retryable\":true}}");
  }

  @Test
  void receivedErrorsMapBackOnlyInTheirRange() {
    RpcError received = RpcError.parse(Examples.load("error-1601.json"));
    assertThat(MetaNegotiationError.fromRpcError(received)).hasValue(MetaNegotiationError.NO_MATCHING_INTERFACE);
    assertThat(received.details().orElseThrow().get("unsupportedConstraints").get(0).textValue())
        .isEqualTo("requiredSecurityProfile");
    assertThat(MetaNegotiationError.fromRpcError(RpcError.of(CoreRpcError.INVALID_PARAMS))).isEmpty();
  }

  @Test
  void retryableIsTrueOnlyForARealTrueAndDetailsOnlyForAnObject() {
    ObjectNode wire = Examples.load("error-1601.json");
    ((ObjectNode) wire.get("data")).put("retryable", "true");
    ((ObjectNode) wire.get("data")).put("details", "text");
    RpcError parsed = RpcError.parse(wire);
    assertThat(parsed.retryable()).isFalse();
    assertThat(parsed.details()).isEmpty();
  }

  @Test
  void aThrownCodeKeepsItsNumberAndName() {
    RpcException e = new RpcException(MetaNegotiationError.NEGOTIATION_EXPIRED, "result expired");
    assertThat(e.error().code()).isEqualTo(1608);
    assertThat(e.error().anpCode()).hasValue("meta.negotiation_expired");
    assertThat(e.code()).isEqualTo(MetaNegotiationError.NEGOTIATION_EXPIRED);
  }
}
