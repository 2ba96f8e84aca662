package org.anp.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CaseResultTest {

  @Test
  void passedCaseMayHaveAnEmptyReason() {
    CaseResult result = new CaseResult("a/valid/proof", true, "");

    assertThat(result.id()).isEqualTo("a/valid/proof");
    assertThat(result.passed()).isTrue();
    assertThat(result.reason()).isEmpty();
  }

  @Test
  void failedCaseNeedsAReason() {
    assertThatThrownBy(() -> new CaseResult("a", false, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a");
  }

  @Test
  void notApplicableCaseNeedsAReasonAndIsNeitherPassedNorFailed() {
    CaseResult result = CaseResult.notApplicable("P5-AEAD-1", "no P5 encryption");

    assertThat(result.outcome()).isEqualTo(CaseResult.Outcome.NOT_APPLICABLE);
    assertThat(result.passed()).isFalse();
    assertThat(result.failed()).isFalse();
    assertThatThrownBy(() -> CaseResult.notApplicable("P5-AEAD-1", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not_applicable case P5-AEAD-1");
  }

  @Test
  void idMustNotBeBlank() {
    assertThatThrownBy(() -> new CaseResult("", true, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id");
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> new CaseResult(null, true, ""))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new CaseResult("a", true, null))
        .isInstanceOf(NullPointerException.class);
  }
}
