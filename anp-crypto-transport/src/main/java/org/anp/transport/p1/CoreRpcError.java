package org.anp.transport.p1;

import java.util.Optional;

/**
 * The error codes of the P1 core binding ({@code anp.core.binding.v1} section 10): the JSON-RPC
 * 2.0 standard codes and the ANP public codes 1000-1021 with their {@code anp_code}.
 *
 * @see <a href="https://github.com/agent-network-protocol/AgentNetworkProtocol">P1 section 10.3</a>
 */
public enum CoreRpcError implements RpcErrorCode {
  /** -32700: the body is not JSON. */
  PARSE_ERROR(-32700, null, "Parse error", false),
  /** -32600: JSON, but not a JSON-RPC 2.0 request object. */
  INVALID_REQUEST(-32600, null, "Invalid Request", false),
  /** -32601: no handler for the method. */
  METHOD_NOT_FOUND(-32601, null, "Method not found", false),
  /** -32602: the method's {@code body} does not have the shape the method needs. */
  INVALID_PARAMS(-32602, null, "Invalid params", false),
  /** -32603: the server failed; no details are given. */
  INTERNAL_ERROR(-32603, null, "Internal error", true),
  /** 1000: {@code id} is not a non-empty string. */
  INVALID_REQUEST_ID(1000, "anp.invalid_request_id", "Invalid request id", false),
  /** 1001: {@code meta.profile} is not one the method accepts. */
  UNSUPPORTED_PROFILE(1001, "anp.unsupported_profile", "Unsupported profile", false),
  /** 1002: {@code meta.security_profile} is not supported. */
  UNSUPPORTED_SECURITY_PROFILE(
      1002, "anp.unsupported_security_profile", "Unsupported security profile", false),
  /** 1003: {@code params} (or {@code meta}, {@code auth}) does not have the required structure. */
  INVALID_PARAMS_SHAPE(1003, "anp.invalid_params_shape", "Invalid params shape", false),
  /** 1004: a batch (a JSON array) was sent. */
  BATCH_NOT_SUPPORTED(1004, "anp.batch_not_supported", "Batch not supported", false),
  /** 1005: authentication is missing or did not verify. */
  UNAUTHORIZED(1005, "anp.unauthorized", "Unauthorized", false),
  /** 1006: authenticated, but not allowed. */
  FORBIDDEN(1006, "anp.forbidden", "Forbidden", false),
  /** 1007: the target DID does not exist or is unreachable. */
  TARGET_NOT_FOUND(1007, "anp.target_not_found", "Target not found", false),
  /** 1008: the same operation id was used for a different request. */
  IDEMPOTENCY_CONFLICT(1008, "anp.idempotency_conflict", "Idempotency conflict", false),
  /** 1009: {@code meta.content_type} is not supported. */
  UNSUPPORTED_CONTENT_TYPE(
      1009, "anp.unsupported_content_type", "Unsupported content type", false),
  /** 1010: the target service refused to receive. */
  DELIVERY_REJECTED(1010, "anp.delivery_rejected", "Delivery rejected", false),
  /** 1011: rate limit hit. */
  RATE_LIMITED(1011, "anp.rate_limited", "Rate limited", true),
  /** 1012: the service is temporarily unavailable (also: a handler did not answer in time). */
  TEMPORARILY_UNAVAILABLE(1012, "anp.temporarily_unavailable", "Temporarily unavailable", true),
  /** 1013: security profile and payload structure do not match. */
  INVALID_SECURITY_BINDING(
      1013, "anp.invalid_security_binding", "Invalid security binding", false),
  /** 1014: {@code meta.target} does not match the method's target mode. */
  INVALID_TARGET_BINDING(1014, "anp.invalid_target_binding", "Invalid target binding", false),
  /** 1015: a device-addressed E2EE overlay needs a device selector that is missing. */
  DEVICE_BINDING_REQUIRED(1015, "anp.device_binding_required", "Device binding required", false),
  /** 1016: a device selector or its DID/key binding is invalid. */
  DEVICE_BINDING_INVALID(1016, "anp.device_binding_invalid", "Device binding invalid", false),
  /** 1017: the selected device is not eligible for the security profile. */
  DEVICE_NOT_ELIGIBLE(1017, "anp.device_not_eligible", "Device not eligible", false),
  /** 1018: resolved device eligibility or key state is no longer current. */
  DEVICE_STATE_CHANGED(1018, "anp.device_state_changed", "Device state changed", true),
  /** 1019: the DID has a successor; verify the transition and sign again. */
  DID_SUPERSEDED(1019, "anp.did_superseded", "DID superseded", false),
  /** 1020: the DID transition is invalid or unsupported. */
  DID_TRANSITION_INVALID(1020, "anp.did_transition_invalid", "DID transition invalid", false),
  /** 1021: the DID transition conflicts (fork, cycle, collision). */
  DID_TRANSITION_CONFLICT(1021, "anp.did_transition_conflict", "DID transition conflict", false);

  private final int code;
  private final String anpCode;
  private final String defaultMessage;
  private final boolean retryable;

  CoreRpcError(int code, String anpCode, String defaultMessage, boolean retryable) {
    this.code = code;
    this.anpCode = anpCode;
    this.defaultMessage = defaultMessage;
    this.retryable = retryable;
  }

  @Override
  public int code() {
    return code;
  }

  @Override
  public Optional<String> anpCode() {
    return Optional.ofNullable(anpCode);
  }

  @Override
  public String defaultMessage() {
    return defaultMessage;
  }

  @Override
  public boolean retryable() {
    return retryable;
  }

  /** The core code with this integer {@code error.code}, if there is one. */
  public static Optional<CoreRpcError> fromCode(int code) {
    for (CoreRpcError e : values()) {
      if (e.code == code) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
