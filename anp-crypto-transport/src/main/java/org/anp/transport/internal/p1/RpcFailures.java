package org.anp.transport.internal.p1;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.anp.identity.IdentityException;
import org.anp.transport.p1.CoreRpcError;
import org.anp.transport.p1.RpcError;
import org.anp.transport.p1.RpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever ended a P1 call into the {@code error} object sent back, in one place: an {@link
 * RpcException} unchanged; identity failures as 1005/1006; timeouts and overload as 1012; anything
 * else as -32603 without details (logged once here, since it is our bug).
 */
public final class RpcFailures {
  private static final Logger log = LoggerFactory.getLogger(RpcFailures.class);

  private RpcFailures() {}

  /** The error for {@code failure} of the method {@code method}. */
  public static RpcError toError(Throwable failure, String method) {
    Throwable t = unwrap(failure);
    if (t instanceof RpcException e) {
      return e.error();
    }
    if (t instanceof IdentityException e) {
      int status = e.code().httpStatus();
      if (status == 401) {
        return RpcError.of(CoreRpcError.UNAUTHORIZED);
      }
      if (status == 403) {
        return RpcError.of(CoreRpcError.FORBIDDEN);
      }
      return RpcError.of(CoreRpcError.INVALID_PARAMS, e.code().name());
    }
    if (t instanceof TimeoutException || t instanceof RejectedExecutionException) {
      return RpcError.of(CoreRpcError.TEMPORARILY_UNAVAILABLE, "the method did not answer in time");
    }
    log.error("P1 method {} failed", method, t);
    return RpcError.of(CoreRpcError.INTERNAL_ERROR);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
