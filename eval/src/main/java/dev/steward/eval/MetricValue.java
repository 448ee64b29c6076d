package dev.steward.eval;

import java.util.Objects;

/**
 * One metric of one scorer.
 *
 * @param name {@code accuracy} or {@code refusal_rate}
 * @param value the mean, from 0 to 1 for correct/incorrect scores
 * @param stderr the standard error of the mean: the sample standard deviation over {@code sqrt(n)}
 *     (0 when {@code count < 2})
 * @param count how many samples it is over
 */
public record MetricValue(String name, double value, double stderr, int count) {
  public MetricValue {
    Objects.requireNonNull(name, "name");
    if (!Double.isFinite(value) || !Double.isFinite(stderr) || stderr < 0) {
      throw new IllegalArgumentException(
          "metric "
              + name
              + ": "
              + value
              + " \u00b1 "
              + stderr
              + " (expected: finite, stderr >= 0)");
    }
    if (count < 0) {
      throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
    }
  }
}
