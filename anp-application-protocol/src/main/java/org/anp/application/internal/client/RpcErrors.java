package org.anp.application.internal.client;

import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;

/** Turns a JSON-RPC error object received from a peer into an {@link ApplicationException}. */
public final class RpcErrors {
  private RpcErrors() {}

  /** The exception for error {@code code} with the peer's {@code message}. */
  public static ApplicationException of(int code, String message) {
    ApplicationError error = switch (code) {
      case -32700 -> ApplicationError.PARSE_ERROR;
      case -32600 -> ApplicationError.INVALID_REQUEST;
      case -32601 -> ApplicationError.METHOD_NOT_FOUND;
      case -32602 -> ApplicationError.INVALID_PARAMS;
      case -32001 -> ApplicationError.UNAUTHENTICATED;
      default -> ApplicationError.INTERNAL_ERROR;
    };
    String shown = message.length() > 200 ? message.substring(0, 200) + "..." : message;
    return new ApplicationException(error, "peer answered JSON-RPC error " + code + ": " + shown);
  }
}
