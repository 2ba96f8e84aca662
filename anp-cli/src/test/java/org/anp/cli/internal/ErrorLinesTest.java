package org.anp.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;

class ErrorLinesTest {

  @Test
  void theCodeIsPrintedOnceBeforeItsWireNameAndTheReason() {
    IdentityException e = new IdentityException(IdentityError.AUTH_SIGNATURE_INVALID, "signature: does not verify");

    assertThat(ErrorLines.of(e)).isEqualTo("AUTH_SIGNATURE_INVALID (invalid_signature): signature: does not verify");
    assertThat(ErrorLines.reason(e)).isEqualTo("signature: does not verify");
  }
}
