package org.anp.benchmarks.application;

import org.anp.application.interfaces.CallContext;
import org.anp.application.interfaces.JsonRpcInterface;
import org.anp.application.interfaces.JsonRpcMethod;
import org.anp.application.interfaces.Param;

/**
 * The method every call benchmark invokes: it returns its two parameters as an object. The bare
 * echo and the MCP tool answer the same parameters with the same object.
 */
@JsonRpcInterface(name = "echo", description = "Echoes its parameters", version = "1.0.0")
public class EchoService {
  /** The result: the parameters as received. */
  public record Echo(String text, int count) {}

  /** Returns {@code text} and {@code count}. */
  @JsonRpcMethod(description = "Returns its parameters")
  public Echo echo(@Param(name = "text") String text, @Param(name = "count") int count) {
    return new Echo(text, count);
  }

  /** The caller's DID and how it was proved ({@code HTTP_SIGNATURE}, {@code BEARER_TOKEN}). */
  @JsonRpcMethod(description = "The authenticated caller")
  public String caller(CallContext context) {
    var c = context.requireCaller();
    return c.did() + " " + c.scheme().name();
  }
}
