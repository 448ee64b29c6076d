package dev.steward.server;

import dev.steward.config.Capacity;
import dev.steward.config.Price;
import dev.steward.core.Usage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;

/** What an exchange cost in GBP, from the price table and the usage the provider reported. */
final class Costs {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal NANOS_PER_HOUR = BigDecimal.valueOf(3_600_000_000_000L);

  private Costs() {}

  /**
   * Uncached input at the input price, cached input at the cached-input price, output at the output
   * price; prices are per million tokens.
   */
  static BigDecimal of(Price price, Usage usage) {
    long cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
    BigDecimal total =
        price
            .inputPerMillion()
            .multiply(BigDecimal.valueOf(usage.inputTokens() - cached))
            .add(price.cachedInputPerMillion().multiply(BigDecimal.valueOf(cached)))
            .add(price.outputPerMillion().multiply(BigDecimal.valueOf(usage.outputTokens())));
    return total.divide(MILLION, MathContext.DECIMAL64);
  }

  /**
   * A self-hosted pool's time: {@code gpu-hour-gbp × gpus × poolTime / 1 hour}, where {@code
   * poolTime} is the exchange's share of the pool's busy time; zero when the pool's time is not
   * costed (docs/decisions/0023-gpu-hour-costing.md).
   */
  static BigDecimal gpu(Capacity capacity, Duration poolTime) {
    BigDecimal rate = capacity.gpuHourGbp();
    if (rate == null || poolTime.isZero() || poolTime.isNegative()) {
      return BigDecimal.ZERO;
    }
    return rate.multiply(BigDecimal.valueOf(capacity.gpus()))
        .multiply(BigDecimal.valueOf(poolTime.toNanos()))
        .divide(NANOS_PER_HOUR, MathContext.DECIMAL64);
  }
}
