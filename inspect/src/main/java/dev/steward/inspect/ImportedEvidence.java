package dev.steward.inspect;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an importer keeps of a finished, successful Inspect evaluation: which task and model, which
 * run, when it completed, how many samples, and every metric ({@link InspectLogs#evidence}).
 *
 * @param runId the run's id (may be empty when the log recorded none)
 * @param totalSamples samples in the run (dataset samples times epochs)
 * @param completedSamples samples that finished without error
 * @param metricsByScorer score name (usually the scorer's) to metric name to value, in the log's
 *     order; a value may be NaN, as Inspect records the standard error of a single sample
 */
public record ImportedEvidence(
    String task,
    String model,
    String runId,
    Instant completedAt,
    int totalSamples,
    int completedSamples,
    Map<String, Map<String, Double>> metricsByScorer) {

  public ImportedEvidence {
    Json.nonBlank("task", task);
    Json.nonBlank("model", model);
    Objects.requireNonNull(runId, "run_id");
    Objects.requireNonNull(completedAt, "completed_at");
    Json.atLeast("total_samples", totalSamples, 0);
    Json.atLeast("completed_samples", completedSamples, 0);
    Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Double>> e :
        Json.orderedMap("metrics_by_scorer", metricsByScorer).entrySet()) {
      copy.put(e.getKey(), Json.orderedMap("metrics_by_scorer." + e.getKey(), e.getValue()));
    }
    metricsByScorer = Collections.unmodifiableMap(copy);
  }
}
