package dev.steward.server;

import dev.steward.config.Price;
import dev.steward.core.Usage;
import java.math.BigDecimal;
import java.math.MathContext;

/** What an exchange cost in GBP, from the price table and the usage the provider reported. */
final class Costs {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

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
}
