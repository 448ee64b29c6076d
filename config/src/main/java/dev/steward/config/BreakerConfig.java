package dev.steward.config;

import java.time.Duration;

/**
 * A route's circuit breaker: it opens after {@code failureThreshold} consecutive failures, stays
 * open for {@code openFor}, then lets one trial call through.
 */
public record BreakerConfig(int failureThreshold, Duration openFor) {
  public static final BreakerConfig DEFAULT = new BreakerConfig(5, Duration.ofSeconds(30));

  public BreakerConfig {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException(
          "failure-threshold: " + failureThreshold + " (expected: >= 1)");
    }
  }
}
