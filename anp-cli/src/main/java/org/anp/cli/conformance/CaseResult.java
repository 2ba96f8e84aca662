package org.anp.cli.conformance;

import java.util.Objects;

/**
 * The outcome of one case of a conformance file.
 *
 * @param id the case's identifier, as the file names it (for example {@code
 *     e1-root/valid/proof}); not blank
 * @param passed whether this implementation agreed with the expected verdict
 * @param reason why the case failed; not blank for a failed case, may be empty for a passed one
 */
public record CaseResult(String id, boolean passed, String reason) {

  public CaseResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id is blank");
    }
    if (!passed && reason.isBlank()) {
      throw new IllegalArgumentException("failed case " + id + " has no reason");
    }
  }
}
