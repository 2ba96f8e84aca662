package org.anp.benchmarks.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.VerifiedDescription;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;

/**
 * Runs both verification bodies once and checks that they verify the real signature: the
 * description verifies as its signer's, the baseline accepts the same proof, and a changed name
 * fails both. Does not run JMH.
 */
class VerifyBenchmarkTest {
  @Test
  void bothBodiesVerifyTheSameSignatureAndRefuseATamperedDocument() throws Exception {
    VerifyBenchmark benchmark = new VerifyBenchmark();
    benchmark.setUp();

    VerifiedDescription verified = benchmark.verifyDescription();
    assertThat(verified.did()).isEqualTo(benchmark.signer().id().toString());
    assertThat(verified.description().name()).isEqualTo("Echo");
    assertThat(verified.domain()).contains(Descriptions.DOMAIN);
    assertThat(benchmark.jcsAndSignature()).isSameAs(benchmark.signer().verificationMethods().get(0).publicKey());

    byte[] tampered = new String(benchmark.bytes(), StandardCharsets.UTF_8)
        .replace("\"Echo\"", "\"Echp\"").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> benchmark.verifier().verify(
            AgentDescription.parse(tampered), benchmark.signer(), Optional.of(Descriptions.DOMAIN)))
        .isInstanceOfSatisfying(ApplicationException.class,
            e -> assertThat(e.code()).isEqualTo(ApplicationError.INVALID_PROOF));
    assertThatThrownBy(() -> benchmark.jcsAndSignature(tampered))
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_SIGNATURE));
  }
}
