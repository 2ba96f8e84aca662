package org.anp.transport.internal.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.anp.identity.json.StrictJson;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.EncryptedData;
import org.anp.transport.e2e.EncryptedMessage;
import org.anp.transport.e2e.Finished;
import org.anp.transport.e2e.MessageType;
import org.anp.transport.e2e.Role;
import org.anp.transport.e2e.SecureSession;
import org.anp.transport.e2e.SessionLimits;
import org.anp.transport.e2e.SessionSecrets;

/**
 * AES-128-GCM session over {@link SessionSecrets}. Every public method is synchronized, so frames
 * of one session are encrypted and decrypted one at a time; the replay cache remembers the IV of
 * every accepted frame for the key's life (at most {@link SessionLimits#maxMessagesPerKey()}).
 */
public final class AesGcmSession implements SecureSession {
  private static final byte[] NO_AAD = new byte[0];
  private static final int MAX_FINISHED_PLAINTEXT = 1024;

  private final SessionSecrets secrets;
  private final SessionLimits limits;
  private final Clock clock;
  private final SecureRandom random;
  private final Set<String> seen = new HashSet<>();
  // One cipher per direction for the session's life, used only under the session's lock.
  private final AesGcmCipher sealer;
  private final AesGcmCipher opener;
  private long encrypted;

