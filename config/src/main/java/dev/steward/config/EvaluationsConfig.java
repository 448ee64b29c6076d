package dev.steward.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How safety evaluations run ({@code evaluations:}): how many samples at once, how long one may
 * take, the canary runs repeated on a schedule, and whether a failed run revokes approvals.
 *
 * @param concurrency samples evaluated at once, per run (1..256)
 * @param sampleTimeout the longest one sample's model call may take
 * @param canaries suites run again and again against a model alias, to catch a model that changes
 *     under its name
 * @param autoRevoke whether a run that no longer meets a use case's rules withdraws the approvals
 *     it affects at once, rather than letting them run to their expiry
 */
public record EvaluationsConfig(
    int concurrency, Duration sampleTimeout, List<Canary> canaries, boolean autoRevoke) {
  public static final int DEFAULT_CONCURRENCY = 8;
  public static final int MAX_CONCURRENCY = 256;
  public static final Duration DEFAULT_SAMPLE_TIMEOUT = Duration.ofSeconds(60);

  /** The shortest interval between two runs of one canary. */
  public static final Duration MIN_CANARY_EVERY = Duration.ofMinutes(1);

  /** Eight at once, a minute per sample, no canaries, no automatic revocation. */
  public static final EvaluationsConfig DEFAULT =
      new EvaluationsConfig(DEFAULT_CONCURRENCY, DEFAULT_SAMPLE_TIMEOUT, List.of(), false);

  public EvaluationsConfig {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "concurrency: " + concurrency + " (expected: 1.." + MAX_CONCURRENCY + ")");
    }
    Objects.requireNonNull(sampleTimeout, "sampleTimeout");
    if (sampleTimeout.isNegative() || sampleTimeout.isZero()) {
      throw new IllegalArgumentException(
          "sample-timeout: " + sampleTimeout + " (expected: a duration > 0)");
    }
    canaries = List.copyOf(canaries);
  }

  /**
   * A suite run against a model alias every {@code every}.
   *
   * @param suite a built-in suite's name or a suite file's path
   * @param model a configured model alias
   * @param every the interval between two runs, at least a minute
   * @param limit the samples of the suite each run takes (the first ones), or null for all
   */
  public record Canary(String suite, String model, Duration every, @Nullable Integer limit) {
    public Canary {
      if (suite == null || suite.isBlank()) {
        throw new IllegalArgumentException("suite: empty (expected: a suite name or path)");
      }
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model: empty (expected: a model alias)");
      }
      Objects.requireNonNull(every, "every");
      if (every.compareTo(MIN_CANARY_EVERY) < 0) {
        throw new IllegalArgumentException("every: " + every + " (expected: at least 1m)");
      }
      if (limit != null && limit < 1) {
        throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
      }
    }
  }
}
