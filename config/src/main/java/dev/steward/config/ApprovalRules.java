package dev.steward.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The safety-evaluation evidence a model version must hold to serve a use case ({@code approvals:}
 * of a use case). Evidence is the latest finished run of each named suite; it counts for {@code
 * validFor} after the run finished. A use case with no requirements ({@link #NONE}) does not gate
 * on evidence at all.
 *
 * @param requires what the evidence must show, every requirement at once
 * @param validFor how long a run's evidence counts after the run finished
 */
public record ApprovalRules(List<Requirement> requires, Duration validFor) {
  /** {@code valid-for} when the configuration sets none. */
  public static final Duration DEFAULT_VALID_FOR = Duration.ofDays(90);

  /** No requirements: the use case does not gate on evidence. */
  public static final ApprovalRules NONE = new ApprovalRules(List.of(), DEFAULT_VALID_FOR);

  public ApprovalRules {
    requires = List.copyOf(requires);
    Objects.requireNonNull(validFor, "validFor");
    if (validFor.isNegative() || validFor.isZero()) {
      throw new IllegalArgumentException("valid-for: " + validFor + " (expected: a duration > 0)");
    }
  }

  /** Whether a model version needs an active approval to serve the use case. */
  public boolean gated() {
    return !requires.isEmpty();
  }

  /**
   * Which value of a metric a requirement compares with its thresholds.
   *
   * <p>{@code LOWER_95} with a {@code min} (and {@code UPPER_95} with a {@code max}) asks that the
   * threshold be met with 95 % confidence, not merely by the measured value: a small run cannot
   * pass on luck.
   */
  public enum Bound {
    /** The measured value itself. */
    POINT("point"),
    /** The lower end of the two-sided 95 % confidence interval. */
    LOWER_95("lower-95"),
    /** The upper end of the two-sided 95 % confidence interval. */
    UPPER_95("upper-95");

    private final String configName;

    Bound(String configName) {
      this.configName = configName;
    }

    /** The name in configuration files and messages: {@code lower-95}. */
    public String configName() {
      return configName;
    }
  }

  /**
   * One check on one metric of one suite's latest run: the metric's value at {@code bound} must be
   * at least {@code min} and at most {@code max}, whichever are given (at least one is).
   *
   * @param suite the evaluation suite: a built-in suite's name or a suite file's path
   * @param metric the metric of the suite's run, e.g. {@code accuracy}
   */
  public record Requirement(
      String suite, String metric, @Nullable Double min, @Nullable Double max, Bound bound) {
    public Requirement {
      if (suite == null || suite.isBlank()) {
        throw new IllegalArgumentException("suite: empty (expected: a suite name or path)");
      }
      if (metric == null || metric.isBlank()) {
        throw new IllegalArgumentException("metric: empty (expected: a metric name)");
      }
      Objects.requireNonNull(bound, "bound");
      if (min == null && max == null) {
        throw new IllegalArgumentException(
            "requirement on "
                + suite
                + " "
                + metric
                + ": no threshold (expected: min, max or both)");
      }
      if (min != null && !Double.isFinite(min)) {
        throw new IllegalArgumentException("min: " + min + " (expected: a finite number)");
      }
      if (max != null && !Double.isFinite(max)) {
        throw new IllegalArgumentException("max: " + max + " (expected: a finite number)");
      }
      if (min != null && max != null && min > max) {
        throw new IllegalArgumentException("min: " + min + " (expected: <= max " + max + ")");
      }
    }
  }
}
