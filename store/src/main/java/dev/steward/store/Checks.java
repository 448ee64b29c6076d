package dev.steward.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the records; messages name the value and the expectation. */
final class Checks {
  /** Decimal places kept for amounts of money (columns are NUMERIC(24, 10)). */
  static final int MONEY_SCALE = 10;

  private Checks() {}

  /** A non-blank string of at most {@code max} characters. */
  static String text(String name, String value, int max) {
    Objects.requireNonNull(value, name);
    if (value.isBlank() || value.length() > max) {
      throw new IllegalArgumentException(
          name
              + ": \""
              + abbreviate(value)
              + "\" (expected: 1.."
              + max
              + " characters, not blank)");
    }
    return value;
  }

  /** A non-blank string of at most {@code max} characters, counted in code points. */
  static String note(String name, String value, int max) {
    Objects.requireNonNull(value, name);
    int length = value.codePointCount(0, value.length());
    if (value.isBlank() || length > max) {
      throw new IllegalArgumentException(
          name
              + ": "
              + length
              + " characters"
              + (value.isBlank() ? ", blank" : "")
              + " (expected: 1.."
              + max
              + " characters, not blank)");
    }
    return value;
  }

  /** A limit on the rows a listing returns: 1..{@code max}. */
  static int limit(int limit, int max) {
    if (limit < 1 || limit > max) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + max + ")");
    }
    return limit;
  }

  static @Nullable String optionalText(String name, @Nullable String value, int max) {
    return value == null ? null : text(name, value, max);
  }

  static long nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
    }
    return value;
  }

  /**
   * Timestamps are kept to the microsecond, the precision of PostgreSQL, so that a value reads back
   * equal to what was written.
   */
  static Instant micros(String name, Instant value) {
    return Objects.requireNonNull(value, name).truncatedTo(ChronoUnit.MICROS);
  }

  static @Nullable Instant optionalMicros(String name, @Nullable Instant value) {
    return value == null ? null : micros(name, value);
  }

  /**
   * Money at a fixed scale of {@value #MONEY_SCALE} decimal places (finer amounts are rounded half
   * to even), so that equal amounts are {@code equals} and read back unchanged.
   */
  static BigDecimal money(String name, BigDecimal value) {
    Objects.requireNonNull(value, name);
    if (value.signum() < 0) {
      throw new IllegalArgumentException(name + ": " + value.toPlainString() + " (expected: >= 0)");
    }
    return value.setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }
}
