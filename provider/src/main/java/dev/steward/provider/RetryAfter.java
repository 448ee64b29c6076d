package dev.steward.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Parses the {@code Retry-After} header (seconds or an HTTP date) and {@code retry-after-ms}. */
public final class RetryAfter {
  private static final Duration MAX = Duration.ofMinutes(10);

  private RetryAfter() {}

  /** The delay a response asks for, capped at ten minutes, or {@code null} when none or bad. */
  public static @Nullable Duration of(UpstreamResponse response, Instant now) {
    String ms = response.header("retry-after-ms");
    if (ms != null) {
      try {
        return cap(Duration.ofMillis((long) Double.parseDouble(ms.strip())));
      } catch (NumberFormatException e) {
        // fall through to Retry-After
      }
    }
    String value = response.header("retry-after");
    return value == null ? null : parse(value, now);
  }

  /** Parses one {@code Retry-After} value. */
  public static @Nullable Duration parse(String value, Instant now) {
    String v = value.strip();
    try {
      double seconds = Double.parseDouble(v);
      if (seconds < 0 || Double.isNaN(seconds)) {
        return null;
      }
      return cap(Duration.ofMillis((long) (seconds * 1000)));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : cap(d);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static Duration cap(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
