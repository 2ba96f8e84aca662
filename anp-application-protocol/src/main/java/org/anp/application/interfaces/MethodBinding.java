package org.anp.application.interfaces;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.internal.interfaces.JsonValues;
import org.anp.application.internal.interfaces.TypeSchemas;

/**
 * A JSON-RPC method bound to Java code: its params (name and Java type, in positional order), its
 * result type, and how to run it with converted arguments.
 */
final class MethodBinding {
  /** Runs the Java code with the converted params, in positional order. */
  interface Target {
    Object run(Object[] args, CallContext context) throws Exception;
  }

  record BoundParam(String name, String description, Type type) {}

  private final String name;
  private final String description;
  private final List<BoundParam> params;
  private final Target target;
  private final MethodDefinition definition;
  private final boolean nonBlocking;

  MethodBinding(String name, String description, List<BoundParam> params, Type resultType, Target target) {
    this(name, description, params, resultType, target, false);
  }

  MethodBinding(String name, String description, List<BoundParam> params, Type resultType, Target target,
      boolean nonBlocking) {
    if (name.isEmpty()) {
      throw definitionError("method name: empty");
    }
    Set<String> names = new HashSet<>();
    List<ParamDefinition> described = new ArrayList<>();
    for (BoundParam p : params) {
      if (!names.add(p.name())) {
        throw definitionError(name + ": two params named " + p.name());
      }
      described.add(
          new ParamDefinition(
              p.name(),
              p.description(),
              !TypeSchemas.isOptional(p.type()),
              TypeSchemas.of(p.type(), name + "(" + p.name() + ")")));
    }
    this.name = name;
    this.description = description;
    this.params = List.copyOf(params);
    this.target = target;
    this.nonBlocking = nonBlocking;
    this.definition =
        new MethodDefinition(name, description, described, TypeSchemas.of(resultType, name + " result"));
  }

  String name() {
    return name;
  }

  MethodDefinition definition() {
    return definition;
  }

  /** Whether the method was declared never to block ({@link JsonRpcMethod#nonBlocking()}). */
  boolean nonBlocking() {
    return nonBlocking;
  }

  /**
   * Converts {@code params} (absent, an array or an object) and runs the method.
   *
   * @throws ApplicationException {@code INVALID_PARAMS} for params that do not fit; what the
   *     method throws otherwise, wrapped as {@code INTERNAL_ERROR} unless it is an {@link
   *     ApplicationException}
   */
  JsonNode invoke(JsonNode params, CallContext context) {
    Object[] args = new Object[this.params.size()];
    if (params == null || params.isArray()) {
      int given = params == null ? 0 : params.size();
      if (given > args.length) {
        throw invalidParams(name + ": " + given + " params given, at most " + args.length + " taken");
      }
      for (int i = 0; i < args.length; i++) {
        BoundParam p = this.params.get(i);
        args[i] = JsonValues.fromJson(i < given ? params.get(i) : null, p.type(), p.name());
      }
    } else if (params.isObject()) {
      Set<String> known = new HashSet<>();
      for (int i = 0; i < args.length; i++) {
        BoundParam p = this.params.get(i);
        known.add(p.name());
        args[i] = JsonValues.fromJson(params.get(p.name()), p.type(), p.name());
      }
      Iterator<String> it = params.fieldNames();
      while (it.hasNext()) {
        String given = it.next();
        if (!known.contains(given)) {
          throw invalidParams(given + ": no such param of " + name);
        }
      }
    } else {
      throw new ApplicationException(ApplicationError.INVALID_REQUEST, "params: expected an array or an object");
    }
    Object result;
    try {
      result = target.run(args, context);
    } catch (ApplicationException e) {
      throw e;
    } catch (Exception e) {
      throw new ApplicationException(ApplicationError.INTERNAL_ERROR, name + ": the method failed", e);
    }
    return JsonValues.toJson(result);
  }

  static ApplicationException definitionError(String message) {
    return new ApplicationException(ApplicationError.INVALID_AGENT_DEFINITION, message);
  }

  private static ApplicationException invalidParams(String message) {
    return new ApplicationException(ApplicationError.INVALID_PARAMS, message);
  }
}
