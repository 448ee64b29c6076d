package dev.steward.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The metrics one scorer's scores came to (Inspect's {@code EvalScore}).
 *
 * @param name the score's name, unique within a log (usually the scorer's)
 * @param scorer the scorer's name
 * @param reducer how scores were reduced across epochs, if they were
 * @param scoredSamples samples this scorer scored
 * @param unscoredSamples samples it could not score
 * @param params the parameters the scorer was created with (an empty object when none)
 * @param metrics metric name to metric, in order
 */
public record EvalScore(
    String name,
    String scorer,
    @Nullable String reducer,
    @Nullable Integer scoredSamples,
    @Nullable Integer unscoredSamples,
    ObjectNode params,
    Map<String, EvalMetric> metrics) {

  public EvalScore {
    Json.nonBlank("score name", name);
    Json.nonBlank("scorer", scorer);
    Json.optionalAtLeast("scored_samples", scoredSamples, 0);
    Json.optionalAtLeast("unscored_samples", unscoredSamples, 0);
    params = Json.object("params", params);
    metrics = Json.orderedMap("metrics", metrics);
  }

  /** A copy of the parameters. */
  @Override
  public ObjectNode params() {
    return params.deepCopy();
  }
}
