package org.anp.transport.internal.http;

import java.util.Objects;
import org.anp.transport.http.HttpResponse;

/**
 * A request the {@link GateAuthentication} refused, with the complete answer (status, challenge
 * headers, JSON body) already decided; {@link ErrorResponses} sends it unchanged. No stack trace:
 * it is an expected outcome, not a bug.
 */
final class AuthenticationRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient HttpResponse response;

  AuthenticationRefused(HttpResponse response) {
    super("authentication refused: HTTP " + response.status(), null, false, false);
    this.response = Objects.requireNonNull(response, "response");
  }

  HttpResponse response() {
    return response;
  }
}
