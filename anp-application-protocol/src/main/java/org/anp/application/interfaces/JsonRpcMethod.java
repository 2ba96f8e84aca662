package org.anp.application.interfaces;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an instance method of a {@link JsonRpcInterface} class as a JSON-RPC method. Its
 * parameters are the JSON-RPC params, by name (the Java parameter names, kept with {@code
 * -parameters}, or {@link Param#name()}) and by position; a {@link CallContext} parameter is not a
 * JSON-RPC param but receives the caller. Parameter and return types: primitives and their boxes,
 * {@code String}, enums, records, {@code List}, {@code Set}, {@code Map<String, V>}, {@code
 * Optional} (an {@code Optional} parameter may be omitted).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface JsonRpcMethod {
  /** The JSON-RPC method name; default the Java method name. */
  String name() default "";

  /** What the method does. */
  String description() default "";

  /**
   * Whether the method never blocks (no I/O, no locks held for long, no waiting): such a method
   * may run on the HTTP server's I/O thread, which saves two thread hand-offs per call when every
   * method of the agent is non-blocking ({@code AgentEndpoints}). Default {@code false}: the
   * method runs on the server's worker threads. Marking a blocking method stalls every
   * connection of that I/O thread while it runs.
   */
  boolean nonBlocking() default false;
}
