package org.anp.cli.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.anp.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reverse-interop checks of {@code e2e-legacy} (what the reference SDK's sdk-check does with
 * our files), as tests of the emitters: the two files describe one session, whose keys are
 * derived from {@code handshake.json} by the SDK's key schedule (re-implemented with the JDK in
 * {@link SdkE2eKeySchedule}, never through our engines), and every label agrees with what those
 * keys decrypt.
 */
class E2eLegacyEmitInteropTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theIndependentKeyScheduleReproducesTheSdksRecordedValues() throws Exception {
    JsonNode h = E2eHandshakeSuiteTest.load("handshake.json");
    JsonNode ks = h.path("key_schedule");
    byte[] shared = sharedSecret(h);
    assertThat(HEX.formatHex(shared)).isEqualTo(ks.path("ecdh_shared_secret_hex").asText());
    SdkE2eKeySchedule.Keys keys =
        SdkE2eKeySchedule.derive(shared, h.path("source_hello_random").asText(), h.path("destination_hello_random").asText());
    JsonNode sdk = ks.path("sdk_derive_tls13_data_keys");
    assertThat(HEX.formatHex(keys.sourceKey())).isEqualTo(sdk.path("source_data_key_hex").asText());
    assertThat(HEX.formatHex(keys.destinationKey())).isEqualTo(sdk.path("destination_data_key_hex").asText());
    assertThat(keys.secretKeyId()).isEqualTo(h.path("secret_key_id").asText());
    // and the SDK's messages decrypt with them, which is what the checks below rely on
    assertOneSession(h, E2eHandshakeSuiteTest.load("messages.json"));
  }

  @Test
  void bothFilesOfOneEmissionDescribeOneSession() throws Exception {
    EmitContext context = new EmitContext(new SecureRandom(), CLOCK);
    JsonNode handshake = new E2eHandshakeSuite().emit(context);
    JsonNode messages = new E2eMessagesSuite().emit(context);

    assertOneSession(handshake, messages);
  }

  @Test
  void theCommandWritesOneSessionThatItsOwnCheckAccepts() throws Exception {
    CliRun emit = CliRun.anp("conformance", "--emit", "e2e-legacy", dir.toString());
    assertThat(emit.exitCode()).as(emit.err()).isZero();
    JsonNode handshake = JSON.readTree(dir.resolve("handshake.json").toFile());
    JsonNode messages = JSON.readTree(dir.resolve("messages.json").toFile());

    assertOneSession(handshake, messages);
    // run alone, messages.json takes its keys from the handshake.json beside it
    CliRun check = CliRun.anp("conformance", dir.resolve("messages.json").toString());
    assertThat(check.exitCode()).as(check.out()).isZero();
  }

  @Test
  void messagesOfAnotherSessionFailBesideTheHandshake() throws Exception {
    JsonNode handshake = new E2eHandshakeSuite().emit(new EmitContext(new SecureRandom(), CLOCK));
    JsonNode messages = new E2eMessagesSuite().emit(new EmitContext(new SecureRandom(), CLOCK));
    assertThatThrownBy(() -> assertOneSession(handshake, messages)).isInstanceOf(AssertionError.class);
    Files.writeString(dir.resolve("handshake.json"), handshake.toString(), UTF_8);
    Files.writeString(dir.resolve("messages.json"), messages.toString(), UTF_8);

    CliRun check = CliRun.anp("conformance", dir.resolve("messages.json").toString());

    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.out()).contains("not the session of the handshake.json beside it");
    assertThat(check.out()).contains("conformance: 0 passed, " + (messages.path("messages").size()
        + messages.path("negative").size()) + " failed, 0 not applicable");
  }

  /** The SDK-style checks of sdk-check for one handshake.json and the messages.json beside it. */
  private static void assertOneSession(JsonNode h, JsonNode m) throws GeneralSecurityException {
    JsonNode a = h.path("parties").path("A");
    JsonNode b = h.path("parties").path("B");
    // each party's ephemeral key is the one its hello offers; both sides agree on the secret
    assertThat(a.path("ephemeral_private_key").path("public_key_uncompressed_hex").asText())
        .isEqualTo(helloKeyExchange(h, "sourceHello"));
    assertThat(b.path("ephemeral_private_key").path("public_key_uncompressed_hex").asText())
        .isEqualTo(helloKeyExchange(h, "destinationHello"));
    byte[] shared = sharedSecret(h);
    assertThat(SdkE2eKeySchedule.ecdh(b.path("ephemeral_private_key").path("private_key_hex").asText(),
        a.path("ephemeral_private_key").path("public_key_uncompressed_hex").asText())).isEqualTo(shared);
    SdkE2eKeySchedule.Keys keys =
        SdkE2eKeySchedule.derive(shared, h.path("source_hello_random").asText(), h.path("destination_hello_random").asText());
    assertThat(h.path("secret_key_id").asText()).isEqualTo(keys.secretKeyId());
    assertThat(a.path("send_encryption_key_hex").asText()).isEqualTo(HEX.formatHex(keys.sourceKey()));
    assertThat(a.path("receive_decryption_key_hex").asText()).isEqualTo(HEX.formatHex(keys.destinationKey()));
    assertThat(b.path("send_encryption_key_hex").asText()).isEqualTo(HEX.formatHex(keys.destinationKey()));
    assertThat(b.path("receive_decryption_key_hex").asText()).isEqualTo(HEX.formatHex(keys.sourceKey()));

    Map<String, String> partyOfDid = Map.of(a.path("did").asText(), "A", b.path("did").asText(), "B");
    Map<String, byte[]> sendKey = Map.of("A", keys.sourceKey(), "B", keys.destinationKey());
    // the Finished messages decrypt under the sender's key to the recorded plaintext
    Map<String, String> finished = new HashMap<>();
    for (JsonNode f : h.path("finished_plaintexts")) {
      finished.put(f.path("from").asText(), f.path("plaintext").asText());
    }
    for (JsonNode t : h.path("transcript")) {
      if (t.path("type").asText().equals("finished")) {
        JsonNode wire = parse(t.path("wire").asText());
        String from = partyOfDid.get(wire.path("sourceDid").asText());
        JsonNode v = wire.path("verifyData");
        String plaintext = new String(open(sendKey.get(from), v), UTF_8);
        assertThat(plaintext).isEqualTo(finished.get(from));
        assertThat(parse(plaintext).path("secretKeyId").asText()).isEqualTo(keys.secretKeyId());
      }
    }

    // messages.json belongs to this session: its key id, its parties, their derived keys
    assertThat(m.path("secret_key_id").asText()).as("messages.json secret_key_id").isEqualTo(keys.secretKeyId());
    assertThat(m.path("messages")).isNotEmpty();
    for (JsonNode c : m.path("messages")) {
      JsonNode msg = c.path("message");
      assertThat(parse(c.path("wire").asText())).isEqualTo(msg);
      String from = partyOfDid.get(msg.path("sourceDid").asText());
      assertThat(from).as("sourceDid is a party of handshake.json").isNotNull().isEqualTo(c.path("from").asText());
      assertThat(c.path("key_hex").asText()).isEqualTo(HEX.formatHex(sendKey.get(from)));
      assertThat(msg.path("secretKeyId").asText()).isEqualTo(keys.secretKeyId());
      byte[] plaintext = open(sendKey.get(from), msg.path("encryptedData"));
      assertThat(HEX.formatHex(plaintext)).isEqualTo(c.path("plaintext_utf8_hex").asText());
      assertThat(isUtf8(plaintext)).as("the SDK delivers only UTF-8 plaintexts").isTrue();
      assertThat(new String(plaintext, UTF_8)).isEqualTo(c.path("plaintext").asText());
    }
    int checked = 0;
    for (JsonNode n : m.path("negative")) {
      JsonNode msg = n.path("message");
      if (!msg.path("type").asText().equals("message")) {
        continue;
      }
      checked++;
      String label = n.path("expected").asText();
      String from = partyOfDid.get(msg.path("sourceDid").asText());
      boolean knownKey = msg.path("secretKeyId").asText().equals(keys.secretKeyId()) && from != null;
      byte[] plaintext = null;
      if (knownKey) {
        try {
          plaintext = open(sendKey.get(from), msg.path("encryptedData"));
        } catch (GeneralSecurityException e) {
          plaintext = null;
        }
      }
      if (label.equals("sdk-limitation")) {
        assertThat(plaintext).as(n.path("id").asText() + ": authentic").isNotNull();
        assertThat(isUtf8(plaintext)).as(n.path("id").asText() + ": not UTF-8").isFalse();
        assertThat(HEX.formatHex(plaintext)).isEqualTo(n.path("plaintext_hex").asText());
      } else {
        assertThat(label).as(n.path("id").asText()).isEqualTo("invalid");
        assertThat(plaintext).as(n.path("id").asText() + ": the receiver cannot read it").isNull();
      }
    }
    assertThat(checked).as("negative message cases").isPositive();
  }

  private static byte[] sharedSecret(JsonNode h) throws GeneralSecurityException {
    return SdkE2eKeySchedule.ecdh(
        h.path("parties").path("A").path("ephemeral_private_key").path("private_key_hex").asText(),
        h.path("parties").path("B").path("ephemeral_private_key").path("public_key_uncompressed_hex").asText());
  }

  private static String helloKeyExchange(JsonNode h, String type) {
    for (JsonNode t : h.path("transcript")) {
      if (t.path("type").asText().equals(type)) {
        JsonNode wire = parse(t.path("wire").asText());
        JsonNode share = type.equals("sourceHello") ? wire.path("keyShares").path(0) : wire.path("keyShare");
        return share.path("keyExchange").asText();
      }
    }
    throw new AssertionError("no " + type);
  }

  private static byte[] open(byte[] key, JsonNode gcm) throws GeneralSecurityException {
    return SdkE2eKeySchedule.open(key, gcm.path("iv").asText(), gcm.path("ciphertext").asText(), gcm.path("tag").asText());
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
