package org.anp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.EncryptedMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the message benchmark bodies once and checks that both decrypt the 1 KiB payload, that the
 * baseline writes the same envelope as the session, and that the session's checks are live (a
 * replayed frame is refused). Does not run JMH.
 */
class E2eMessageBenchmarkTest {
  private final E2eMessageBenchmark benchmark = new E2eMessageBenchmark();
  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeEach
  void setUp() throws GeneralSecurityException {
    benchmark.setUp();
  }

  @Test
  void bothPathsReturnThePayload() throws GeneralSecurityException, IOException {
    assertThat(benchmark.payload()).hasSize(E2eMessageBenchmark.PAYLOAD_BYTES);
    assertThat(benchmark.anpMessage()).isEqualTo(benchmark.payload());
    assertThat(benchmark.rawJacksonAesGcm()).isEqualTo(benchmark.payload());
  }

  @Test
  void baselineWritesTheSameEnvelopeAsTheSession() throws GeneralSecurityException, IOException {
    JsonNode anp = mapper.readTree(benchmark.anpWire());
    JsonNode raw = mapper.readTree(benchmark.rawWrite());

    assertThat(fieldNames(raw)).containsExactlyInAnyOrderElementsOf(fieldNames(anp));
    assertThat(fieldNames(raw.get("encryptedData")))
        .containsExactlyInAnyOrderElementsOf(fieldNames(anp.get("encryptedData")));
    for (String same : List.of("type", "version", "sourceDid", "destinationDid", "secretKeyId")) {
      assertThat(raw.get(same)).as(same).isEqualTo(anp.get(same));
    }
    int anpCiphertext = anp.get("encryptedData").get("ciphertext").textValue().length();
    assertThat(raw.get("encryptedData").get("ciphertext").textValue()).hasSize(anpCiphertext);
  }

  @Test
  void baselineRejectsATamperedCiphertext() throws GeneralSecurityException, IOException {
    byte[] wire = benchmark.rawWrite();
    String text = new String(wire, java.nio.charset.StandardCharsets.UTF_8);
    int at = text.indexOf("\"ciphertext\":\"") + 14;
    char flipped = text.charAt(at) == 'A' ? 'B' : 'A';
    byte[] tampered =
        (text.substring(0, at) + flipped + text.substring(at + 1)).getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> benchmark.rawRead(tampered)).isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void sessionRefusesAReplayedFrame() {
    byte[] wire = benchmark.anpWire();
    benchmark.bob().decrypt((EncryptedMessage) E2eMessage.parse(wire));

    assertThatThrownBy(() -> benchmark.bob().decrypt((EncryptedMessage) E2eMessage.parse(wire)))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.code()).isEqualTo(TransportError.MESSAGE_REPLAYED));
  }

  @Test
  void sessionsAreRenewedBeforeThePerKeyCap() {
    for (int i = 0; i < E2eMessageBenchmark.ROTATE_EVERY + 10; i++) {
      benchmark.anpMessage();
    }

    assertThat(E2eMessageBenchmark.ROTATE_EVERY)
        .isLessThan(org.anp.transport.e2e.SessionLimits.DEFAULT.maxMessagesPerKey());
    assertThat(benchmark.anpMessage()).isEqualTo(benchmark.payload());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
