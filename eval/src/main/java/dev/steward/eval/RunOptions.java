package dev.steward.eval;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a run is carried out.
 *
 * @param concurrency the most samples in progress at once (generation and scoring), 1 to 1024
 * @param limit only the first {@code limit} samples of the dataset, or {@code null} for all
 * @param epochs how many times to run each sample, overriding the suite's solver, or {@code null}
 * @param sampleTimeout how long a generation, and each grader call, may take before the sample
 *     counts as an error
 */
public record RunOptions(
    int concurrency, @Nullable Integer limit, @Nullable Integer epochs, Duration sampleTimeout) {
  public static final int MAX_CONCURRENCY = 1024;

  public RunOptions {
    Objects.requireNonNull(sampleTimeout, "sampleTimeout");
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "concurrency: " + concurrency + " (expected: 1.." + MAX_CONCURRENCY + ")");
    }
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
    }
    if (epochs != null && epochs < 1) {
      throw new IllegalArgumentException("epochs: " + epochs + " (expected: >= 1)");
    }
    if (sampleTimeout.isNegative() || sampleTimeout.isZero()) {
      throw new IllegalArgumentException(
          "sample-timeout: " + sampleTimeout + " (expected: a positive duration)");
    }
  }

  /** Four at a time, every sample, the suite's epochs, two minutes per sample. */
  public static RunOptions defaults() {
    return new RunOptions(4, null, null, Duration.ofMinutes(2));
  }
}
