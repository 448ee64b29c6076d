package dev.steward.store;

import java.math.BigDecimal;

/** Sums over ledger rows: how many requests, their tokens and their cost in pounds sterling. */
public record LedgerTotals(
    long requests,
    long inputTokens,
    long outputTokens,
    long cachedInputTokens,
    BigDecimal costGbp) {

  /** Nothing at all. */
  public static final LedgerTotals ZERO = new LedgerTotals(0, 0, 0, 0, BigDecimal.ZERO);

  public LedgerTotals {
    Checks.nonNegative("requests", requests);
    Checks.nonNegative("inputTokens", inputTokens);
    Checks.nonNegative("outputTokens", outputTokens);
    Checks.nonNegative("cachedInputTokens", cachedInputTokens);
    costGbp = Checks.money("costGbp", costGbp);
  }
}
