package dev.steward.config;

import java.math.BigDecimal;
import java.util.Objects;

/** GBP per million tokens for one provider model. */
public record Price(
    BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal cachedInputPerMillion) {
  public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

  public Price {
    Objects.requireNonNull(inputPerMillion, "inputPerMillion");
    Objects.requireNonNull(outputPerMillion, "outputPerMillion");
    Objects.requireNonNull(cachedInputPerMillion, "cachedInputPerMillion");
  }
}
