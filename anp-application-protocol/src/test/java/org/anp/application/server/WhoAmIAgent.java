package org.anp.application.server;

import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.interfaces.CallContext;
import org.anp.application.interfaces.JsonRpcInterface;
import org.anp.application.interfaces.JsonRpcMethod;
import org.anp.application.interfaces.Param;

/** Test provider: tells callers who they are and adds numbers. */
@JsonRpcInterface(name = "whoami", description = "Caller identity and arithmetic", version = "1.0.0")
public class WhoAmIAgent {
  /** Who called, and how they proved it. */
  public record Caller(String did, String scheme) {}

  @JsonRpcMethod(description = "The authenticated caller")
  public Caller whoami(CallContext context) {
    var c = context.requireCaller();
    return new Caller(c.did().toString(), c.scheme().name());
  }

  @JsonRpcMethod(description = "The sum of two numbers; both must not be negative")
  public long add(@Param(description = "first") long a, @Param(description = "second") long b) {
    if (a < 0 || b < 0) {
      throw new ApplicationException(ApplicationError.INVALID_PARAMS, "a, b: must not be negative");
    }
    return a + b;
  }
}
