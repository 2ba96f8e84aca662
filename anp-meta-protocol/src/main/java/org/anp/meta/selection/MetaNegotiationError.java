package org.anp.meta.selection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.anp.transport.p1.RpcError;
import org.anp.transport.p1.RpcErrorCode;

/**
 * The ANP-06 error codes 1600-1608 with their {@code anp_code} and default message (ANP-06 §11,
 * the SDK's {@code errors.py}). A server throws {@code new RpcException(code, message)}; {@link
 * #toRpcError} and {@link #fromRpcError} convert to and from the wire object.
 */
public enum MetaNegotiationError implements RpcErrorCode {
  /** 1600: the target rejects the negotiation. */
  NEGOTIATION_REJECTED(1600, "meta.negotiation_rejected", "Negotiation rejected"),
  /** 1601: no interface satisfies the intent and constraints. */
  NO_MATCHING_INTERFACE(1601, "meta.no_matching_interface", "No matching interface"),
  /** 1602: the {@code mode} is not supported. */
  UNSUPPORTED_NEGOTIATION_MODE(1602, "meta.unsupported_negotiation_mode", "Unsupported negotiation mode"),
  /** 1603: a candidate profile is not supported. */
  UNSUPPORTED_CANDIDATE_PROFILE(1603, "meta.unsupported_candidate_profile", "Unsupported candidate profile"),
  /** 1604: a candidate security profile is not supported. */
  UNSUPPORTED_SECURITY_PROFILE(1604, "meta.unsupported_security_profile", "Unsupported security profile"),
  /** 1605: a candidate content type is not supported. */
  UNSUPPORTED_CONTENT_TYPE(1605, "meta.unsupported_content_type", "Unsupported content type"),
  /** 1606: more information is needed. */
  MORE_INFORMATION_REQUIRED(1606, "meta.more_information_required", "More information required"),
  /** 1607: authenticate (or obtain authorization) first. */
  AUTHORIZATION_REQUIRED(1607, "meta.authorization_required", "Authorization required"),
  /** 1608: the result or request expired. */
  NEGOTIATION_EXPIRED(1608, "meta.negotiation_expired", "Negotiation expired");

  private final int code;
  private final String anpCode;
  private final String defaultMessage;

  MetaNegotiationError(int code, String anpCode, String defaultMessage) {
    this.code = code;
    this.anpCode = anpCode;
    this.defaultMessage = defaultMessage;
  }

  @Override
  public int code() {
    return code;
  }

  @Override
  public Optional<String> anpCode() {
    return Optional.of(anpCode);
  }

  @Override
  public String defaultMessage() {
    return defaultMessage;
  }

  /** The code with this integer, if it is one of 1600-1608. */
  public static Optional<MetaNegotiationError> fromCode(int code) {
    for (MetaNegotiationError e : values()) {
      if (e.code == code) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * The wire {@code error} object: {@code code}, {@code message} (the default when empty), {@code
   * data.anp_code}, {@code data.retryable} always, {@code data.details} when given.
   */
  public RpcError toRpcError(String message, boolean retryable, Optional<ObjectNode> details) {
    String text = message == null || message.isEmpty() ? defaultMessage : message;
    return RpcError.of(code, text, anpCode(), retryable, details);
  }

  /**
   * The ANP-06 error a received {@code error} object stands for: empty for codes outside
   * 1600-1608 (for example -32602).
   */
  public static Optional<MetaNegotiationError> fromRpcError(RpcError error) {
    return fromCode(error.code());
  }
}
