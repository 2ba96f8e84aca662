package org.anp.meta.internal.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.anp.transport.p1.CoreRpcError;
import org.anp.transport.p1.RpcException;

/**
 * Strict reading and writing of the ANP-06 wire models, the way the SDK's models behave
 * (spec/anp-v1.2.md §2.2): no type coercion, explicit {@code null} read as absent and not written,
 * unknown members kept in order. Faults are {@link RpcException} {@code INVALID_PARAMS} (-32602)
 * naming the member's path.
 */
public final class Wire {
  private Wire() {}

  /** A reader of the object at {@code path}; fails unless {@code node} is an object. */
  public static Reader reader(JsonNode node, String path, Set<String> known) {
    if (node == null || !node.isObject()) {
      throw invalid(path + ": expected an object");
    }
    return new Reader((ObjectNode) node, path, known);
  }

  /** A fresh writer. */
  public static Writer writer() {
    return new Writer();
  }

  /** The fault for {@code message}. */
  public static RpcException invalid(String message) {
    return new RpcException(CoreRpcError.INVALID_PARAMS, message);
  }

  /** Reads one object's declared members. */
  public static final class Reader {
    private final ObjectNode node;
    private final String path;
    private final Set<String> known;

    private Reader(ObjectNode node, String path, Set<String> known) {
      this.node = node;
      this.path = path;
      this.known = known;
    }

    private Optional<JsonNode> value(String name) {
      JsonNode v = node.get(name);
      return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    /** Whether the member is present and not null. */
    public boolean has(String name) {
      return value(name).isPresent();
    }

    /** A string member. */
    public Optional<String> string(String name) {
      return value(name).map(v -> {
        if (!v.isTextual()) {
          throw invalid(path + "." + name + ": expected a string");
        }
        return v.textValue();
      });
    }

    /** A boolean member. */
    public Optional<Boolean> bool(String name) {
      return value(name).map(v -> {
        if (!v.isBoolean()) {
          throw invalid(path + "." + name + ": expected true or false");
        }
        return v.booleanValue();
      });
    }

    /** An integer member, at least 0 and at most {@code Long.MAX_VALUE}. */
    public Optional<Long> nonNegative(String name) {
      return value(name).map(v -> {
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
          throw invalid(path + "." + name + ": expected an integer >= 0");
        }
        return v.longValue();
      });
    }

    /** An array-of-strings member. */
    public Optional<List<String>> strings(String name) {
      return value(name).map(v -> {
        if (!v.isArray()) {
          throw invalid(path + "." + name + ": expected an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
          if (!item.isTextual()) {
            throw invalid(path + "." + name + ": expected an array of strings");
          }
          out.add(item.textValue());
        }
        return List.copyOf(out);
      });
    }

    /** An object member (a copy). */
    public Optional<ObjectNode> object(String name) {
      return value(name).map(v -> {
        if (!v.isObject()) {
          throw invalid(path + "." + name + ": expected an object");
        }
        return ((ObjectNode) v).deepCopy();
      });
    }

    /** A member as raw JSON (a copy). */
    public Optional<JsonNode> raw(String name) {
      return value(name).map(JsonNode::deepCopy);
    }

    /** The path of a member, for nested readers and messages. */
    public String path(String name) {
      return path + "." + name;
    }

    /** The members not declared, in order (copies). */
    public ObjectNode extensions() {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!known.contains(e.getKey())) {
          out.set(e.getKey(), e.getValue().deepCopy());
        }
      }
      return out;
    }
  }

  /** Writes one object's members; absent optionals are not written. */
  public static final class Writer {
    private final ObjectNode out = JsonNodeFactory.instance.objectNode();

    private Writer() {}

    /** A string member. */
    public Writer put(String name, Optional<String> value) {
      value.ifPresent(v -> out.put(name, v));
      return this;
    }

    /** A boolean member. */
    public Writer putBool(String name, Optional<Boolean> value) {
      value.ifPresent(v -> out.put(name, v));
      return this;
    }

    /** An integer member, written as the parser reads it back (an int node when it fits). */
    public Writer putLong(String name, Optional<Long> value) {
      value.ifPresent(v -> {
        if (v == v.intValue()) {
          out.put(name, v.intValue());
        } else {
          out.put(name, v.longValue());
        }
      });
      return this;
    }

    /** An array-of-strings member. */
    public Writer putStrings(String name, Optional<List<String>> value) {
      value.ifPresent(v -> v.forEach(out.putArray(name)::add));
      return this;
    }

    /** A JSON member (copied). */
    public Writer putJson(String name, Optional<? extends JsonNode> value) {
      value.ifPresent(v -> out.set(name, v.deepCopy()));
      return this;
    }

    /** Every member of {@code extensions} (copied), after the declared ones. */
    public Writer extensions(ObjectNode extensions) {
      extensions.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue().deepCopy()));
      return this;
    }

    /** The object. */
    public ObjectNode build() {
      return out;
    }
  }
}
