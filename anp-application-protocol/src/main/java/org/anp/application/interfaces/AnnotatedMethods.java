package org.anp.application.interfaces;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Reads the {@link JsonRpcMethod} methods of an object into bindings. */
final class AnnotatedMethods {
  private AnnotatedMethods() {}

  static List<MethodBinding> of(Object target) {
    Class<?> type = target.getClass();
    List<Method> methods = new ArrayList<>();
    for (Method m : type.getDeclaredMethods()) {
      if (m.isAnnotationPresent(JsonRpcMethod.class)) {
        methods.add(m);
      }
    }
    if (methods.isEmpty()) {
      throw MethodBinding.definitionError(type.getName() + ": no @JsonRpcMethod methods");
    }
    methods.sort(Comparator.comparing(Method::getName));
    List<MethodBinding> out = new ArrayList<>();
    for (Method m : methods) {
      out.add(bind(target, m));
    }
    return out;
  }

  private static MethodBinding bind(Object target, Method m) {
    String where = m.getDeclaringClass().getSimpleName() + "." + m.getName();
    if (Modifier.isStatic(m.getModifiers())) {
      throw MethodBinding.definitionError(where + ": static methods cannot be JSON-RPC methods");
    }
    JsonRpcMethod annotation = m.getAnnotation(JsonRpcMethod.class);
    String name = annotation.name().isEmpty() ? m.getName() : annotation.name();
    Parameter[] parameters = m.getParameters();
    List<MethodBinding.BoundParam> params = new ArrayList<>();
    int contextIndex = -1;
    for (int i = 0; i < parameters.length; i++) {
      Parameter p = parameters[i];
      if (p.getType() == CallContext.class) {
        if (contextIndex >= 0) {
          throw MethodBinding.definitionError(where + ": more than one CallContext parameter");
        }
        contextIndex = i;
        continue;
      }
      Param described = p.getAnnotation(Param.class);
      String paramName = described != null && !described.name().isEmpty() ? described.name() : null;
      if (paramName == null) {
        if (!p.isNamePresent()) {
          throw MethodBinding.definitionError(
              where + ": parameter " + i + " has no name; compile with -parameters or use @Param(name=...)");
        }
        paramName = p.getName();
      }
      params.add(
          new MethodBinding.BoundParam(
              paramName, described == null ? "" : described.description(), p.getParameterizedType()));
    }
    m.setAccessible(true);
    final int ctx = contextIndex;
    final int total = parameters.length;
    MethodBinding.Target run =
        (args, context) -> {
          Object[] all = new Object[total];
          int next = 0;
          for (int i = 0; i < total; i++) {
            all[i] = i == ctx ? context : args[next++];
          }
          try {
            return m.invoke(target, all);
          } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
              throw ex;
            }
            throw e;
          }
        };
    return new MethodBinding(name, annotation.description(), params, m.getGenericReturnType(), run,
        annotation.nonBlocking());
  }

  static List<MethodBinding.BoundParam> recordParams(Class<? extends Record> paramsType) {
    return Arrays.stream(paramsType.getRecordComponents())
        .map(
            rc -> {
              Param described = rc.getAnnotation(Param.class);
              String name = described != null && !described.name().isEmpty() ? described.name() : rc.getName();
              return new MethodBinding.BoundParam(
                  name, described == null ? "" : described.description(), rc.getGenericType());
            })
        .toList();
  }
}
