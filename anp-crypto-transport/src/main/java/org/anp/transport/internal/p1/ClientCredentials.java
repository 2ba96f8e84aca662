package org.anp.transport.internal.p1;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.HttpSignatureAuthenticator;

/**
 * How the P1 client proves its DID on one HTTP request: the bearer token a host returned earlier,
 * else a fresh signature in the configured scheme (ANP-02 1.2 RFC 9421 headers, or the older
 * {@code Authorization: DIDWba} header). Thread-safe when the wrapped authenticator is.
 */
public sealed interface ClientCredentials {
  /**
   * The credentials of one attempt.
   *
   * @param headers the request headers to add
   * @param bearer whether they are a kept bearer token (so a 401 may mean only that it expired)
   */
  record Attempt(Map<String, String> headers, boolean bearer) {
    /** Copies the headers. */
    public Attempt {
      headers = Map.copyOf(headers);
    }
  }

  /** The headers for a {@code method} request of {@code body} to {@code target}. */
  Attempt headers(String method, URI target, byte[] body);

  /** Reads a response from {@code target}: a token to keep, a challenge nonce to echo. */
  void accept(URI target, Map<String, List<String>> responseHeaders);

  /** Drops the token kept for {@code target}'s host. */
  void forgetToken(URI target);

  /** RFC 9421 signatures (ANP-02 1.2, the default). */
  static ClientCredentials rfc9421(HttpSignatureAuthenticator authenticator) {
    return new Rfc9421(authenticator);
  }

  /** The {@code Authorization: DIDWba} header. */
  static ClientCredentials didWbaHeader(DidWbaAuthenticator authenticator) {
    return new DidWbaHeader(authenticator);
  }

  /**
   * Whether a 401 answer to {@code attempt} is worth one more, freshly signed attempt: the attempt
   * used a kept token (expired or unknown to the server), or the server refused the nonce and
   * issued one to echo.
   */
  static boolean retryAfter401(Attempt attempt, Map<String, List<String>> responseHeaders) {
    if (attempt.bearer()) {
      return true;
    }
    Pattern invalidNonce = Pattern.compile("(?:^|[\\s,])error=\"invalid_nonce\"");
    Pattern issued = Pattern.compile("(?:^|[\\s,])nonce=\"[^\"]+\"");
    return responseHeaders.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("WWW-Authenticate"))
        .flatMap(e -> e.getValue().stream())
        .anyMatch(v -> v.strip().regionMatches(true, 0, "DIDWba", 0, 6)
            && invalidNonce.matcher(v).find() && issued.matcher(v).find());
  }

  /** RFC 9421 + RFC 9530 signatures from an {@link HttpSignatureAuthenticator}. */
  record Rfc9421(HttpSignatureAuthenticator authenticator) implements ClientCredentials {
    /** Checks the authenticator. */
    public Rfc9421 {
      Objects.requireNonNull(authenticator, "authenticator");
    }

    @Override
    public Attempt headers(String method, URI target, byte[] body) {
      Optional<String> bearer = authenticator.bearerHeader(target);
      if (bearer.isPresent()) {
        return new Attempt(Map.of("Authorization", bearer.get()), true);
      }
      return new Attempt(authenticator.sign(method, target, body), false);
    }

    @Override
    public void accept(URI target, Map<String, List<String>> responseHeaders) {
      authenticator.acceptResponse(target, responseHeaders);
    }

    @Override
    public void forgetToken(URI target) {
      authenticator.forgetToken(target);
    }
  }

  /** The {@code DIDWba} header from a {@link DidWbaAuthenticator}. */
  record DidWbaHeader(DidWbaAuthenticator authenticator) implements ClientCredentials {
    /** Checks the authenticator. */
    public DidWbaHeader {
      Objects.requireNonNull(authenticator, "authenticator");
    }

    @Override
    public Attempt headers(String method, URI target, byte[] body) {
      Optional<String> bearer = authenticator.bearerHeader(target);
      if (bearer.isPresent()) {
        return new Attempt(Map.of("Authorization", bearer.get()), true);
      }
      return new Attempt(Map.of("Authorization", authenticator.authorizationHeader(target)), false);
    }

    @Override
    public void accept(URI target, Map<String, List<String>> responseHeaders) {
      authenticator.acceptResponseHeaders(target, responseHeaders);
    }

    @Override
    public void forgetToken(URI target) {
      authenticator.forgetToken(target);
    }
  }
}
