package org.anp.application.internal.description;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DateTimes#parse} agrees with {@link OffsetDateTime#parse} on what it accepts and what it means. */
class DateTimesTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "2026-12-07T21:14:05Z", "2026-12-07T21:14:05.123Z", "2026-12-07T21:14:05.123456789Z",
      "2026-12-07T21:14:05.1+05:30", "2026-12-07T21:14:05-08:00", "2024-02-29T00:00:00Z",
      "2026-12-07T23:59:59.999999999-00:00", "0001-01-01T00:00:00+18:00", "2026-12-07T21:14Z",
      "2026-12-07t21:14:05z", "2026-12-07T21:14:05+05:30:15", "+12026-12-07T21:14:05Z",
      "2026-12-07T21:14:05.Z"})
  void acceptsWhatTheFormatterAcceptsAsTheSameInstant(String text) {
    assertThat(DateTimes.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-32T00:00:00Z", "2026-12-07T24:00:00Z",
      "2026-12-07T21:60:00Z", "2026-12-07T21:14:60Z", "2026-12-07T21:14:05",
      "2026-12-07T21:14:05.1234567890Z", "2026-12-07T21:14:05+19:00", "2026-12-07T21:14:05+05:60",
      "2026-12-07 21:14:05Z", "2026-12-07T21:14:05ZZ", "2026-1a-07T21:14:05Z", "", "2026-12-07T21:14:05+0530"})
  void refusesWhatTheFormatterRefuses(String text) {
    assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> DateTimes.parse(text)).isInstanceOf(DateTimeParseException.class);
  }
}
