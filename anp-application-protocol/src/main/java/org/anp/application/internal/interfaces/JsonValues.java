package org.anp.application.internal.interfaces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;

/**
 * Converts between JSON and the Java types of {@link JavaTypes}, strictly: no coercion between
 * JSON types, integers within the range of their Java type, enum constants by exact name, records
 * with exactly their components (absent or {@code null} only for {@code Optional} ones). Every
 * failure is {@code INVALID_PARAMS} naming the JSON path.
 */
public final class JsonValues {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsonValues() {}

  /** The Java value of {@code json} as {@code type}; {@code json} may be {@code null} (absent). */
  public static Object fromJson(JsonNode json, Type type, String path) {
    JavaTypes.Kind kind = JavaTypes.kind(type, path);
    if (kind == JavaTypes.Kind.OPTIONAL) {
      return json == null || json.isNull()
          ? Optional.empty()
          : Optional.of(fromJson(json, JavaTypes.element(type), path));
    }
    if (json == null) {
      throw invalid(path + ": missing");
    }
    if (json.isNull()) {
      if (kind == JavaTypes.Kind.VOID) {
        return null;
      }
      throw invalid(path + ": null");
    }
    return switch (kind) {
      case BOOLEAN -> {
        require(json.isBoolean(), path, "true or false");
        yield json.booleanValue();
      }
      case INTEGER -> integer(json, (Class<?>) type, path);
      case NUMBER -> number(json, (Class<?>) type, path);
      case STRING -> {
        require(json.isTextual(), path, "a string");
        yield json.textValue();
      }
      case CHAR -> {
        require(json.isTextual() && json.textValue().length() == 1, path, "a one-character string");
        yield json.textValue().charAt(0);
      }
      case ENUM -> enumConstant(json, (Class<?>) type, path);
      case RECORD -> record(json, (Class<?>) type, path);
      case LIST -> {
        require(json.isArray(), path, "an array");
        List<Object> out = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
          out.add(fromJson(json.get(i), JavaTypes.element(type), path + "[" + i + "]"));
        }
        yield Collections.unmodifiableList(out);
      }
      case SET -> {
        require(json.isArray(), path, "an array");
        Set<Object> out = new LinkedHashSet<>();
        for (int i = 0; i < json.size(); i++) {
          if (!out.add(fromJson(json.get(i), JavaTypes.element(type), path + "[" + i + "]"))) {
            throw invalid(path + "[" + i + "]: duplicate item");
          }
        }
        yield Collections.unmodifiableSet(out);
      }
      case MAP -> {
        require(json.isObject(), path, "an object");
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
          out.put(e.getKey(), fromJson(e.getValue(), JavaTypes.element(type), path + "." + e.getKey()));
        }
        yield Collections.unmodifiableMap(out);
      }
      case VOID -> throw invalid(path + ": expected null");
      case OPTIONAL -> throw new IllegalStateException("handled above");
    };
  }

  private static Object integer(JsonNode json, Class<?> c, String path) {
    require(json.isIntegralNumber(), path, "an integer");
    if (c == BigInteger.class) {
      return json.bigIntegerValue();
    }
    BigInteger v = json.bigIntegerValue();
    long min;
    long max;
    if (c == int.class || c == Integer.class) {
      min = Integer.MIN_VALUE;
      max = Integer.MAX_VALUE;
    } else if (c == short.class || c == Short.class) {
      min = Short.MIN_VALUE;
      max = Short.MAX_VALUE;
    } else if (c == byte.class || c == Byte.class) {
      min = Byte.MIN_VALUE;
      max = Byte.MAX_VALUE;
    } else {
      min = Long.MIN_VALUE;
      max = Long.MAX_VALUE;
    }
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw invalid(path + ": out of range [" + min + ", " + max + "]");
    }
    long l = v.longValue();
    if (c == int.class || c == Integer.class) {
      return (int) l;
    }
    if (c == short.class || c == Short.class) {
      return (short) l;
    }
    if (c == byte.class || c == Byte.class) {
      return (byte) l;
    }
    return l;
  }

  private static Object number(JsonNode json, Class<?> c, String path) {
    require(json.isNumber(), path, "a number");
    if (c == BigDecimal.class) {
      return json.decimalValue();
    }
    double d = json.doubleValue();
    if (Double.isInfinite(d)) {
      throw invalid(path + ": out of range");
    }
    if (c == float.class || c == Float.class) {
      if (Math.abs(d) > Float.MAX_VALUE) {
        throw invalid(path + ": out of range");
      }
      return (float) d;
    }
    return d;
  }

  private static Object enumConstant(JsonNode json, Class<?> c, String path) {
    require(json.isTextual(), path, "a string");
    for (Object constant : c.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(json.textValue())) {
        return constant;
      }
    }
    throw invalid(path + ": not one of the values of " + c.getSimpleName());
  }

  private static Object record(JsonNode json, Class<?> c, String path) {
    require(json.isObject(), path, "an object");
    RecordComponent[] components = c.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    Set<String> known = new LinkedHashSet<>();
    for (int i = 0; i < components.length; i++) {
      RecordComponent rc = components[i];
      known.add(rc.getName());
      types[i] = rc.getType();
      args[i] = fromJson(json.get(rc.getName()), rc.getGenericType(), path + "." + rc.getName());
    }
    Iterator<String> names = json.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw invalid(path + "." + name + ": unknown member");
      }
    }
    try {
      Constructor<?> constructor = c.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
        throw new ApplicationException(
            ApplicationError.INVALID_PARAMS,
            path + ": refused by " + c.getSimpleName() + ": " + cause.getMessage(),
            cause);
      }
      throw new ApplicationException(
          ApplicationError.INTERNAL_ERROR, path + ": constructing " + c.getSimpleName() + " failed", cause);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ApplicationException(
          ApplicationError.INTERNAL_ERROR, path + ": cannot construct " + c.getSimpleName(), e);
    }
  }

  /** The JSON of a value returned by a method (records by component, enums by name). */
  public static JsonNode toJson(Object value) {
    if (value == null) {
      return F.nullNode();
    }
    if (value instanceof Optional<?> o) {
      return o.isPresent() ? toJson(o.get()) : F.nullNode();
    }
    if (value instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return F.numberNode(((Number) value).intValue());
    }
    if (value instanceof Long l) {
      return F.numberNode(l);
    }
    if (value instanceof BigInteger b) {
      return F.numberNode(b);
    }
    if (value instanceof BigDecimal b) {
      return F.numberNode(b);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new ApplicationException(ApplicationError.INTERNAL_ERROR, "result: a non-finite number");
      }
      return value instanceof Float f ? F.numberNode(f) : F.numberNode(d);
    }
    if (value instanceof String || value instanceof Character) {
      return F.textNode(value.toString());
    }
    if (value instanceof Enum<?> e) {
      return F.textNode(e.name());
    }
    if (value instanceof Collection<?> c) {
      ArrayNode array = F.arrayNode();
      c.forEach(item -> array.add(toJson(item)));
      return array;
    }
    if (value instanceof Map<?, ?> m) {
      ObjectNode object = F.objectNode();
      m.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
      return object;
    }
    if (value instanceof Record r) {
      return record(r);
    }
    throw new ApplicationException(
        ApplicationError.INTERNAL_ERROR, "result: unsupported type " + value.getClass().getName());
  }

  private static ObjectNode record(Record r) {
    ObjectNode object = F.objectNode();
    for (RecordComponent rc : r.getClass().getRecordComponents()) {
      Object v;
      try {
        var accessor = rc.getAccessor();
        accessor.setAccessible(true);
        v = accessor.invoke(r);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new ApplicationException(
            ApplicationError.INTERNAL_ERROR, "result: cannot read " + rc.getName(), e);
      }
      if (v instanceof Optional<?> o && o.isEmpty()) {
        continue;
      }
      object.set(rc.getName(), toJson(v));
    }
    return object;
  }

  private static void require(boolean ok, String path, String expected) {
    if (!ok) {
      throw invalid(path + ": expected " + expected);
    }
  }

  static ApplicationException invalid(String message) {
    return new ApplicationException(ApplicationError.INVALID_PARAMS, message);
  }
}
