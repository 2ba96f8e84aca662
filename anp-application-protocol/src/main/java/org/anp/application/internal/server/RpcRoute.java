package org.anp.application.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.anp.application.interfaces.CallContext;
import org.anp.application.interfaces.JsonRpcInvoker;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.json.StrictJson;
import org.anp.transport.p1.CoreRpcError;
import org.anp.transport.p1.P1Dispatcher;
import org.anp.transport.p1.P1Method;
import org.anp.transport.p1.P1MethodHandler;
import org.anp.transport.p1.P1Request;
import org.anp.transport.p1.P1Response;
import org.anp.transport.p1.RpcError;
import org.anp.transport.p1.RpcException;
import org.anp.transport.p1.TargetMode;

/**
 * The agent's one JSON-RPC route with two rule sets (decision 0075): requests for {@code anp.*}
 * methods go to a {@link P1Dispatcher} and get P1's stricter rules (string {@code id}, {@code
 * params} = {@code {meta, auth?, body}}, no notifications unless the method allows them, codes
 * 1000-1021 with {@code data.anp_code}); in a batch each {@code anp.*} element is answered 1004
 * ({@code anp.batch_not_supported}) and the other elements are served. Everything else is the
 * agent's own methods under plain JSON-RPC 2.0 ({@link JsonRpcInvoker}). A body that does not
 * mention {@code anp.} is handed to the invoker without being parsed here.
 */
public final class RpcRoute {
  private static final byte[] NAMESPACE = {'"', 'a', 'n', 'p', '.'};

  private final JsonRpcInvoker invoker;
  private final P1Dispatcher p1;
  private final int maxRequestBytes;
  private final int maxBatchSize;

  /** A route over {@code invoker} and {@code p1}, with the invoker's limits. */
  public RpcRoute(JsonRpcInvoker invoker, P1Dispatcher p1, int maxRequestBytes, int maxBatchSize) {
    this.invoker = invoker;
    this.p1 = p1;
    this.maxRequestBytes = maxRequestBytes;
    this.maxBatchSize = maxBatchSize;
  }

  /**
   * {@code method} as served by the agent {@code agentDid}: an agent-addressed method answers
   * 1014 ({@code anp.invalid_target_binding}) when {@code meta.target.did} is another agent
   * (spec/anp-v1.2.md Q9); other methods are returned as they are.
   */
  public static P1Method boundTo(P1Method method, String agentDid) {
    if (method.targetMode() != TargetMode.AGENT_ADDRESSED) {
      return method;
    }
    Iterator<String> profiles = method.profiles().iterator();
    P1Method.Builder b = P1Method.builder(method.name(), profiles.next()).targetMode(TargetMode.AGENT_ADDRESSED);
    profiles.forEachRemaining(b::profile);
    if (method.authenticationRequired()) {
      b.requireAuthentication();
    }
    if (method.notificationAllowed()) {
      b.allowNotifications();
    }
    if (method.deviceSelectorsAllowed()) {
      b.allowDeviceSelectors();
    }
    P1MethodHandler handler = method.handler();
    return b.handler(call -> {
      if (!call.request().meta().target().map(t -> t.did().equals(agentDid)).orElse(false)) {
        throw new RpcException(CoreRpcError.INVALID_TARGET_BINDING, "meta.target.did: not this agent");
      }
      return handler.handle(call);
    }).build();
  }

  /**
   * Whether {@code body} may be answered on an I/O thread: every method of the agent's own was
   * declared non-blocking and the body names no {@code anp.*} method (P1 methods may wait).
   */
  public boolean nonBlocking(byte[] body) {
    return invoker.nonBlocking() && !mentionsNamespace(body);
  }

  /** Whether {@code method} is in the namespace P1 governs. */
  public static boolean isP1Method(String method) {
    return method.startsWith("anp.");
  }

  /** The response to {@code body} (empty: nothing to send), never failing. */
  public CompletableFuture<Optional<JsonNode>> handle(byte[] body, Optional<VerifiedCaller> caller) {
    CallContext context = caller.map(CallContext::of).orElse(CallContext.anonymous());
    if (!mentionsNamespace(body)) {
      return CompletableFuture.completedFuture(invoker.handle(body, context));
    }
    JsonNode message;
    try {
      message = StrictJson.parse(body, maxRequestBytes);
    } catch (IdentityException e) {
      return CompletableFuture.completedFuture(invoker.handle(body, context)); // its parse or size error
    }
    if (message.isObject()) {
      return isP1(message)
          ? p1.dispatch(body, caller).thenApply(r -> r.map(P1Response::toJson))
          : CompletableFuture.completedFuture(invoker.handle(message, context));
    }
    if (!message.isArray() || message.size() > maxBatchSize) {
      return CompletableFuture.completedFuture(invoker.handle(message, context));
    }
    ArrayNode own = JsonNodeFactory.instance.arrayNode();
    ArrayNode refused = JsonNodeFactory.instance.arrayNode();
    for (JsonNode element : message) {
      if (isP1(element)) {
        refused.add(P1Response.failure(P1Request.idOf(element),
            RpcError.of(CoreRpcError.BATCH_NOT_SUPPORTED, "anp.* methods are not accepted in a batch")).toJson());
      } else {
        own.add(element);
      }
    }
    if (refused.isEmpty()) {
      return CompletableFuture.completedFuture(invoker.handle(message, context));
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    if (!own.isEmpty()) {
      invoker.handle(own, context).ifPresent(r -> out.addAll((ArrayNode) r));
    }
    out.addAll(refused);
    return CompletableFuture.completedFuture(Optional.of(out));
  }

  private static boolean isP1(JsonNode request) {
    JsonNode method = request.path("method");
    return method.isTextual() && isP1Method(method.textValue());
  }

  private static boolean mentionsNamespace(byte[] body) {
    outer:
    for (int i = 0; i + NAMESPACE.length <= body.length; i++) {
      for (int j = 0; j < NAMESPACE.length; j++) {
        if (body[i + j] != NAMESPACE[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
