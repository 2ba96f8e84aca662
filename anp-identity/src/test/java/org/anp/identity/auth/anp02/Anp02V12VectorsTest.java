package org.anp.identity.auth.anp02;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.anp.identity.internal.didweb.DidWebMethod;
import org.anp.identity.internal.wba.DidWbaMethod;
import org.junit.jupiter.api.Test;

/**
 * Every case of the official ANP-02 1.2 byte vectors (112) and the authentication, json-carriage,
 * token and method-evidence scenarios (74), run against this library. Before ANP 1.2 support the
 * library passed 92, failed 80 (14 not applicable); now every applicable case passes.
 */
class Anp02V12VectorsTest {

  @Test
  void everyApplicableCasePassesAndEveryOtherNamesItsReason() {
    List<Anp02Driver.Result> results = new Anp02Driver(Anp02Vectors.load(), new LibrarySubject(),
        List.of(new DidWbaMethod(), new DidWebMethod())).runAll();
    Map<Anp02Driver.Verdict, Integer> counts = Anp02Driver.counts(results);
    System.out.println("ANP-02 1.2 vectors: " + counts);

    assertThat(results).hasSize(112 + 74);
    assertThat(results).filteredOn(r -> r.verdict() == Anp02Driver.Verdict.FAILED).isEmpty();
    assertThat(results).filteredOn(r -> r.verdict() == Anp02Driver.Verdict.NOT_APPLICABLE)
        .allSatisfy(r -> assertThat(r.reason()).isNotBlank())
        .extracting(Anp02Driver.Result::id)
        .allMatch(id -> id.startsWith("P5-AEAD-") || id.endsWith("-UNBOUND-TRANSPORT")
            || id.endsWith("-AUDIENCE") || id.endsWith("-SCOPE"))
        .hasSize(12 + 2 + 4);
    assertThat(counts.get(Anp02Driver.Verdict.PASSED)).isEqualTo(168);
  }
}
