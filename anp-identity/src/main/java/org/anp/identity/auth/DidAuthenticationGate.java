package org.anp.identity.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * The server side of ANP-02 1.2 authentication for one HTTP request, without I/O: it verifies the
 * request (RFC 9421 headers, JSON carriage, a bearer token, or the older {@code DIDWba} header when
 * a {@link DidWbaVerifier} is configured), applies the access policy, and says what to answer:
 *
 * <ul>
 *   <li>a failure: 401 (or the code's status) with {@code WWW-Authenticate: DIDWba realm=…,
 *       error=…, error_description=…[, nonce=…]} and {@code Accept-Signature}, the nonce freshly
 *       issued when the verifier has {@link IssuedNonces};
 *   <li>an authenticated caller the policy refuses: 403 {@code forbidden_did};
 *   <li>success: 200 and, when a token service is configured and the caller signed, the token in
 *       {@code Authentication-Info} (never in a response {@code Authorization} header).
 * </ul>
 *
 * <p>Thread-safe when its verifiers, policy and token service are.
 */
public final class DidAuthenticationGate {

  /**
   * What to answer.
   *
   * @param caller the authenticated caller, present only when access is granted
   * @param status 200 when granted, else the error's HTTP status
   * @param headers the response headers to add
   */
  public record Decision(Optional<VerifiedCaller> caller, int status, Map<String, String> headers) {
    /** Copies the headers. */
    public Decision {
      Objects.requireNonNull(caller, "caller");
      headers = Map.copyOf(headers);
    }

    /** Whether the request may proceed. */
    public boolean granted() {
      return caller.isPresent();
    }
  }

  private final HttpSignatureVerifier verifier;
  private final Optional<DidWbaVerifier> legacy;
  private final Optional<AccessTokenService> tokens;
  private final Predicate<VerifiedCaller> access;
  private final String realm;
  private final String scope;

  private DidAuthenticationGate(Builder b) {
    this.verifier = b.verifier;
    this.legacy = Optional.ofNullable(b.legacy);
    this.tokens = Optional.ofNullable(b.tokens);
    this.access = b.access;
    this.realm = b.realm;
    this.scope = b.scope;
  }

  /** A builder; {@code verifier} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Decides a request authenticated in its headers. */
  public CompletableFuture<Decision> authenticate(AuthRequest request) {
    Objects.requireNonNull(request, "request");
    Optional<String> authorization = request.header("Authorization");
    CompletableFuture<VerifiedCaller> verified;
    if (authorization.isPresent() && isBearer(authorization.get())) {
      verified = tokens.map(t -> bearer(t, authorization.get()))
          .orElseGet(() -> CompletableFuture.failedFuture(new IdentityException(
              IdentityError.AUTH_TOKEN_INVALID, "authorization: bearer tokens are not accepted here")));
    } else if (!request.headerValues("Signature-Input").isEmpty() || !request.headerValues("Signature").isEmpty()) {
      verified = verifier.verify(request);
    } else if (authorization.isPresent() && legacy.isPresent()) {
      verified = legacy.get().verify(request);
    } else {
      verified = CompletableFuture.failedFuture(new IdentityException(
          IdentityError.AUTH_CREDENTIALS_MISSING, "authorization: no credentials in the request"));
    }
    return decide(verified);
  }

  /** Decides a request whose body is a {@link JsonCarriage} envelope. */
  public CompletableFuture<Decision> authenticateJson(AuthRequest request) {
    return decide(verifier.verifyJson(Objects.requireNonNull(request, "request")));
  }

  private static CompletableFuture<VerifiedCaller> bearer(AccessTokenService service, String header) {
    try {
      return CompletableFuture.completedFuture(service.verify(header.strip().substring(7)));
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Decision> decide(CompletableFuture<VerifiedCaller> verified) {
    return verified.handle((caller, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        if (cause instanceof IdentityException e) {
          return refuse(e);
        }
        throw new CompletionException(cause);
      }
      if (!access.test(caller)) {
        return refuse(new IdentityException(IdentityError.DID_FORBIDDEN, "did: " + caller.did() + " may not access this"));
      }
      Map<String, String> headers = new LinkedHashMap<>();
      if (tokens.isPresent() && caller.scheme() != AuthScheme.BEARER_TOKEN) {
        headers.put("Authentication-Info", DidWbaChallenge.authenticationInfo(tokens.get().issue(caller), scope));
      }
      return new Decision(Optional.of(caller), 200, headers);
    });
  }

  private Decision refuse(IdentityException e) {
    Optional<String> nonce = Optional.empty();
    if (e.code() != IdentityError.DID_FORBIDDEN && verifier.issuedNonces().isPresent()) {
      nonce = Optional.of(verifier.issuedNonces().get().issue());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("WWW-Authenticate", DidWbaChallenge.wwwAuthenticate(e, realm, nonce));
    if (e.code() != IdentityError.DID_FORBIDDEN) {
      headers.put("Accept-Signature", DidWbaChallenge.acceptSignature(nonce));
    }
    return new Decision(Optional.empty(), DidWbaChallenge.status(e), headers);
  }

  private static boolean isBearer(String value) {
    String v = value.strip();
    return v.length() > 7 && v.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  /** Builds a {@link DidAuthenticationGate}. Not thread-safe. */
  public static final class Builder {
    private HttpSignatureVerifier verifier;
    private DidWbaVerifier legacy;
    private AccessTokenService tokens;
    private Predicate<VerifiedCaller> access = caller -> true;
    private String realm = "anp";
    private String scope = "anp";

    private Builder() {}

    /** The ANP-02 1.2 verifier; required. */
    public Builder verifier(HttpSignatureVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /** Also accept the older {@code Authorization: DIDWba …} header, verified by {@code legacy}. */
    public Builder acceptDidWbaHeader(DidWbaVerifier legacy) {
      this.legacy = Objects.requireNonNull(legacy, "legacy");
      return this;
    }

    /** Issue tokens to signed callers and accept them as bearer tokens. */
    public Builder tokens(AccessTokenService tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /** Which authenticated callers may proceed; default all. Others get 403 {@code forbidden_did}. */
    public Builder access(Predicate<VerifiedCaller> access) {
      this.access = Objects.requireNonNull(access, "access");
      return this;
    }

    /** The challenge realm; default {@code anp}. */
    public Builder realm(String realm) {
      this.realm = Objects.requireNonNull(realm, "realm");
      return this;
    }

    /** The scope reported with an issued token; default {@code anp}. */
    public Builder scope(String scope) {
      Objects.requireNonNull(scope, "scope");
      if (!scope.matches("[\\x20-\\x7e&&[^\"\\\\]]*")) {
        throw new IllegalArgumentException("scope must be printable ASCII without quotes or backslashes");
      }
      this.scope = scope;
      return this;
    }

    /** Builds the gate; throws {@link IllegalStateException} without a verifier. */
    public DidAuthenticationGate build() {
      if (verifier == null) {
        throw new IllegalStateException("verifier(...) is required");
      }
      // Fail now, not at the first refusal, on a realm that cannot be written in a header.
      DidWbaChallenge.wwwAuthenticate(new IdentityException(IdentityError.DID_FORBIDDEN, "check"), realm,
          Optional.empty());
      return new DidAuthenticationGate(this);
    }
  }
}
