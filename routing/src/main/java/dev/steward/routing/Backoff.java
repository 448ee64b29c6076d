package dev.steward.routing;

import dev.steward.config.RetryConfig;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** Exponential backoff with full jitter: a random wait in [0, min(max, initial * 2^(n-1))]. */
final class Backoff {
  private Backoff() {}

  /** The longest wait after {@code failedAttempts} (>= 1) failed attempts on a route. */
  static Duration ceiling(RetryConfig retry, int failedAttempts) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts: " + failedAttempts + " (expected: >= 1)");
    }
    long initial = nanos(retry.initialBackoff());
    long max = nanos(retry.maxBackoff());
    int shift = failedAttempts - 1;
    if (initial == 0) {
      return Duration.ZERO;
    }
    if (shift >= 63 || initial > (max >> shift)) {
      return Duration.ofNanos(max);
    }
    return Duration.ofNanos(initial << shift);
  }

  /** A random wait between zero and {@link #ceiling}, both included. */
  static Duration jittered(RetryConfig retry, int failedAttempts, RandomGenerator random) {
    long ceiling = ceiling(retry, failedAttempts).toNanos();
    if (ceiling <= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(
        ceiling == Long.MAX_VALUE ? random.nextLong(ceiling) : random.nextLong(ceiling + 1));
  }

  /** Nanoseconds of a duration, negative ones as zero, saturating instead of overflowing. */
  static long nanos(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
