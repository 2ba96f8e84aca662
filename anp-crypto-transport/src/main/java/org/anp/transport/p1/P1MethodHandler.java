package org.anp.transport.p1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * Answers one P1 method: the seam through which layers 2 and 3 add {@code anp.*} and business
 * methods to an agent's endpoint ({@link P1Dispatcher.Builder#method}).
 *
 * <p>The dispatcher has already checked the envelope, profile, security profile, target mode and,
 * when present, the origin proof. A handler validates {@code body} and returns the {@code result};
 * to answer with a JSON-RPC error it throws, or fails the future with, an {@link RpcException}
 * (for example {@code INVALID_PARAMS}, or a profile's own code). Any other failure becomes {@code
 * -32603} without details. Implementations are thread-safe; they run on the HTTP server's workers.
 */
@FunctionalInterface
public interface P1MethodHandler {

  /** The {@code result} for {@code call}; never {@code null}. */
  CompletableFuture<JsonNode> handle(P1Call call);
}
