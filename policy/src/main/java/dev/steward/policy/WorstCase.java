package dev.steward.policy;

import dev.steward.config.Price;
import java.math.BigDecimal;
import java.util.Collection;

/**
 * The most a request can cost, known before the call: the amount reserved against its budgets.
 *
 * <p>Input tokens are bounded by the request body's size in bytes: every tokenizer in use (byte-
 * pair encodings over UTF-8, SentencePiece with byte fallback) emits at most one token per byte of
 * text, and the body holds the text plus JSON syntax, so its length is an upper bound that needs no
 * tokenizer. Output tokens are the request's {@code max_tokens} (or the model's {@code
 * max-output-tokens}) for each of its {@code n} choices. The tokens are priced at the most
 * expensive of the routes that may serve the request, input at the dearer of the input and cached
 * input prices, so whichever route answers, the actual cost is no more than this.
 */
public final class WorstCase {
  private WorstCase() {}

  /**
   * The worst case of one request.
   *
   * @param inputBytes the request body's length in bytes
   * @param maxOutputTokens the output tokens one choice may use (0 for embeddings)
   * @param choices how many choices the request asks for (at least 1)
   * @param prices the prices of every route that may serve it; none: free
   */
  public static Amount of(
      long inputBytes, long maxOutputTokens, int choices, Collection<Price> prices) {
    if (inputBytes < 0) {
      throw new IllegalArgumentException("inputBytes: " + inputBytes + " (expected: >= 0)");
    }
    if (maxOutputTokens < 0) {
      throw new IllegalArgumentException(
          "maxOutputTokens: " + maxOutputTokens + " (expected: >= 0)");
    }
    if (choices < 1) {
      throw new IllegalArgumentException("choices: " + choices + " (expected: >= 1)");
    }
    long output = saturatedMultiply(maxOutputTokens, choices);
    BigDecimal gbp = BigDecimal.ZERO;
    for (Price price : prices) {
      BigDecimal input = price.inputPerMillion().max(price.cachedInputPerMillion());
      BigDecimal cost =
          input
              .multiply(BigDecimal.valueOf(inputBytes))
              .add(price.outputPerMillion().multiply(BigDecimal.valueOf(output)))
              .movePointLeft(6);
      gbp = gbp.max(cost);
    }
    return new Amount(gbp, Amount.saturatedAdd(inputBytes, output));
  }

  private static long saturatedMultiply(long a, int b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
  }
}
