package org.anp.application.interfaces;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a plain Java class whose {@link JsonRpcMethod} methods form one JSON-RPC interface of an
 * agent; read by {@link InterfaceDefinition#fromAnnotated(Object)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface JsonRpcInterface {
  /** The interface name (the OpenRPC {@code info.title}); default the class's simple name. */
  String name() default "";

  /** What the interface offers. */
  String description() default "";

  /** The interface version. */
  String version() default "1.0.0";
}
