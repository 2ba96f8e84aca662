package org.anp.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionException;
import org.anp.identity.IdentityException;

/**
 * The checks the DID-authentication suites make of one case: run it into a {@link CaseResult},
 * read its expected verdict, compare it with ours. A check signals disagreement by throwing; the
 * message becomes the case's reason. Stateless.
 */
final class CaseChecks {

  private CaseChecks() {}

  /** One check of a case: returns normally when we agree with the file, throws why otherwise. */
  @FunctionalInterface
  interface Check {
    void run() throws Exception;
  }

  /** Runs one check; any exception becomes a failed case with its message. */
  static CaseResult check(String id, Check check) {
    try {
      check.run();
      return new CaseResult(id, true, "");
    } catch (Exception e) {
      return new CaseResult(id, false, reason(e));
    }
  }

  /**
   * Why a check failed, for the report. A {@link ClassCastException} means a member of the case
   * has another JSON type than the format's (a JVM message would only name Java classes).
   */
  static String reason(Exception e) {
    if (e instanceof ClassCastException) {
      return "malformed case: a member has the wrong JSON type";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * Whether {@code r} completes; an {@link IdentityException}, thrown or as the cause of a
   * {@link CompletionException}, means no. Other exceptions propagate.
   */
  static boolean succeeds(Runnable r) {
    try {
      r.run();
      return true;
    } catch (IdentityException e) {
      return false;
    } catch (CompletionException e) {
      if (e.getCause() instanceof IdentityException) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The expected verdict {@code valid}/{@code invalid}: {@code expected.<key>}, or a string
   * {@code expected}, or the {@code label} ({@code expected-valid}/{@code expected-invalid}).
   */
  static String verdict(JsonNode c, String key) {
    JsonNode expected = c.path("expected");
    if (expected.path(key).isTextual()) {
      return expected.path(key).textValue();
    }
    if (expected.isTextual()) {
      return expected.textValue();
    }
    String label = c.path("label").asText("");
    if (label.startsWith("expected-")) {
      return label.substring("expected-".length());
    }
    throw new IllegalStateException("expected." + key + ": missing");
  }

  /** Throws, naming {@code field}, unless our verdict {@code valid} is the {@code expected} one. */
  static void expect(String field, String expected, boolean valid) {
    String found = valid ? "valid" : "invalid";
    if (!expected.equals(found)) {
      throw new IllegalStateException(field + ": file says " + expected + ", found " + found);
    }
  }

  /** The string member {@code field} of {@code node}; throws naming it if missing or not a string. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (!v.isTextual()) {
      throw new IllegalStateException(field + ": missing or not a string");
    }
    return v.textValue();
  }
}
