package org.anp.meta.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.anp.meta.internal.selection.Wire;

/**
 * {@code result.execution} of {@code anp.negotiate} (ANP-06 §8, §8.4): how to run the business
 * call. {@code requiresHumanAuthorization} means the business flow must still obtain approval;
 * {@code timeoutMs} is an integer of at least 0. Unknown members are kept.
 *
 * @param mode {@code mode}, e.g. {@code direct_structured_call}
 * @param requiresHumanAuthorization {@code requiresHumanAuthorization}
 * @param timeoutMs {@code timeoutMs}
 * @param extensions the other members
 */
public record ExecutionPlan(
    Optional<String> mode, Optional<Boolean> requiresHumanAuthorization, Optional<Long> timeoutMs, ObjectNode extensions) {
  private static final Set<String> KNOWN = Set.of("mode", "requiresHumanAuthorization", "timeoutMs");

  /** Copies the extensions; {@code timeoutMs} must be at least 0. */
  public ExecutionPlan {
    if (timeoutMs.isPresent() && timeoutMs.get() < 0) {
      throw new IllegalArgumentException("timeoutMs < 0");
    }
    extensions = extensions.deepCopy();
  }

  /** A plan from its three members. */
  public static ExecutionPlan of(String mode, boolean requiresHumanAuthorization, Optional<Long> timeoutMs) {
    return new ExecutionPlan(Optional.of(mode), Optional.of(requiresHumanAuthorization), timeoutMs,
        JsonNodeFactory.instance.objectNode());
  }

  @Override
  public ObjectNode extensions() {
    return extensions.deepCopy();
  }

  /** Reads {@code execution}; faults are {@code INVALID_PARAMS}. */
  public static ExecutionPlan parse(JsonNode node, String path) {
    Wire.Reader r = Wire.reader(node, path, KNOWN);
    return new ExecutionPlan(r.string("mode"), r.bool("requiresHumanAuthorization"), r.nonNegative("timeoutMs"), r.extensions());
  }

  /** The wire object. */
  public ObjectNode toJson() {
    return Wire.writer()
        .put("mode", mode)
        .putBool("requiresHumanAuthorization", requiresHumanAuthorization)
        .putLong("timeoutMs", timeoutMs)
        .extensions(extensions)
        .build();
  }
}
