package dev.steward.inspect;

import org.jspecify.annotations.Nullable;

/**
 * Tokens a model used (Inspect's {@code ModelUsage}). Counts are never negative; the optional ones
 * are absent when the provider did not report them.
 *
 * @param totalTokens as the provider counted them (with some providers, more than input plus
 *     output: cache reads and writes count too)
 */
public record ModelUsage(
    long inputTokens,
    long outputTokens,
    long totalTokens,
    @Nullable Long inputTokensCacheRead,
    @Nullable Long inputTokensCacheWrite,
    @Nullable Long reasoningTokens) {

  public ModelUsage {
    Json.atLeast("input_tokens", inputTokens, 0);
    Json.atLeast("output_tokens", outputTokens, 0);
    Json.atLeast("total_tokens", totalTokens, 0);
    Json.optionalAtLeast("input_tokens_cache_read", inputTokensCacheRead, 0);
    Json.optionalAtLeast("input_tokens_cache_write", inputTokensCacheWrite, 0);
    Json.optionalAtLeast("reasoning_tokens", reasoningTokens, 0);
  }

  /** Input and output tokens, and their sum as the total. */
  public static ModelUsage of(long inputTokens, long outputTokens) {
    return new ModelUsage(
        inputTokens, outputTokens, Math.addExact(inputTokens, outputTokens), null, null, null);
  }
}
