package org.anp.benchmarks.application;

import org.anp.application.interfaces.CallContext;
import org.anp.application.interfaces.JsonRpcInterface;
import org.anp.application.interfaces.JsonRpcMethod;
import org.anp.application.interfaces.Param;

/**
 * The method every call benchmark invokes: it returns its two parameters as an object. The bare
 * echo and the MCP tool answer the same parameters with the same object. Both methods are
 * declared {@link JsonRpcMethod#nonBlocking() non-blocking} (they are), as the bare echo runs on
 * its event loop: a token call is then answered on the HTTP server's I/O thread.
 */
@JsonRpcInterface(name = "echo", description = "Echoes its parameters", version = "1.0.0")
public class EchoService {
  /** The result: the parameters as received. */
  public record Echo(String text, int count) {}

  /** Returns {@code text} and {@code count}. */
  @JsonRpcMethod(description = "Returns its parameters", nonBlocking = true)
  public Echo echo(@Param(name = "text") String text, @Param(name = "count") int count) {
    return new Echo(text, count);
  }

  /** The caller's DID and how it was proved ({@code HTTP_SIGNATURE}, {@code BEARER_TOKEN}). */
  @JsonRpcMethod(description = "The authenticated caller", nonBlocking = true)
  public String caller(CallContext context) {
    var c = context.requireCaller();
    return c.did() + " " + c.scheme().name();
  }
}
