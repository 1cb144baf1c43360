package dev.testops.core.store.jdbc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Instants as stored: UTC ISO-8601 text with exactly nine fraction digits. Fixed width, so text
 * order is time order on every database, and an instant reads back exactly (epoch millis would drop
 * the micro- and nanoseconds a system clock gives).
 */
final class Times {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private Times() {}

  /**
   * The stored text of an instant; {@code null} stays {@code null}.
   *
   * @throws IllegalArgumentException when the year is outside 0000–9999 (text order would break)
   */
  static String text(Instant instant) {
    if (instant == null) {
      return null;
    }
    if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
      throw new IllegalArgumentException("instant out of the storable range 0000-9999: " + instant);
    }
    return FORMAT.format(instant);
  }

  /** Reads stored text back; {@code null} stays {@code null}. */
  static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
