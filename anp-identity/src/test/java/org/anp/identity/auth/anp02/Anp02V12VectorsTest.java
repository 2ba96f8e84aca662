package org.anp.identity.auth.anp02;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.anp.identity.internal.didweb.DidWebMethod;
import org.anp.identity.internal.wba.DidWbaMethod;
import org.junit.jupiter.api.Test;

/**
 * Every case of the official ANP-02 1.2 byte vectors and the authentication, json-carriage, token
 * and method-evidence scenarios, run against this library.
 */
class Anp02V12VectorsTest {

  @Test
  void everyCaseRuns() {
    Anp02Vectors vectors = Anp02Vectors.load();
    List<Anp02Driver.Result> results =
        new Anp02Driver(vectors, new LibrarySubject(), List.of(new DidWbaMethod(), new DidWebMethod())).runAll();
    Map<Anp02Driver.Verdict, Integer> counts = Anp02Driver.counts(results);
    results.forEach(r -> System.out.println(r.verdict() + " " + r.id() + " " + r.reason()));
    System.out.println("ANP-02 1.2: " + counts);
    assertThat(results).hasSize(112 + 74);
  }
}
