package org.anp.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * One conformance file format: recognizes files of that format, checks every case in them, and
 * writes a file of the same format from this implementation.
 *
 * <p>Implementations are stateless and thread-safe. {@link #run} reports every problem of a case
 * as a failed {@link CaseResult}; it throws only for a programming error, which the command then
 * reports as one failed case of the file.
 */
public interface ConformanceSuite {

  /** The suite's name, as given to {@code anp conformance --emit NAME DIR}; lower-case, stable. */
  String name();

  /**
   * Whether {@code root} has this suite's structure (its characteristic top-level fields). Must
   * not throw, whatever the JSON.
   */
  boolean recognizes(JsonNode root);

  /**
   * What makes a recognized file unusable as a whole (a member the suite reads is missing or of
   * the wrong JSON type), naming the member's path; empty for a well-formed file. The command
   * reports a malformed file as one failure and runs none of its cases. The default finds none.
   */
  default Optional<String> malformation(JsonNode root) {
    return Optional.empty();
  }

  /** Checks every case of a recognized file, in file order; returns one result per case. */
  List<CaseResult> run(JsonNode root);

  /**
   * As {@link #run(JsonNode)}, for a file that may refer to {@code companions} (other vector files
   * it names data from). The default ignores them.
   */
  default List<CaseResult> run(JsonNode root, Companions companions) {
    return run(root);
  }

  /** The file name written by {@code --emit} (a plain name, no directory). */
  String emitFileName();

  /**
   * Builds a file of this format from this implementation (fresh keys from {@code random}, times
   * from {@code clock}) that {@link #run} accepts.
   */
  JsonNode emit(SecureRandom random, Clock clock);

  /**
   * As {@link #emit(SecureRandom, Clock)}, within one emission run whose suites may share what
   * they describe (the command writes a family of files from one context). The default ignores
   * the sharing.
   */
  default JsonNode emit(EmitContext context) {
    return emit(context.random(), context.clock());
  }
}
