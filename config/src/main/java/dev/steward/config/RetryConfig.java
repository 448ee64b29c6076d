package dev.steward.config;

import java.time.Duration;

/**
 * Retries of one route on retryable errors, with exponential backoff and full jitter.
 *
 * @param maxAttempts attempts per route, the first included
 */
public record RetryConfig(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  public static final RetryConfig DEFAULT =
      new RetryConfig(2, Duration.ofMillis(100), Duration.ofSeconds(2));

  public RetryConfig {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max-attempts: " + maxAttempts + " (expected: >= 1)");
    }
  }
}