  public AesGcmSession(SessionSecrets secrets, SessionLimits limits, Clock clock, SecureRandom random) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.sealer = cipher(secrets.sendKeyInsecure());
    this.opener = cipher(secrets.receiveKeyInsecure());
  }

  private static AesGcmCipher cipher(byte[] key) {
    try {
      return new AesGcmCipher(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String secretKeyId() {
    return secrets.secretKeyId();
  }

  @Override
  public String localDid() {
    return secrets.localDid();
  }

  @Override
  public String remoteDid() {
    return secrets.remoteDid();
  }

  @Override
  public Role role() {
    return secrets.role();
  }

  @Override
  public Instant establishedAt() {
    return secrets.establishedAt();
  }

  @Override
  public Instant expiresAt() {
    return secrets.expiresAt();
  }

  @Override
  public boolean isExpired() {
    return !clock.instant().isBefore(secrets.expiresAt());
  }

  @Override
  public synchronized Finished finished(String sessionId) {
    byte[] iv = new byte[AesGcm.IV_LENGTH];
    random.nextBytes(iv);
    byte[] sealed = sealer.seal(iv, NO_AAD, finishedPlaintext(secretKeyId()));
    ObjectNode json =
        Frames.header(MessageType.FINISHED.wireName(), clock.instant(), Frames.newId(random));
    json.put("sessionId", sessionId);
    json.put("sourceDid", localDid());
    json.put("destinationDid", remoteDid());
    json.set("verifyData", Frames.gcmFields(Frames.split(iv, sealed)));
    return (Finished) E2eMessage.parse(json);
  }

  /**
   * {@code {"secretKeyId":"..."}} as compact JSON. A derived id is lower-case hex, written
   * directly; any other id goes through Jackson for its escaping (the same bytes either way).
   */
  static byte[] finishedPlaintext(String secretKeyId) {
    for (int i = 0; i < secretKeyId.length(); i++) {
      char c = secretKeyId.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        ObjectNode plaintext = JsonNodeFactory.instance.objectNode();
        plaintext.put("secretKeyId", secretKeyId);
        return plaintext.toString().getBytes(StandardCharsets.UTF_8);
      }
    }
    return ("{\"secretKeyId\":\"" + secretKeyId + "\"}").getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public synchronized void verifyFinished(Finished finished) {
    EncryptedData data = finished.verifyData();
    byte[] plaintext;
    try {
      plaintext = opener.open(data.iv(), NO_AAD, AesGcm.concat(data.ciphertext(), data.tag()));
    } catch (TransportException e) {
      throw new TransportException(
          TransportError.FINISHED_INVALID, "verifyData: does not decrypt under the derived key");
    }
    if (Arrays.equals(plaintext, finishedPlaintext(secretKeyId()))) {
      // Exactly what this library writes, which parses to the expected id.
      return;
    }
    // The reference SDK writes {"secretKeyId": "..."} with a space: parse, never compare bytes
    // alone.
    JsonNode json;
    try {
      json = StrictJson.parse(plaintext, MAX_FINISHED_PLAINTEXT);
    } catch (IdentityException e) {
      throw new TransportException(TransportError.FINISHED_INVALID, "verifyData: plaintext is not JSON");
    }
    JsonNode id = json.get("secretKeyId");
    if (id == null || !id.isTextual()) {
      throw new TransportException(TransportError.FINISHED_INVALID, "verifyData.secretKeyId: missing");
    }
    if (!id.textValue().equals(secretKeyId())) {
      throw new TransportException(
          TransportError.FINISHED_INVALID, "verifyData.secretKeyId: does not match the derived key id");
    }
  }

  @Override
  public SessionSecrets exportSecretsInsecure() {
    return SessionSecrets.of(
        localDid(),
        remoteDid(),
        role(),
        secretKeyId(),
        secrets.sendKeyInsecure(),
        secrets.receiveKeyInsecure(),
        establishedAt(),
        expiresAt());
  }

  @Override
  public EncryptedMessage encrypt(byte[] payload) {
    return encrypt(Frames.newId(random), payload);
  }

  @Override
  public synchronized EncryptedMessage encrypt(String messageId, byte[] payload) {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(payload, "payload");
    Instant now = clock.instant();
    if (!now.isBefore(secrets.expiresAt())) {
      throw new TransportException(
          TransportError.ENCRYPTION_KEY_EXPIRED, "key " + secretKeyId() + " expired at " + secrets.expiresAt());
    }
    if (encrypted >= limits.maxMessagesPerKey()) {
      throw new TransportException(
          TransportError.ENCRYPTION_KEY_EXPIRED,
          "key " + secretKeyId() + " reached its cap of " + limits.maxMessagesPerKey() + " frames");
    }
    byte[] iv = new byte[AesGcm.IV_LENGTH];
    random.nextBytes(iv);
    byte[] sealed = sealer.seal(iv, NO_AAD, payload);
    encrypted++;
    return EncryptedMessage.of(now, messageId, localDid(), remoteDid(), secretKeyId(), Frames.split(iv, sealed));
  }

  @Override
  public synchronized byte[] decrypt(EncryptedMessage message) {
    if (!message.secretKeyId().equals(secretKeyId())
        || !message.sourceDid().equals(remoteDid())
        || !message.destinationDid().equals(localDid())) {
      throw new TransportException(
          TransportError.DECRYPTION_KEY_UNKNOWN,
          "secretKeyId: " + message.secretKeyId() + " is not a key from " + message.sourceDid()
              + " to " + message.destinationDid());
    }
    Instant now = clock.instant();
    if (!now.isBefore(secrets.expiresAt())) {
      throw new TransportException(
          TransportError.DECRYPTION_KEY_EXPIRED, "key " + secretKeyId() + " expired at " + secrets.expiresAt());
    }
    Instant sent = message.timestamp();
    if (sent.isBefore(now.minus(limits.maxMessageAge()))) {
      throw new TransportException(
          TransportError.MESSAGE_REPLAYED,
          "timestamp: older than the " + limits.maxMessageAge().toSeconds() + " s message window");
    }
    if (sent.isAfter(now.plus(limits.maxFutureSkew()))) {
      throw new TransportException(
          TransportError.MESSAGE_REPLAYED,
          "timestamp: more than " + limits.maxFutureSkew().toSeconds() + " s in the future");
    }
    // The messageId and timestamp are not authenticated (no AAD in the reference SDK), so an
    // attacker could rewrite them on a replayed frame. The IV is authenticated and random per
    // frame, so replays are detected by IV, remembered for the key's whole life.
    EncryptedData data = message.encryptedData();
    String ivKey = Hex.encode(data.iv());
    if (seen.contains(ivKey)) {
      throw new TransportException(
          TransportError.MESSAGE_REPLAYED, "encryptedData.iv: frame already received under this key");
    }
    if (seen.size() >= limits.maxMessagesPerKey()) {
      throw new TransportException(
          TransportError.DECRYPTION_KEY_EXPIRED,
          "key " + secretKeyId() + " received its cap of " + limits.maxMessagesPerKey() + " frames");
    }
    byte[] sealed = AesGcm.concat(data.ciphertext(), data.tag());
    byte[] plaintext = opener.open(data.iv(), NO_AAD, sealed);
    // Remember the IV only once the frame authenticated: a forged frame must not burn one.
    seen.add(ivKey);
    return plaintext;
  }

  @Override
  public String toString() {
    return "AesGcmSession[" + secretKeyId() + ", " + localDid() + " -> " + remoteDid() + "]";
  }
}
