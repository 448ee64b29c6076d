package dev.steward.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A self-hosted pool's limits: how many calls run at once, how many may wait, and for how long; and
 * what its compute costs.
 *
 * @param gpuHourGbp what one GPU-hour of the pool costs, in GBP; {@code null} when the pool's time
 *     is not costed. Each exchange is charged its share of the pool's busy time at this rate
 *     (docs/decisions/0023-gpu-hour-costing.md)
 * @param gpus how many GPUs the pool holds: the rate is charged per GPU
 */
public record Capacity(
    int maxConcurrency,
    int maxQueue,
    Duration queueTimeout,
    @Nullable BigDecimal gpuHourGbp,
    int gpus) {
  public Capacity {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException(
          "max-concurrency: " + maxConcurrency + " (expected: >= 1)");
    }
    if (maxQueue < 0) {
      throw new IllegalArgumentException("max-queue: " + maxQueue + " (expected: >= 0)");
    }
    Objects.requireNonNull(queueTimeout, "queueTimeout");
    if (gpuHourGbp != null && gpuHourGbp.signum() < 0) {
      throw new IllegalArgumentException("gpu-hour-gbp: " + gpuHourGbp + " (expected: >= 0)");
    }
    if (gpus < 1) {
      throw new IllegalArgumentException("gpus: " + gpus + " (expected: >= 1)");
    }
  }

  /** A pool whose time is not costed. */
  public Capacity(int maxConcurrency, int maxQueue, Duration queueTimeout) {
    this(maxConcurrency, maxQueue, queueTimeout, null, 1);
  }
}
