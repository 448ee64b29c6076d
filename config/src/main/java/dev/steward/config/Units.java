package dev.steward.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Durations and byte sizes as written in configuration files. The patterns are the ones in {@code
 * docs/spec/config.schema.json}; a test keeps them equal.
 */
public final class Units {
  /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}, or ISO-8601 such as PT5S. */
  static final String DURATION_PATTERN =
      "^(?:[0-9]{1,9}(?:ms|s|m|h|d)"
          + "|P(?!$)(?:[0-9]{1,9}D)?(?:T(?=[0-9])(?:[0-9]{1,9}H)?(?:[0-9]{1,9}M)?"
          + "(?:[0-9]{1,9}(?:\\.[0-9]{1,9})?S)?)?)$";

  /** Bytes, optionally with a binary suffix: {@code 65536}, {@code 64KiB}, {@code 8MiB}. */
  static final String SIZE_PATTERN = "^[0-9]{1,9}(?:KiB|MiB|GiB)?$";

  static final String DURATION_EXPECTED = "a duration such as 500ms, 5s, 2m, 1h, 1d or PT5S";
  static final String SIZE_EXPECTED = "a size in bytes such as 65536, 64KiB or 8MiB";

  private static final Pattern DURATION = Pattern.compile(DURATION_PATTERN);
  private static final Pattern SHORT_DURATION = Pattern.compile("^([0-9]+)(ms|s|m|h|d)$");
  private static final Pattern SIZE = Pattern.compile("^([0-9]{1,9})(KiB|MiB|GiB)?$");

  private Units() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration duration(String text) {
    Duration d = durationOrNull(text);
    if (d == null) {
      throw new IllegalArgumentException("'" + text + "' (expected: " + DURATION_EXPECTED + ")");
    }
    return d;
  }

  /**
   * Parses a size in bytes.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static long bytes(String text) {
    Long n = bytesOrNull(text);
    if (n == null) {
      throw new IllegalArgumentException("'" + text + "' (expected: " + SIZE_EXPECTED + ")");
    }
    return n;
  }

  static @Nullable Duration durationOrNull(String text) {
    if (!DURATION.matcher(text).matches()) {
      return null;
    }
    Matcher m = SHORT_DURATION.matcher(text);
    if (!m.matches()) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new IllegalStateException("unit: " + m.group(2));
    };
  }

  static @Nullable Long bytesOrNull(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2);
    if (unit == null) {
      return n;
    }
    return switch (unit) {
      case "KiB" -> n << 10;
      case "MiB" -> n << 20;
      case "GiB" -> n << 30;
      default -> throw new IllegalStateException("unit: " + unit);
    };
  }

  /** The shortest of this file's forms that states {@code d} exactly, e.g. {@code 2s}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (d.getNano() % 1_000_000 != 0) {
      return d.toString();
    }
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s != 0 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
