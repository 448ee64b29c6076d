package dev.steward.config;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Spending limits of a department or service, per UTC calendar day and month. Every limit is
 * optional; {@link #NONE} sets none.
 *
 * @param gbpPerDay pounds sterling per UTC day
 * @param gbpPerMonth pounds sterling per UTC calendar month
 * @param tokensPerDay input plus output tokens per UTC day
 * @param tokensPerMonth input plus output tokens per UTC calendar month
 */
public record Budget(
    @Nullable BigDecimal gbpPerDay,
    @Nullable BigDecimal gbpPerMonth,
    @Nullable Long tokensPerDay,
    @Nullable Long tokensPerMonth) {
  public static final Budget NONE = new Budget(null, null, null, null);

  public Budget {
    nonNegative("gbp-per-day", gbpPerDay);
    nonNegative("gbp-per-month", gbpPerMonth);
    nonNegative("tokens-per-day", tokensPerDay == null ? null : BigDecimal.valueOf(tokensPerDay));
    nonNegative(
        "tokens-per-month", tokensPerMonth == null ? null : BigDecimal.valueOf(tokensPerMonth));
  }

  /** Whether no limit is set. */
  public boolean isEmpty() {
    return gbpPerDay == null
        && gbpPerMonth == null
        && tokensPerDay == null
        && tokensPerMonth == null;
  }

  private static void nonNegative(String name, @Nullable BigDecimal value) {
    if (value != null && value.signum() < 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
    }
  }
}
