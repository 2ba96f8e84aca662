package org.anp.application.interfaces;

/**
 * A JSON-RPC method given to {@link InterfaceDefinition.Builder#method} without annotations: it
 * takes its params as one record (one component per JSON-RPC param) and the call's context.
 *
 * @param <P> the params record
 * @param <R> the result type
 */
@FunctionalInterface
public interface JsonRpcFunction<P extends Record, R> {
  /** Runs the method. */
  R apply(P params, CallContext context);
}
