package dev.steward.inspect;

import java.util.List;
import java.util.Objects;

/**
 * The steps each sample went through (Inspect's {@code EvalPlan}).
 *
 * @param name the plan's name ({@code plan} unless named)
 * @param steps the solvers, in order
 * @param config the generation options the plan used
 */
public record EvalPlan(String name, List<EvalPlanStep> steps, GenerateConfig config) {

  public EvalPlan {
    Objects.requireNonNull(name, "plan.name");
    steps = List.copyOf(steps);
    Objects.requireNonNull(config, "plan.config");
  }

  /** A plan named {@code plan}, as Inspect names them. */
  public static EvalPlan of(List<EvalPlanStep> steps, GenerateConfig config) {
    return new EvalPlan("plan", steps, config);
  }
}
