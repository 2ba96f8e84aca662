package org.anp.transport.internal.http;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.AuthChallenge;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.AuthScheme;
import org.anp.identity.auth.DidAuthenticationGate;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpRequest;
import org.anp.transport.http.HttpResponse;

/**
 * The authentication step in front of handlers: runs the {@link DidWbaVerifier} as the route's
 * {@link AuthPolicy} asks, and issues an access token after a signed (non-bearer) request when the
 * verifier has a token service (spec/identity.md 1.5 step 9); or, when built with a {@link
 * DidAuthenticationGate}, lets the gate decide as ANP-02 1.2 says ({@link GateAuthentication}).
 * Thread-safe.
 */
public final class Authenticator {
  private final Optional<DidWbaVerifier> verifier;
  private final Optional<GateAuthentication> gate;
  private final SecureRandom random = new SecureRandom();

  /** An authenticator; without a verifier every route that is not {@code NONE} refuses. */
  public Authenticator(Optional<DidWbaVerifier> verifier) {
    this.verifier = verifier;
    this.gate = Optional.empty();
  }

  /** An ANP-02 1.2 authenticator deciding through {@code gate}. */
  public Authenticator(DidAuthenticationGate gate) {
    this.verifier = Optional.empty();
    this.gate = Optional.of(new GateAuthentication(gate));
  }

  /** The outcome: the request (with its caller if verified) and headers for the response. */
  record Outcome(HttpRequest request, Map<String, String> responseHeaders) {}

  /**
   * Whether {@link #authenticate} answers {@code request} without blocking and with bounded CPU
   * work: no authentication asked, none given where it is optional, a bearer token (its signature
   * is checked once per token, decision 0072), or one RFC 9421 signature when the verifier's nonce
   * store never blocks (one signature check and a token; the DID resolution is asynchronous, and
   * when the caller's document is not at hand the handler goes to a worker, decision 0094). Gate
   * decisions are not.
   */
  boolean isQuick(AuthPolicy policy, HttpRequest request) {
    if (policy == AuthPolicy.NONE) {
      return true;
    }
    if (gate.isPresent() || verifier.isEmpty()) {
      return false;
    }
    List<String> authorization = request.headers("authorization");
    if (request.header("signature").isPresent() || request.header("signature-input").isPresent()) {
      return authorization.isEmpty() && verifier.get().verifiesSignaturesWithoutBlocking();
    }
    if (authorization.isEmpty()) {
      return policy == AuthPolicy.OPTIONAL;
    }
    return authorization.size() == 1 && isBearer(authorization.get(0));
  }

  /**
   * Authenticates {@code request} per {@code policy}; the future fails with the verifier's
   * {@link IdentityException}, or {@code AUTH_CREDENTIALS_MISSING} for a required header that
   * is absent.
   */
  CompletableFuture<Outcome> authenticate(AuthPolicy policy, HttpRequest request) {
    if (policy == AuthPolicy.NONE) {
      return CompletableFuture.completedFuture(new Outcome(request, Map.of()));
    }
    if (gate.isPresent()) {
      return gate.get().authenticate(policy, request);
    }
    boolean hasCredentials =
        request.header("authorization").isPresent() || request.header("signature").isPresent();
    if (!hasCredentials) {
      if (policy == AuthPolicy.OPTIONAL) {
        return CompletableFuture.completedFuture(new Outcome(request, Map.of()));
      }
      return CompletableFuture.failedFuture(
          new IdentityException(
              IdentityError.AUTH_CREDENTIALS_MISSING, "authorization: required by this resource"));
    }
    if (verifier.isEmpty()) {
      return CompletableFuture.failedFuture(
          new IdentityException(
              IdentityError.AUTH_CREDENTIALS_MISSING,
              "authorization: this server has no DID authentication configured"));
    }
    Optional<AccessTokenService> tokens = verifier.get().tokens();
    List<String> authorization = request.headers("authorization");
    if (tokens.isPresent() && authorization.size() == 1 && isBearer(authorization.get(0))) {
      // What DidWbaVerifier.verify does with one bearer token, without first copying the whole
      // request into an AuthRequest (a token call's only credential is this header).
      try {
        return CompletableFuture.completedFuture(
            outcome(request, tokens.get().verify(authorization.get(0).strip().substring(7))));
      } catch (IdentityException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    AuthRequest auth =
        new AuthRequest(request.method(), request.uri(), request.headers(), request.body());
    return verifier.get().verify(auth).thenApply(caller -> outcome(request, caller));
  }

  private static boolean isBearer(String value) {
    String v = value.strip();
    return v.length() > 7 && v.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  private Outcome outcome(HttpRequest request, VerifiedCaller caller) {
    Map<String, String> headers = Map.of();
    Optional<AccessTokenService> tokens = verifier.flatMap(DidWbaVerifier::tokens);
    if (tokens.isPresent() && caller.scheme() != AuthScheme.BEARER_TOKEN) {
      headers = AccessTokenService.responseHeaders(tokens.get().issue(caller));
    }
    return new Outcome(request.withCaller(caller), headers);
  }

  /**
   * Adds the {@code WWW-Authenticate} challenge for an authentication failure; a reused nonce gets
   * a fresh server nonce to sign with (spec/identity.md 1.5 step 3).
   */
  HttpResponse challenge(HttpResponse response, IdentityException e) {
    Optional<String> nonce = Optional.empty();
    if (e.code() == IdentityError.AUTH_NONCE_REUSED) {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      nonce = Optional.of(Hex.encode(bytes));
    }
    return response.withHeader("www-authenticate", AuthChallenge.wwwAuthenticate(e, nonce));
  }

}
