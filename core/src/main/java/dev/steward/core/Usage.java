package dev.steward.core;

/**
 * Token counts as the provider reported them.
 *
 * @param inputTokens all prompt tokens, cached ones included
 * @param outputTokens completion tokens
 * @param cachedInputTokens the part of {@code inputTokens} served from the provider's prompt cache
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens) {
  public static final Usage ZERO = new Usage(0, 0, 0);

  public Usage {
    if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0) {
      throw new IllegalArgumentException(
          "usage: negative count (%d, %d, %d)"
              .formatted(inputTokens, outputTokens, cachedInputTokens));
    }
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cachedInputTokens + other.cachedInputTokens);
  }
}
