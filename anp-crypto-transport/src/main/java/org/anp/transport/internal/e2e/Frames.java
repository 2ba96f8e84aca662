package org.anp.transport.internal.e2e;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
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

  private static final Instant FIRST_FOUR_DIGIT_YEAR = Instant.parse("1000-01-01T00:00:00Z");
  private static final Instant FIRST_FIVE_DIGIT_YEAR = Instant.parse("+10000-01-01T00:00:00Z");

  private Frames() {}

  /** A frame timestamp: UTC with milliseconds. */
  public static String timestamp(Instant instant) {
    if (!inFourDigitYears(instant)) {
      return MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
    StringBuilder out = dateTime(instant);
    int millis = instant.getNano() / 1_000_000;
    out.append('.').append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10));
    return out.append((char) ('0' + millis % 10)).append('Z').toString();
  }

  /** A proof {@code created} value: UTC to the second. */
  public static String created(Instant instant) {
    if (!inFourDigitYears(instant)) {
      return SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
    return dateTime(instant).append('Z').toString();
  }

  /**
   * {@link Instant#parse} of a frame's time. The forms this package writes (UTC, seconds or a
   * fraction, upper-case {@code T} and {@code Z}) are read field by field, several times faster
   * than the formatter; anything else, valid or not, goes to {@link Instant#parse}, so the
   * accepted set and the errors are exactly its own.
   *
   * @throws java.time.format.DateTimeParseException as {@link Instant#parse}
   */
  public static Instant parseInstant(String text) {
    int length = text.length();
    if (length < 20
        || length == 21
        || length > 30
        || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (length > 20 && text.charAt(19) != '.')) {
      return Instant.parse(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int fraction = length > 20 ? digits(text, 20, length - 1) : 0;
    if (year < 0 || month < 1 || month > 12 || day < 1 || (day > 28 && day > lengthOfMonth(year, month))
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) {
      return Instant.parse(text);
    }
    for (int i = length - 1; i < 29; i++) {
      fraction *= 10;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, fraction);
  }

  /** The value of the ASCII digits from {@code start} to {@code end}, or -1 if one is not a digit. */
  private static int digits(String text, int start, int end) {
    int value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int lengthOfMonth(int year, int month) {
    return YearMonth.of(year, month).lengthOfMonth();
  }

  private static boolean inFourDigitYears(Instant instant) {
    return !instant.isBefore(FIRST_FOUR_DIGIT_YEAR) && instant.isBefore(FIRST_FIVE_DIGIT_YEAR);
  }

  /** {@code yyyy-MM-ddTHH:mm:ss} of {@code instant} in UTC, written field by field. */
  private static StringBuilder dateTime(Instant instant) {
    LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(24);
    int year = time.getYear();
    out.append((char) ('0' + year / 1000)).append((char) ('0' + year / 100 % 10));
    two(out, year % 100).append('-');
    two(out, time.getMonthValue()).append('-');
    two(out, time.getDayOfMonth()).append('T');
    two(out, time.getHour()).append(':');
    two(out, time.getMinute()).append(':');
    return two(out, time.getSecond());
  }

  private static StringBuilder two(StringBuilder out, int value) {
    return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
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
