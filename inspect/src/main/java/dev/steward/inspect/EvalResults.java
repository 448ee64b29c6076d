package dev.steward.inspect;

import java.util.List;

/**
 * The aggregate scores of an evaluation (Inspect's {@code EvalResults}).
 *
 * @param totalSamples samples in the run (dataset samples times epochs)
 * @param completedSamples samples that finished without error
 * @param scores one entry per scorer (and reducer), in order
 */
public record EvalResults(int totalSamples, int completedSamples, List<EvalScore> scores) {

  public EvalResults {
    Json.atLeast("total_samples", totalSamples, 0);
    Json.atLeast("completed_samples", completedSamples, 0);
    scores = List.copyOf(scores);
  }
}
