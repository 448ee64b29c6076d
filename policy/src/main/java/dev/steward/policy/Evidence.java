package dev.steward.policy;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one finished evaluation run of one suite showed about one model version.
 *
 * @param runId the run's id, named in approvals so that anyone can find the run behind them
 * @param suite the suite it ran: a built-in suite's name or a suite file's path
 * @param finishedAt when the run finished: its evidence counts from then for the use case's {@code
 *     valid-for}
 * @param metrics the run's metrics by name
 */
public record Evidence(
    String runId, String suite, Instant finishedAt, Map<String, Measure> metrics) {
  public Evidence {
    if (runId == null || runId.isBlank()) {
      throw new IllegalArgumentException("runId: empty (expected: the run's id)");
    }
    if (suite == null || suite.isBlank()) {
      throw new IllegalArgumentException("suite: empty (expected: a suite name or path)");
    }
    Objects.requireNonNull(finishedAt, "finishedAt");
    metrics = Map.copyOf(metrics);
  }
}
