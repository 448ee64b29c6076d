package dev.steward.policy;

import dev.steward.config.ApprovalRules.Bound;
import org.jspecify.annotations.Nullable;

/**
 * One metric of an evaluation run, with what is known of its uncertainty.
 *
 * <p>The 95 % bounds are the Wilson score interval when the metric is a proportion — a value in [0,
 * 1] measured over {@code count > 0} samples, such as accuracy or a refusal rate — because it stays
 * within [0, 1] and behaves at 0 and 1, where the normal approximation collapses to a point.
 * Otherwise they are {@code value ∓ 1.959964 · stderr}, and unknown without a {@code stderr}.
 *
 * @param value the metric's value
 * @param stderr its standard error, when the run reported one
 * @param count the samples it was measured over (0 when unknown)
 */
public record Measure(double value, @Nullable Double stderr, int count) {
  /** The two-sided 95 % normal quantile. */
  public static final double Z95 = 1.959964;

  public Measure {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value: " + value + " (expected: a finite number)");
    }
    if (stderr != null && !(Double.isFinite(stderr) && stderr >= 0)) {
      throw new IllegalArgumentException("stderr: " + stderr + " (expected: a finite number >= 0)");
    }
    if (count < 0) {
      throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
    }
  }

  /** Whether the value is a proportion over known samples, bounded by the Wilson interval. */
  public boolean proportion() {
    return count > 0 && value >= 0 && value <= 1;
  }

  /** Whether the 95 % bounds are known; when not, {@link #at} gives the point value for them. */
  public boolean hasInterval() {
    return proportion() || stderr != null;
  }

  /** The value at {@code bound}: the point value, or an end of the 95 % interval when known. */
  public double at(Bound bound) {
    return switch (bound) {
      case POINT -> value;
      case LOWER_95 -> bound(true);
      case UPPER_95 -> bound(false);
    };
  }

  private double bound(boolean lower) {
    if (proportion()) {
      return wilson(value, count, lower);
    }
    Double se = stderr;
    if (se == null) {
      return value;
    }
    return lower ? value - Z95 * se : value + Z95 * se;
  }

  /**
   * An end of the Wilson score interval at 95 % for the proportion {@code p} of {@code n} samples;
   * clamped to [0, 1] and to contain {@code p}, which it does in exact arithmetic.
   */
  static double wilson(double p, int n, boolean lower) {
    double z2n = Z95 * Z95 / n;
    double denominator = 1 + z2n;
    double centre = (p + z2n / 2) / denominator;
    double half = Z95 / denominator * Math.sqrt(p * (1 - p) / n + z2n / (4.0 * n));
    return lower
        ? Math.min(p, Math.max(0, centre - half))
        : Math.max(p, Math.min(1, centre + half));
  }
}
