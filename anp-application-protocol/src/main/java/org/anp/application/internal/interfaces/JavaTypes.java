package org.anp.application.internal.interfaces;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;

/**
 * The Java types a JSON-RPC method may take and return, and how to recognize them: primitives and
 * their boxes, {@link BigInteger}, {@link BigDecimal}, {@link String}, enums, records, {@code
 * List}, {@code Set}, {@code Collection}, {@code Map<String, V>} and {@code Optional}.
 */
final class JavaTypes {
  private JavaTypes() {}

  /** The kinds of supported type. */
  enum Kind {
    BOOLEAN, INTEGER, NUMBER, STRING, CHAR, ENUM, RECORD, LIST, SET, MAP, OPTIONAL, VOID
  }

  static Kind kind(Type type, String where) {
    if (type instanceof Class<?> c) {
      if (c == boolean.class || c == Boolean.class) {
        return Kind.BOOLEAN;
      }
      if (c == int.class || c == Integer.class || c == long.class || c == Long.class
          || c == short.class || c == Short.class || c == byte.class || c == Byte.class
          || c == BigInteger.class) {
        return Kind.INTEGER;
      }
      if (c == double.class || c == Double.class || c == float.class || c == Float.class
          || c == BigDecimal.class) {
        return Kind.NUMBER;
      }
      if (c == String.class) {
        return Kind.STRING;
      }
      if (c == char.class || c == Character.class) {
        return Kind.CHAR;
      }
      if (c == void.class || c == Void.class) {
        return Kind.VOID;
      }
      if (c.isEnum()) {
        return Kind.ENUM;
      }
      if (c.isRecord()) {
        return Kind.RECORD;
      }
    } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      if (raw == List.class || raw == Collection.class) {
        return Kind.LIST;
      }
      if (raw == Set.class) {
        return Kind.SET;
      }
      if (raw == Optional.class) {
        return Kind.OPTIONAL;
      }
      if (raw == Map.class) {
        if (p.getActualTypeArguments()[0] != String.class) {
          throw unsupported(type, where + ": map keys must be String");
        }
        return Kind.MAP;
      }
    }
    throw unsupported(type, where);
  }

  /** The single type argument of {@code List<T>}, {@code Optional<T>}; the value type of a map. */
  static Type element(Type type) {
    Type[] args = ((ParameterizedType) type).getActualTypeArguments();
    return args[args.length - 1];
  }

  static boolean isOptional(Type type) {
    return type instanceof ParameterizedType p && p.getRawType() == Optional.class;
  }

  static ApplicationException unsupported(Type type, String where) {
    return new ApplicationException(
        ApplicationError.INVALID_AGENT_DEFINITION,
        where + ": unsupported type " + type.getTypeName()
            + " (use primitives, String, enums, records, List, Set, Map<String, V> or Optional)");
  }
}
