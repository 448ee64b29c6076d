package dev.steward.inspect;

import java.time.OffsetDateTime;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * When an evaluation ran and the tokens it used (Inspect's {@code EvalStats}).
 *
 * @param startedAt when it started; absent (Inspect's empty string) if it stopped before that was
 *     recorded
 * @param completedAt when it finished; absent while running or if it was interrupted
 * @param modelUsage model name to its token usage over the whole run, in order
 */
public record EvalStats(
    @Nullable OffsetDateTime startedAt,
    @Nullable OffsetDateTime completedAt,
    Map<String, ModelUsage> modelUsage) {

  public EvalStats {
    startedAt = Json.optionalTime("started_at", startedAt);
    completedAt = Json.optionalTime("completed_at", completedAt);
    modelUsage = Json.orderedMap("model_usage", modelUsage);
  }
}
