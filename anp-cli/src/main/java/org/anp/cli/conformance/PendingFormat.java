package org.anp.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A vector-file format of the corpus that {@code anp conformance} knows but has no suite for yet:
 * its files are reported as skipped, with the reason, instead of failing as an unknown format.
 *
 * @param name the format's name, as the corpus folder calls it
 * @param recognizer whether a parsed file has this format's structure; must not throw
 * @param reason why its files are not checked, shown to the user
 */
record PendingFormat(String name, Predicate<JsonNode> recognizer, String reason) {

  PendingFormat {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(recognizer, "recognizer");
    Objects.requireNonNull(reason, "reason");
  }

  /** Whether {@code root} is a file of this format. */
  boolean recognizes(JsonNode root) {
    return root != null && root.isObject() && recognizer.test(root);
  }
}
