package org.anp.identity.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityException;

/**
 * How a server answers a failed authentication (spec/identity.md 1.5 and 1.6, spec/README.md #14,
 * #15): the HTTP status of the error code (401 for authentication failures, 403 for
 * {@code DID_FORBIDDEN}) and a {@code WWW-Authenticate: Bearer error="...",
 * error_description="..."[, nonce="..."]} challenge, or the JSON body of the JSON login.
 *
 * <p>The description is the exception message with quotes, backslashes and control characters
 * replaced and cut at 200 characters; messages of this library never contain secrets. Stateless.
 */
public final class AuthChallenge {
  private static final int MAX_DESCRIPTION = 200;

  private AuthChallenge() {}

  /** The HTTP status for {@code e}. */
  public static int status(IdentityException e) {
    return Objects.requireNonNull(e, "e").code().httpStatus();
  }

  /** The {@code WWW-Authenticate} value for {@code e}, without a server nonce. */
  public static String wwwAuthenticate(IdentityException e) {
    return wwwAuthenticate(e, Optional.empty());
  }

  /**
   * The {@code WWW-Authenticate} value for {@code e}; with {@code serverNonce} the client must
   * re-sign using that nonce (spec/identity.md 1.4 "Client retry").
   *
   * @throws IllegalArgumentException if the nonce is not printable ASCII without quotes
   */
  public static String wwwAuthenticate(IdentityException e, Optional<String> serverNonce) {
    Objects.requireNonNull(e, "e");
    Objects.requireNonNull(serverNonce, "serverNonce");
    StringBuilder sb =
        new StringBuilder("Bearer error=\"")
            .append(e.code().wireName())
            .append("\", error_description=\"")
            .append(description(e))
            .append('"');
    serverNonce.ifPresent(n -> sb.append(", nonce=\"").append(checkNonce(n)).append('"'));
    return sb.toString();
  }

  /**
   * The JSON login's error body: {@code {"code":<status>,"error":"...","error_description":"..."
   * [,"nonce":"..."]}}.
   */
  public static ObjectNode jsonError(IdentityException e, Optional<String> serverNonce) {
    Objects.requireNonNull(e, "e");
    Objects.requireNonNull(serverNonce, "serverNonce");
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("code", status(e));
    body.put("error", e.code().wireName());
    body.put("error_description", description(e));
    serverNonce.ifPresent(n -> body.put("nonce", checkNonce(n)));
    return body;
  }

  private static String description(IdentityException e) {
    String message = e.getMessage();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < message.length() && out.length() < MAX_DESCRIPTION; i++) {
      char c = message.charAt(i);
      out.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? '\'' : c);
    }
    return out.toString();
  }

  private static String checkNonce(String nonce) {
    for (int i = 0; i < nonce.length(); i++) {
      char c = nonce.charAt(i);
      if (c <= 0x20 || c > 0x7e || c == '"' || c == '\\') {
        throw new IllegalArgumentException("serverNonce must be printable ASCII without quotes");
      }
    }
    if (nonce.isEmpty()) {
      throw new IllegalArgumentException("serverNonce is empty");
    }
    return nonce;
  }
}
