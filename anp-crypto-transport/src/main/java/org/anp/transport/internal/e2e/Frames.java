package org.anp.transport.internal.e2e;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Base64Variant;
import org.anp.identity.codec.Hex;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.EncryptedData;

/** Builds the JSON trees of outbound frames, ids and timestamps (spec section 2, ambiguity 20). */
public final class Frames {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Frames() {}

  /** A frame timestamp: UTC with milliseconds. */
  public static String timestamp(Instant instant) {
    return MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /** A proof {@code created} value: UTC to the second. */
  public static String created(Instant instant) {
    return SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** {@code bytes} random bytes as lower-case hex. */
  public static String randomHex(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Hex.encode(b);
  }

  /** A 16-character messageId or sessionId. */
  public static String newId(SecureRandom random) {
    return randomHex(random, 8);
  }

  /** The fields every frame starts with, in the reference SDK's order. */
  public static ObjectNode header(String type, Instant now, String messageId) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("version", E2eMessage.VERSION);
    json.put("type", type);
    json.put("timestamp", timestamp(now));
    json.put("messageId", messageId);
    return json;
  }

  /** The IV and the JDK's ciphertext-then-tag output as the wire's three fields. */
  public static EncryptedData split(byte[] iv, byte[] sealed) {
    int split = sealed.length - AesGcm.TAG_LENGTH;
    return EncryptedData.of(iv, Arrays.copyOfRange(sealed, split, sealed.length), Arrays.copyOfRange(sealed, 0, split));
  }

  /** {@code {iv, tag, ciphertext}} in standard Base64. */
  public static ObjectNode gcmFields(EncryptedData data) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("iv", Base64Codec.encode(Base64Variant.STANDARD, data.iv()));
    json.put("tag", Base64Codec.encode(Base64Variant.STANDARD, data.tag()));
    json.put("ciphertext", Base64Codec.encode(Base64Variant.STANDARD, data.ciphertext()));
    return json;
  }
}
