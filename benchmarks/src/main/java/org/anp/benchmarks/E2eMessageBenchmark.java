package org.anp.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.EncryptedMessage;
import org.anp.transport.e2e.Role;
import org.anp.transport.e2e.SecureSession;
import org.anp.transport.e2e.SessionLimits;
import org.anp.transport.e2e.SessionSecrets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Row 4 of docs/benchmarks.md: one 1 KiB payload from Alice to Bob, encrypted, written as a
 * {@code message} frame, parsed and decrypted.
 *
 * <ul>
 *   <li>{@link #anpMessage}: {@link SecureSession#encrypt}, {@link E2eMessage#toJsonBytes},
 *       {@link E2eMessage#parse(byte[])} and {@link SecureSession#decrypt}, with every check the
 *       session makes (key id, DIDs, time window, IV replay set, per-key cap);
 *   <li>{@link #rawJacksonAesGcm}: the baseline, the same envelope written and read with a plain
 *       Jackson tree and AES-128-GCM on the JDK provider through two reused {@link Cipher}s.
 * </ul>
 *
 * <p>A session remembers every IV it accepted, up to {@link SessionLimits#maxMessagesPerKey()}
 * frames; the benchmark restores a fresh pair of sessions from the same secrets every {@link
 * #ROTATE_EVERY} messages, as a peer would renegotiate, so the replay set stays within the cap.
 *
 * <p>Not thread-safe; JMH gives each thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class E2eMessageBenchmark {
  static final int PAYLOAD_BYTES = 1024;
  static final int ROTATE_EVERY = 90_000;
  static final String ALICE = "did:wba:alice.bench.test:agents:alice";
  static final String BOB = "did:wba:bob.bench.test:agents:bob";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecureRandom random = new SecureRandom();
  private final ObjectMapper mapper = new ObjectMapper();
  private final byte[] payload = new byte[PAYLOAD_BYTES];
  private SessionSecrets aliceSecrets;
  private SessionSecrets bobSecrets;
  private SecureSession alice;
  private SecureSession bob;
  private int sent;
  private String secretKeyId;
  private SecretKeySpec aliceSendKey;
  private Cipher encryptor;
  private Cipher decryptor;

  @Setup
  public void setUp() throws GeneralSecurityException {
    random.nextBytes(payload);
    byte[] aliceToBob = new byte[16];
    byte[] bobToAlice = new byte[16];
    random.nextBytes(aliceToBob);
    random.nextBytes(bobToAlice);
    byte[] id = new byte[8];
    random.nextBytes(id);
    secretKeyId = HexFormat.of().formatHex(id);
    Instant now = Instant.now();
    Instant expires = now.plus(Duration.ofDays(1));
    aliceSecrets = SessionSecrets.of(ALICE, BOB, Role.INITIATOR, secretKeyId, aliceToBob, bobToAlice, now, expires);
    bobSecrets = SessionSecrets.of(BOB, ALICE, Role.RESPONDER, secretKeyId, bobToAlice, aliceToBob, now, expires);
    restoreSessions();
    aliceSendKey = new SecretKeySpec(aliceToBob, "AES");
    encryptor = Cipher.getInstance("AES/GCM/NoPadding");
    decryptor = Cipher.getInstance("AES/GCM/NoPadding");
  }

  @Benchmark
  public byte[] anpMessage() {
    if (++sent == ROTATE_EVERY) {
      restoreSessions();
    }
    byte[] wire = alice.encrypt(payload).toJsonBytes();
    return bob.decrypt((EncryptedMessage) E2eMessage.parse(wire));
  }

  @Benchmark
  public byte[] rawJacksonAesGcm() throws GeneralSecurityException, IOException {
    return rawRead(rawWrite());
  }

  /** The baseline's sending half: encrypt, then write the envelope. */
  byte[] rawWrite() throws GeneralSecurityException, IOException {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    encryptor.init(Cipher.ENCRYPT_MODE, aliceSendKey, new GCMParameterSpec(TAG_BITS, iv));
    byte[] sealed = encryptor.doFinal(payload);
    int ciphertextLength = sealed.length - TAG_BITS / 8;
    byte[] messageId = new byte[8];
    random.nextBytes(messageId);
    Base64.Encoder base64 = Base64.getEncoder();
    ObjectNode envelope = mapper.createObjectNode();
    envelope.put("version", "1.0");
    envelope.put("type", "message");
    envelope.put("timestamp", Instant.now().toString());
    envelope.put("messageId", HexFormat.of().formatHex(messageId));
    envelope.put("sourceDid", ALICE);
    envelope.put("destinationDid", BOB);
    envelope.put("secretKeyId", secretKeyId);
    ObjectNode data = envelope.putObject("encryptedData");
    data.put("iv", base64.encodeToString(iv));
    data.put("tag", base64.encodeToString(java.util.Arrays.copyOfRange(sealed, ciphertextLength, sealed.length)));
    data.put("ciphertext", base64.encodeToString(java.util.Arrays.copyOf(sealed, ciphertextLength)));
    return mapper.writeValueAsBytes(envelope);
  }

  /** The baseline's receiving half: read the envelope, then decrypt. */
  byte[] rawRead(byte[] wire) throws GeneralSecurityException, IOException {
    JsonNode envelope = mapper.readTree(wire);
    JsonNode data = envelope.get("encryptedData");
    Base64.Decoder base64 = Base64.getDecoder();
    byte[] iv = base64.decode(data.get("iv").textValue());
    byte[] tag = base64.decode(data.get("tag").textValue());
    byte[] ciphertext = base64.decode(data.get("ciphertext").textValue());
    decryptor.init(Cipher.DECRYPT_MODE, aliceSendKey, new GCMParameterSpec(TAG_BITS, iv));
    decryptor.update(ciphertext);
    return decryptor.doFinal(tag);
  }

  /** One frame as the session writes it, for the unit test. */
  byte[] anpWire() {
    return alice.encrypt(payload).toJsonBytes();
  }

  SecureSession bob() {
    return bob;
  }

  byte[] payload() {
    return payload.clone();
  }

  private void restoreSessions() {
    sent = 0;
    alice = SecureSession.restore(aliceSecrets, SessionLimits.DEFAULT, Clock.systemUTC(), random);
    bob = SecureSession.restore(bobSecrets, SessionLimits.DEFAULT, Clock.systemUTC(), random);
  }
}
