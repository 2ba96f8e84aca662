package org.anp.cli.conformance;

import java.util.List;

/** The suites that {@code anp conformance} knows, in detection order. */
final class ConformanceSuites {

  private ConformanceSuites() {}

  /** Every known suite; the first whose {@code recognizes} is true handles a file. */
  static List<ConformanceSuite> all() {
    return List.of(new DidDocumentsSuite(), new E2eHandshakeSuite(), new E2eMessagesSuite(),
        new AuthHeadersSuite(), new HttpSignaturesSuite(), new AuthJsonSuite(), new AccessTokensSuite(),
        Anp02V12Suite.identities(), Anp02V12Suite.bytes(), Anp02V12Suite.scenarios());
  }
}
