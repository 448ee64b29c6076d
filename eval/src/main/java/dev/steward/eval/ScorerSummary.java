package dev.steward.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One scorer's metrics.
 *
 * @param scorer the scorer's name
 * @param metrics {@code accuracy}, then {@code refusal_rate} for refusal scorers
 * @param byCategory accuracy per sample category, in category order; empty when no sample has a
 *     category (samples without one are reported under {@value Metrics#UNCATEGORISED})
 */
public record ScorerSummary(
    String scorer, List<MetricValue> metrics, Map<String, MetricValue> byCategory) {
  public ScorerSummary {
    Objects.requireNonNull(scorer, "scorer");
    metrics = List.copyOf(metrics);
    byCategory = Collections.unmodifiableMap(new LinkedHashMap<>(byCategory));
  }

  /** The named metric, when this scorer has it. */
  public Optional<MetricValue> metric(String name) {
    return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
