package org.anp.application.interfaces;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names and describes one JSON-RPC parameter: a parameter of a {@link JsonRpcMethod} method, or
 * a component of the params record given to {@link InterfaceDefinition.Builder#method}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Param {
  /** The parameter name; default the Java name. */
  String name() default "";

  /** What the parameter means. */
  String description() default "";
}
