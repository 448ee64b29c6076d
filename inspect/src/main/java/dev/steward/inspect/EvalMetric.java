package dev.steward.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One metric of a scorer (Inspect's {@code EvalMetric}), e.g. {@code accuracy}.
 *
 * @param value the metric's value; may be NaN (Inspect's standard error of a single sample), which
 *     is written as Inspect writes it, the bare token {@code NaN}
 * @param params the parameters the metric was created with (an empty object when none)
 * @param metadata free-form metadata (an empty object when there is none; then not written)
 */
public record EvalMetric(String name, double value, ObjectNode params, ObjectNode metadata) {

  public EvalMetric {
    Json.nonBlank("metric name", name);
    params = Json.object("params", params);
    metadata = Json.object("metadata", metadata);
  }

  /** A metric without parameters or metadata. */
  public static EvalMetric of(String name, double value) {
    return new EvalMetric(name, value, Json.emptyObject(), Json.emptyObject());
  }

  /** A copy of the parameters. */
  @Override
  public ObjectNode params() {
    return params.deepCopy();
  }

  /** A copy of the metadata. */
  @Override
  public ObjectNode metadata() {
    return metadata.deepCopy();
  }
}
