package org.anp.application.internal.description;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.description.Extensions;

/**
 * Reads the members of one JSON object strictly, remembering which ones it consumed so that the
 * rest become {@link Extensions}. Errors name the member by its path.
 */
final class Members {
  private final ObjectNode object;
  private final String path;
  private final Set<String> consumed = new HashSet<>();

  Members(ObjectNode object, String path) {
    this.object = object;
    this.path = path;
  }

  static Members of(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw invalid(path + ": expected an object");
    }
    return new Members((ObjectNode) node, path);
  }

  String path(String member) {
    return path.isEmpty() ? member : path + "." + member;
  }

  /** The first of the given spellings that is present; two present spellings are an error. */
  Optional<String> spelling(String... names) {
    String found = null;
    for (String n : names) {
      if (object.has(n)) {
        if (found != null) {
          throw invalid(path(found) + ": also written as " + n);
        }
        found = n;
      }
    }
    return Optional.ofNullable(found);
  }

  Optional<JsonNode> node(String... names) {
    Optional<String> name = spelling(names);
    name.ifPresent(consumed::add);
    return name.map(object::get);
  }

  Optional<String> string(String... names) {
    Optional<String> name = spelling(names);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    consumed.add(name.get());
    JsonNode value = object.get(name.get());
    if (!value.isTextual()) {
      throw invalid(path(name.get()) + ": expected a string");
    }
    return Optional.of(value.textValue());
  }

  String requiredString(String... names) {
    return string(names).orElseThrow(() -> invalid(path(names[0]) + ": missing"));
  }

  Optional<Boolean> bool(String name) {
    if (!object.has(name)) {
      return Optional.empty();
    }
    consumed.add(name);
    JsonNode value = object.get(name);
    if (!value.isBoolean()) {
      throw invalid(path(name) + ": expected true or false");
    }
    return Optional.of(value.booleanValue());
  }

  Optional<String> dateTime(String name) {
    Optional<String> value = string(name);
    value.ifPresent(
        v -> {
          try {
            DateTimes.parse(v);
          } catch (DateTimeParseException e) {
            throw invalid(path(name) + ": not an ISO 8601 date-time with offset");
          }
        });
    return value;
  }

  /** The members not consumed so far, in the order received. */
  Extensions rest() {
    ObjectNode rest = object.objectNode();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      if (!consumed.contains(e.getKey())) {
        rest.set(e.getKey(), e.getValue());
      }
    }
    return Extensions.of(rest);
  }

  static ApplicationException invalid(String message) {
    return new ApplicationException(ApplicationError.INVALID_DESCRIPTION, message);
  }
}
