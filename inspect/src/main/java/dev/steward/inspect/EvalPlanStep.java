package dev.steward.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One solver of a plan (Inspect's {@code EvalPlanStep}).
 *
 * @param solver the solver's name, e.g. {@code generate}
 * @param params the parameters it was created with (an empty object when none)
 */
public record EvalPlanStep(String solver, ObjectNode params) {

  public EvalPlanStep {
    Json.nonBlank("solver", solver);
    params = Json.object("params", params);
  }

  /** A step without parameters. */
  public static EvalPlanStep of(String solver) {
    return new EvalPlanStep(solver, Json.emptyObject());
  }

  /** A copy of the parameters. */
  @Override
  public ObjectNode params() {
    return params.deepCopy();
  }
}
