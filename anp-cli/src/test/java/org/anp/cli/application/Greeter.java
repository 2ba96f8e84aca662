package org.anp.cli.application;

import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.interfaces.CallContext;
import org.anp.application.interfaces.JsonRpcInterface;
import org.anp.application.interfaces.JsonRpcMethod;
import org.anp.application.interfaces.Param;

/** Test provider: greets the authenticated caller and adds numbers. */
@JsonRpcInterface(name = "greeter", description = "Greetings and sums", version = "1.0.0")
public class Greeter {
  @JsonRpcMethod(description = "Greets the caller by DID")
  public String hello(CallContext context) {
    return "hello " + context.requireCaller().did();
  }

  @JsonRpcMethod(description = "The sum of two numbers that are not negative")
  public long add(@Param(description = "first") long a, @Param(description = "second") long b) {
    if (a < 0 || b < 0) {
      throw new ApplicationException(ApplicationError.INVALID_PARAMS, "a, b: must not be negative");
    }
    return a + b;
  }
}
