package dev.steward.config;

import java.time.Duration;

/** A self-hosted pool's limits: how many calls run at once, how many may wait, and for how long. */
public record Capacity(int maxConcurrency, int maxQueue, Duration queueTimeout) {
  public Capacity {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException(
          "max-concurrency: " + maxConcurrency + " (expected: >= 1)");
    }
    if (maxQueue < 0) {
      throw new IllegalArgumentException("max-queue: " + maxQueue + " (expected: >= 0)");
    }
  }
}
