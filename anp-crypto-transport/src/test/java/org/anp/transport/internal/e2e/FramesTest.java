package org.anp.transport.internal.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The field-by-field time reader and writers agree with the JDK's formatter and parser. */
class FramesTest {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @Test
  void writesWhatTheFormatterWritesAndReadsItBack() {
    SplittableRandom random = new SplittableRandom(7);
    long from = Instant.parse("1000-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(from, to + 1), random.nextInt(1_000_000_000));
      String timestamp = Frames.timestamp(instant);
      assertThat(timestamp).isEqualTo(MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS)));
      assertThat(Frames.created(instant)).isEqualTo(SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS)));
      assertThat(Frames.parseInstant(timestamp)).isEqualTo(Instant.parse(timestamp));
      String nanos = instant.toString();
      assertThat(Frames.parseInstant(nanos)).isEqualTo(instant);
    }
  }

  @Test
  void yearsOutsideFourDigitsUseTheFormatter() {
    Instant early = Instant.parse("0999-12-31T23:59:59.999Z");
    Instant late = Instant.parse("+10000-01-01T00:00:00Z");
    assertThat(Frames.timestamp(early)).isEqualTo(MILLIS.format(early));
    assertThat(Frames.timestamp(late)).isEqualTo(MILLIS.format(late));
    assertThat(Frames.created(late)).isEqualTo(SECONDS.format(late));
  }

  @Test
  void readsExactlyWhatInstantParseReads() {
    List<String> texts =
        List.of(
            "2026-12-07T17:47:41Z",
            "2026-12-07T17:47:41.5Z",
            "2026-12-07T17:47:41.123456789Z",
            "2024-02-29T00:00:00Z",
            "2026-12-31T23:59:60Z",
            "2026-12-07t17:47:41z",
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-12-07T24:00:00Z",
            "2026-12-07T24:00:01Z",
            "2026-12-07T17:47:41.Z",
            "2026-12-07T17:47:41.1234567890Z",
            "2026-12-07T17:4a:41Z",
            "2026-12-07 17:47:41Z",
            "2026-12-07T17:47:41",
            "2026-12-07T17:47Z",
            "");
    int refused = 0;
    for (String text : texts) {
      Instant expected;
      try {
        expected = Instant.parse(text);
      } catch (DateTimeParseException e) {
        refused++;
        assertThatThrownBy(() -> Frames.parseInstant(text)).as(text).isInstanceOf(DateTimeParseException.class);
        continue;
      }
      assertThat(Frames.parseInstant(text)).as(text).isEqualTo(expected);
    }
    assertThat(refused).isGreaterThanOrEqualTo(8);
  }
}
