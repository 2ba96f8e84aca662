package org.anp.meta.wire;

/**
 * {@code codeGeneration} (spec/meta-protocol.md §2.2): the sender's handler for the agreed
 * protocol is ready ({@code generated}), or could not be made ({@code error}, which ends the
 * communication). Immutable.
 *
 * @param generated {@code true} for {@code "generated"}, {@code false} for {@code "error"}
 */
public record CodeGeneration(boolean generated) implements MetaMessage {
  /** The {@code action} value. */
  public static final String ACTION = "codeGeneration";

  /** The {@code status} value of a success. */
  public static final String GENERATED = "generated";

  /** The {@code status} value of a failure. */
  public static final String ERROR = "error";

  @Override
  public String action() {
    return ACTION;
  }

  /** The {@code status} value as written in JSON. */
  public String status() {
    return generated ? GENERATED : ERROR;
  }
}
