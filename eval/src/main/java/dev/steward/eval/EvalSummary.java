package dev.steward.eval;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a run.
 *
 * @param samples how many sample runs (sample and epoch) the summary covers
 * @param completed how many of them completed
 * @param errors how many of them failed; they count in no metric
 * @param scorers each scorer's metrics, in scorer order
 * @param inputTokens prompt tokens over all sample runs, failed ones included
 * @param outputTokens completion tokens over all sample runs, failed ones included
 */
public record EvalSummary(
    int samples,
    int completed,
    int errors,
    List<ScorerSummary> scorers,
    long inputTokens,
    long outputTokens) {
  public EvalSummary {
    scorers = List.copyOf(scorers);
    if (samples < 0 || completed < 0 || errors < 0 || completed + errors != samples) {
      throw new IllegalArgumentException(
          "counts: %d samples, %d completed, %d errors (expected: completed + errors = samples)"
              .formatted(samples, completed, errors));
    }
  }

  /** The named metric of the first scorer that has it. */
  public Optional<MetricValue> metric(String name) {
    for (ScorerSummary s : scorers) {
      Optional<MetricValue> m = s.metric(name);
      if (m.isPresent()) {
        return m;
      }
    }
    return Optional.empty();
  }

  /** The named scorer's summary. */
  public Optional<ScorerSummary> scorer(String name) {
    return scorers.stream().filter(s -> s.scorer().equals(name)).findFirst();
  }
}
