package dev.steward.config;

import org.jspecify.annotations.Nullable;

/**
 * Requests and tokens per minute; each limit optional, {@link #NONE} sets none.
 *
 * @param requestsPerMinute requests admitted per minute
 * @param tokensPerMinute input plus output tokens used per minute
 */
public record RateLimit(@Nullable Integer requestsPerMinute, @Nullable Long tokensPerMinute) {
  public static final RateLimit NONE = new RateLimit(null, null);

  public RateLimit {
    if (requestsPerMinute != null && requestsPerMinute < 1) {
      throw new IllegalArgumentException(
          "requests-per-minute: " + requestsPerMinute + " (expected: >= 1)");
    }
    if (tokensPerMinute != null && tokensPerMinute < 1) {
      throw new IllegalArgumentException(
          "tokens-per-minute: " + tokensPerMinute + " (expected: >= 1)");
    }
  }

  /** Whether no limit is set. */
  public boolean isEmpty() {
    return requestsPerMinute == null && tokensPerMinute == null;
  }
}
