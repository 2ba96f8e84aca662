package org.anp.identity.auth;

import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityException;

/**
 * The response headers of ANP-02 1.2 authentication: a failure is answered with its HTTP status
 * (401, or 403 for {@code forbidden_did}) and {@code WWW-Authenticate: DIDWba realm="…",
 * error="…", error_description="…"[, nonce="…"]} plus an RFC 9421 {@code Accept-Signature}; a
 * token goes only in {@code Authentication-Info: access_token="…", token_type="Bearer",
 * expires_in=…, scope="…"}.
 *
 * <p>The {@code error} is the code's {@link org.anp.identity.IdentityError#wireName() wire name}
 * ({@code invalid_request}, {@code invalid_nonce}, {@code invalid_timestamp}, {@code invalid_did},
 * {@code invalid_signature}, {@code invalid_verification_method}, {@code invalid_content_digest},
 * {@code invalid_access_token}, {@code forbidden_did}); the description is the exception message
 * with quotes, backslashes and control characters replaced, cut at 200 characters. Stateless.
 */
public final class DidWbaChallenge {
  /** The components a 1.2 client is asked to sign. */
  public static final String SIGNED_COMPONENTS = "(\"@method\" \"@target-uri\" \"content-digest\")";

  private static final int MAX_DESCRIPTION = 200;

  private DidWbaChallenge() {}

  /** The HTTP status for {@code e}. */
  public static int status(IdentityException e) {
    return Objects.requireNonNull(e, "e").code().httpStatus();
  }

  /**
   * {@code DIDWba realm="<realm>", error="<e>", error_description="<…>"[, nonce="<nonce>"]}.
   *
   * @throws IllegalArgumentException if the realm or nonce is not printable ASCII without quotes
   */
  public static String wwwAuthenticate(IdentityException e, String realm, Optional<String> nonce) {
    Objects.requireNonNull(e, "e");
    Objects.requireNonNull(nonce, "nonce");
    StringBuilder sb = new StringBuilder("DIDWba realm=\"").append(token(realm, "realm"))
        .append("\", error=\"").append(e.code().wireName())
        .append("\", error_description=\"").append(description(e)).append('"');
    nonce.ifPresent(n -> sb.append(", nonce=\"").append(token(n, "nonce")).append('"'));
    return sb.toString();
  }

  /**
   * The {@code Accept-Signature} value asking for a 1.2 signature: label {@code sig1}, the
   * components of {@link #SIGNED_COMPONENTS}, {@code created}, {@code expires}, {@code keyid} and,
   * when given, the nonce to echo.
   */
  public static String acceptSignature(Optional<String> nonce) {
    Objects.requireNonNull(nonce, "nonce");
    StringBuilder sb = new StringBuilder("sig1=").append(SIGNED_COMPONENTS).append(";created;expires;keyid");
    nonce.ifPresent(n -> sb.append(";nonce=\"").append(token(n, "nonce")).append('"'));
    return sb.toString();
  }

  /** {@code access_token="…", token_type="Bearer", expires_in=<s>, scope="<scope>"}. */
  public static String authenticationInfo(AccessToken token, String scope) {
    Objects.requireNonNull(token, "token");
    return "access_token=\"" + token.valueInsecure() + "\", token_type=\"Bearer\", expires_in="
        + token.expiresIn().getSeconds() + ", scope=\"" + token(scope, "scope") + '"';
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

  private static String token(String value, String name) {
    Objects.requireNonNull(value, name);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        throw new IllegalArgumentException(name + " must be printable ASCII without quotes");
      }
    }
    return value;
  }
}
