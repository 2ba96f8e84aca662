package org.anp.cli.conformance;

import java.util.List;

/** The suites that {@code anp conformance} knows, in detection order. */
final class ConformanceSuites {

  private ConformanceSuites() {}

  /** Every known suite; the first whose {@code recognizes} is true handles a file. */
  static List<ConformanceSuite> all() {
    return List.of(new DidDocumentsSuite(), new E2eHandshakeSuite(), new E2eMessagesSuite(),
        new AuthHeadersSuite(), new HttpSignaturesSuite(), new AuthJsonSuite(), new AccessTokensSuite(),
        Anp02V12Suite.identities(), Anp02V12Suite.bytes(), Anp02V12Suite.scenarios(),
        new MetaProtocolSuite());
  }

  /**
   * Formats of the corpus without a suite yet, found after the suites: the reference SDK's
   * agent-description samples, and the generator's
   * JCS cross-check summary.
   */
  static List<PendingFormat> pending() {
    return List.of(
        new PendingFormat("agent-description",
            root -> root.properties().stream().anyMatch(e -> e.getKey().startsWith("fastanp.")
                || e.getKey().startsWith("openanp.")),
            "agent-description samples: no suite checks this format yet"),
        new PendingFormat("jcs-check", root -> root.has("canonicalizations"),
            "JCS cross-check summary: it records the generator's own checks and holds no case to run"));
  }
}
