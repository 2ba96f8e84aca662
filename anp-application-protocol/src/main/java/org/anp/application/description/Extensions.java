package org.anp.application.description;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The members of a JSON object that the model does not know, kept in the order received so that a
 * description written back still carries them (the agent description is an open vocabulary).
 *
 * <p>Immutable and thread-safe: values are copied in and copied out.
 */
public final class Extensions {
  private static final Extensions EMPTY = new Extensions(JsonNodeFactory.instance.objectNode());

  private final ObjectNode members;

  private Extensions(ObjectNode members) {
    this.members = members;
  }

  /** No members. */
  public static Extensions empty() {
    return EMPTY;
  }

  /** The members of {@code object}, copied. */
  public static Extensions of(ObjectNode object) {
    Objects.requireNonNull(object, "object");
    return object.isEmpty() ? EMPTY : new Extensions(object.deepCopy());
  }

  /** The member names, in the order received. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    members.fieldNames().forEachRemaining(names::add);
    return List.copyOf(names);
  }

  /** A copy of the member called {@code name}. */
  public Optional<JsonNode> get(String name) {
    JsonNode value = members.get(name);
    return value == null ? Optional.empty() : Optional.of(value.deepCopy());
  }

  /** Whether there are no members. */
  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** A copy of all members as one object. */
  public ObjectNode toJson() {
    return members.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Extensions other && members.equals(other.members);
  }

  @Override
  public int hashCode() {
    return members.hashCode();
  }

  @Override
  public String toString() {
    return "Extensions" + names();
  }
}
