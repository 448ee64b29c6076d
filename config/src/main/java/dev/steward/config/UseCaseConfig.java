package dev.steward.config;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a service uses AI for.
 *
 * @param models the model aliases it may call; empty means every configured alias
 * @param riskTier e.g. {@code low}, {@code medium}, {@code high}
 * @param humanReview whether output must be reviewed by a person before use
 * @param baselineMinutes minutes a person spends on the task without AI
 * @param highRiskArea an EU AI Act Annex III area, when one applies
 */
public record UseCaseConfig(
    String id,
    String purpose,
    List<String> models,
    String riskTier,
    boolean humanReview,
    @Nullable Double baselineMinutes,
    @Nullable String highRiskArea) {
  public UseCaseConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(purpose, "purpose");
    models = List.copyOf(models);
    Objects.requireNonNull(riskTier, "riskTier");
  }

  public boolean allows(String alias) {
    return models.isEmpty() || models.contains(alias);
  }
}
