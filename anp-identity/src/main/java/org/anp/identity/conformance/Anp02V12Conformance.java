package org.anp.identity.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.anp.identity.internal.conformance.Anp02Runner;

/**
 * Runs the official ANP-02 1.2 vector files (upstream {@code examples/did-authentication-vnext/}:
 * {@code identities.json}, {@code byte-vectors.json}, {@code scenario-vectors.json}) against this
 * library: every byte vector, and the authentication, json-carriage, token and method-evidence
 * scenarios. Each case is passed, failed (with the disagreement) or not applicable (with the
 * reason: P5 message encryption, an unbound transport, a token policy this library does not have;
 * decision 0026). Requests are verified by {@link org.anp.identity.auth.DidAuthenticationGate}
 * with documents served from the identities file, at the files' fixed clock; nothing touches the
 * network.
 *
 * <p>Immutable; each run builds its own state.
 */
public final class Anp02V12Conformance {

  /** How a case ended. */
  public enum Verdict {
    /** This library agreed with the file. */
    PASSED,
    /** This library disagreed; the reason says how. */
    FAILED,
    /** The case needs something this library does not offer; the reason says what. */
    NOT_APPLICABLE
  }

  /**
   * One case's outcome.
   *
   * @param id the case id of the file
   * @param verdict how it ended
   * @param reason empty for a pass, else why
   */
  public record CaseOutcome(String id, Verdict verdict, String reason) {
    /** Checks the parts. */
    public CaseOutcome {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private final Anp02Runner runner;

  private Anp02V12Conformance(JsonNode identities, JsonNode bytes, JsonNode scenarios) {
    this.runner = new Anp02Runner(identities, bytes, scenarios);
  }

  /**
   * The three files; a file not at hand may be {@code null}, and the cases that need it then fail
   * naming it.
   */
  public static Anp02V12Conformance of(JsonNode identities, JsonNode byteVectors, JsonNode scenarios) {
    return new Anp02V12Conformance(orMissing(identities), orMissing(byteVectors), orMissing(scenarios));
  }

  /** Whether {@code root} looks like {@code identities.json}. */
  public static boolean isIdentities(JsonNode root) {
    return root != null && root.path("identities").isObject() && root.has("test_key_derivation");
  }

  /** Whether {@code root} looks like {@code byte-vectors.json}. */
  public static boolean isByteVectors(JsonNode root) {
    return root != null && root.path("positives").isArray() && root.path("negatives").isArray();
  }

  /** Whether {@code root} looks like {@code scenario-vectors.json}. */
  public static boolean isScenarios(JsonNode root) {
    return root != null && root.path("scenarios").isArray() && root.has("fixture_capabilities");
  }

  /** Every positive and negative byte vector, in file order. */
  public List<CaseOutcome> runByteVectors() {
    return collect(runner::runByteVectors);
  }

  /** The authentication, json-carriage, token and method-evidence scenarios, in file order. */
  public List<CaseOutcome> runScenarios() {
    return collect(runner::runScenarios);
  }

  /**
   * One case per identity: its document is served and resolved by this library's DID method
   * (did:wba documents with their proof and {@code e1_} binding; did:web without).
   */
  public List<CaseOutcome> runIdentities() {
    return collect(runner::runIdentities);
  }

  private static List<CaseOutcome> collect(Consumer<Anp02Runner.Sink> run) {
    List<CaseOutcome> out = new ArrayList<>();
    run.accept((id, verdict, reason) -> out.add(new CaseOutcome(id, Verdict.valueOf(verdict), reason)));
    return List.copyOf(out);
  }

  private static JsonNode orMissing(JsonNode node) {
    return node == null ? MissingNode.getInstance() : node;
  }
}
