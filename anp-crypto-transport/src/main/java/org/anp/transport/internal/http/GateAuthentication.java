package org.anp.transport.internal.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.DidAuthenticationGate;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpRequest;
import org.anp.transport.http.HttpResponse;

/**
 * ANP-02 1.2 authentication in front of handlers, decided by a {@link DidAuthenticationGate}: RFC
 * 9421 signatures in headers, bearer tokens and (when the gate accepts it) the {@code DIDWba}
 * header. A refusal is answered exactly as the gate says (401 or 403, {@code WWW-Authenticate:
 * DIDWba realm=…, error=…, error_description=…[, nonce=…]}, {@code Accept-Signature}) with a JSON
 * body repeating the error; a granted request carries the gate's {@code Authentication-Info}.
 * Thread-safe when the gate is.
 */
final class GateAuthentication {
  private static final Pattern ERROR = Pattern.compile("(?:^|[\\s,])error=\"([^\"]*)\"");
  private static final Pattern DESCRIPTION = Pattern.compile("(?:^|[\\s,])error_description=\"([^\"]*)\"");

  private final DidAuthenticationGate gate;

  GateAuthentication(DidAuthenticationGate gate) {
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  /**
   * Authenticates {@code request} per {@code policy} ({@code NONE} is handled by the caller); the
   * future fails with {@link AuthenticationRefused} when the gate refuses.
   */
  CompletableFuture<Authenticator.Outcome> authenticate(AuthPolicy policy, HttpRequest request) {
    boolean hasCredentials = request.header("authorization").isPresent()
        || request.header("signature").isPresent()
        || request.header("signature-input").isPresent();
    if (!hasCredentials && policy == AuthPolicy.OPTIONAL) {
      return CompletableFuture.completedFuture(new Authenticator.Outcome(request, Map.of()));
    }
    AuthRequest auth = new AuthRequest(request.method(), request.uri(), request.headers(), request.body());
    return gate.authenticate(auth).thenApply(decision -> {
      if (!decision.granted()) {
        throw new AuthenticationRefused(refusal(decision));
      }
      return new Authenticator.Outcome(request.withCaller(decision.caller().orElseThrow()), decision.headers());
    });
  }

  private static HttpResponse refusal(DidAuthenticationGate.Decision decision) {
    String challenge = decision.headers().getOrDefault("WWW-Authenticate", "");
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("status", decision.status());
    body.put("error", group(ERROR.matcher(challenge)));
    body.put("error_description", group(DESCRIPTION.matcher(challenge)));
    return HttpResponse.json(decision.status(), body).withHeaders(decision.headers());
  }

  private static String group(Matcher m) {
    return m.find() ? m.group(1) : "";
  }
}
