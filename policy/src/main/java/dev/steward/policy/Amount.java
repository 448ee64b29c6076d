package dev.steward.policy;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a request costs or may cost: pounds sterling and tokens (input plus output).
 *
 * @param gbp pounds sterling, at least zero
 * @param tokens tokens, at least zero
 */
public record Amount(BigDecimal gbp, long tokens) {
  public static final Amount ZERO = new Amount(BigDecimal.ZERO, 0);

  public Amount {
    Objects.requireNonNull(gbp, "gbp");
    if (gbp.signum() < 0) {
      throw new IllegalArgumentException("gbp: " + gbp + " (expected: >= 0)");
    }
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens: " + tokens + " (expected: >= 0)");
    }
  }

  public static Amount of(BigDecimal gbp, long tokens) {
    return new Amount(gbp, tokens);
  }

  public Amount plus(Amount other) {
    return new Amount(gbp.add(other.gbp), saturatedAdd(tokens, other.tokens));
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
