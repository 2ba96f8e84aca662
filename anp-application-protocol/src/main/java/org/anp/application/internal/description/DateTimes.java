package org.anp.application.internal.description;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads an ISO 8601 date-time with offset as {@link OffsetDateTime#parse(CharSequence)} does, and
 * to the same instant, with a fast path for the form proofs carry ({@code
 * 2026-12-07T21:14:05[.fraction](Z|+hh:mm)}): the formatter behind {@code OffsetDateTime.parse}
 * cost a few percent of verifying a description, and a description's {@code created} was read
 * three times. Every other form goes to the formatter. Stateless.
 */
public final class DateTimes {
  private DateTimes() {}

  /**
   * The instant {@code text} denotes.
   *
   * @throws DateTimeParseException if {@link OffsetDateTime#parse(CharSequence)} refuses it
   */
  public static Instant parse(String text) {
    Instant fast = fastPath(text);
    return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
  }

  /** The instant of the common form, or null to let the formatter decide. */
  private static Instant fastPath(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      int count = i - start;
      if (count == 0 || count > 9) {
        return null;
      }
      nanos = digits(s, start, count);
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    ZoneOffset offset;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offset = ZoneOffset.UTC;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if ((oh | om) < 0) {
        return null;
      }
      int sign = s.charAt(i) == '-' ? -1 : 1;
      try {
        offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
      } catch (DateTimeException e) {
        return null;
      }
    } else {
      return null;
    }
    try {
      return LocalDate.of(year, month, day).atTime(LocalTime.of(hour, minute, second, nanos)).toInstant(offset);
    } catch (DateTimeException e) {
      return null; // the formatter gives the error
    }
  }

  /** The decimal value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int k = from; k < from + count; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
