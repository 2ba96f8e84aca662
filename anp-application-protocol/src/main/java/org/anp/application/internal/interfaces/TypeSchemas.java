package org.anp.application.internal.interfaces;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Set;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;

/**
 * Derives the JSON Schema (draft 2020-12 vocabulary, as OpenRPC 1.3 embeds it) of a Java type.
 * Records become closed objects whose non-{@code Optional} components are required; {@code
 * Optional<T>} is the schema of {@code T} (the caller decides whether the member may be absent);
 * integer types carry their range. A record that contains itself is refused.
 */
public final class TypeSchemas {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private TypeSchemas() {}

  /** Whether a param of {@code type} may be omitted ({@code Optional}). */
  public static boolean isOptional(Type type) {
    return JavaTypes.isOptional(type);
  }

  /** The schema of {@code type}; {@code where} names it in errors. */
  public static ObjectNode of(Type type, String where) {
    return of(type, where, new HashSet<>());
  }

  private static ObjectNode of(Type type, String where, Set<Class<?>> open) {
    ObjectNode s = F.objectNode();
    switch (JavaTypes.kind(type, where)) {
      case BOOLEAN -> s.put("type", "boolean");
      case INTEGER -> integer(s, (Class<?>) type);
      case NUMBER -> s.put("type", "number");
      case STRING -> s.put("type", "string");
      case CHAR -> s.put("type", "string").put("minLength", 1).put("maxLength", 1);
      case VOID -> s.put("type", "null");
      case ENUM -> {
        s.put("type", "string");
        ArrayNode values = s.putArray("enum");
        for (Object constant : ((Class<?>) type).getEnumConstants()) {
          values.add(((Enum<?>) constant).name());
        }
      }
      case LIST, SET -> {
        s.put("type", "array");
        s.set("items", of(JavaTypes.element(type), where + "[]", open));
        if (JavaTypes.kind(type, where) == JavaTypes.Kind.SET) {
          s.put("uniqueItems", true);
        }
      }
      case MAP -> {
        s.put("type", "object");
        s.set("additionalProperties", of(JavaTypes.element(type), where + "{}", open));
      }
      case OPTIONAL -> {
        return of(JavaTypes.element(type), where, open);
      }
      case RECORD -> record(s, (Class<?>) type, where, open);
    }
    return s;
  }

  private static void integer(ObjectNode s, Class<?> c) {
    s.put("type", "integer");
    if (c == int.class || c == Integer.class) {
      s.put("minimum", Integer.MIN_VALUE).put("maximum", Integer.MAX_VALUE);
    } else if (c == long.class || c == Long.class) {
      s.put("minimum", Long.MIN_VALUE).put("maximum", Long.MAX_VALUE);
    } else if (c == short.class || c == Short.class) {
      s.put("minimum", Short.MIN_VALUE).put("maximum", Short.MAX_VALUE);
    } else if (c == byte.class || c == Byte.class) {
      s.put("minimum", Byte.MIN_VALUE).put("maximum", Byte.MAX_VALUE);
    }
  }

  private static void record(ObjectNode s, Class<?> c, String where, Set<Class<?>> open) {
    if (!open.add(c)) {
      throw new ApplicationException(
          ApplicationError.INVALID_AGENT_DEFINITION,
          where + ": record " + c.getSimpleName() + " contains itself");
    }
    s.put("type", "object");
    s.put("title", c.getSimpleName());
    ObjectNode properties = s.putObject("properties");
    ArrayNode required = F.arrayNode();
    for (RecordComponent rc : c.getRecordComponents()) {
      Type t = rc.getGenericType();
      properties.set(rc.getName(), of(t, where + "." + rc.getName(), open));
      if (!JavaTypes.isOptional(t)) {
        required.add(rc.getName());
      }
    }
    if (!required.isEmpty()) {
      s.set("required", required);
    }
    s.put("additionalProperties", false);
    open.remove(c);
  }
}
