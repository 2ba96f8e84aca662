package org.anp.identity.internal.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.anp.identity.did.Did;
import org.anp.identity.internal.conformance.Anp02Checks.CaseFailure;
import org.anp.identity.internal.conformance.Anp02Checks.NotApplicable;

/** Runs the ANP-02 1.2 cases and reports each to a {@link Sink}. Immutable. */
public final class Anp02Runner {

  /** Receives one case's outcome: verdict {@code PASSED}, {@code FAILED} or {@code NOT_APPLICABLE}. */
  @FunctionalInterface
  public interface Sink {
    /** One case ended. */
    void accept(String id, String verdict, String reason);
  }

  private final Anp02Fixtures fixtures;
  private final Anp02Library library = new Anp02Library();

  /** The three files (missing nodes for files not at hand). */
  public Anp02Runner(JsonNode identities, JsonNode bytes, JsonNode scenarios) {
    this.fixtures = new Anp02Fixtures(identities, bytes, scenarios);
  }

  /** Every byte vector, positives first. */
  public void runByteVectors(Sink sink) {
    Anp02ByteCases cases = new Anp02ByteCases(fixtures, library);
    for (JsonNode p : fixtures.bytesFile().path("positives")) {
      run(p.path("id").asText("?"), () -> cases.positive(p), sink);
    }
    for (JsonNode n : fixtures.bytesFile().path("negatives")) {
      run(n.path("id").asText("?"), () -> cases.negative(n), sink);
    }
  }

  /** The scenarios of {@link Anp02ScenarioCases#CATEGORIES}. */
  public void runScenarios(Sink sink) {
    Anp02ScenarioCases cases = new Anp02ScenarioCases(fixtures, library);
    for (JsonNode s : fixtures.scenarios(Anp02ScenarioCases.CATEGORIES)) {
      run(s.path("id").asText("?"), () -> cases.scenario(s), sink);
    }
  }

  /** One case per identity: served at its URL, resolved by this library's method. */
  public void runIdentities(Sink sink) {
    for (Map.Entry<String, JsonNode> e : fixtures.identitiesFile().path("identities").properties()) {
      run("IDENTITY-" + e.getKey(), () -> {
        Anp02Env env = new Anp02Env(fixtures, library, e.getKey());
        String did = e.getValue().path("did").asText();
        Anp02Checks.check(env.resolver().resolve(Did.parse(did)).join().id().toString().equals(did),
            "resolved another DID");
      }, sink);
    }
  }

  private static void run(String id, Runnable check, Sink sink) {
    try {
      check.run();
      sink.accept(id, "PASSED", "");
    } catch (NotApplicable e) {
      sink.accept(id, "NOT_APPLICABLE", e.getMessage());
    } catch (CaseFailure e) {
      sink.accept(id, "FAILED", e.getMessage());
    } catch (RuntimeException e) {
      // Malformed files surface as runtime exceptions of the JSON or key code: the case fails.
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
          ? e.getCause() : e;
      sink.accept(id, "FAILED", cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
  }
}
