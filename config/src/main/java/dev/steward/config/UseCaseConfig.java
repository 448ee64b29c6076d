package dev.steward.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a service uses AI for.
 *
 * @param models the model aliases it may call; empty means every configured alias
 * @param riskTier e.g. {@code low}, {@code medium}, {@code high}
 * @param humanReview whether output must be reviewed by a person before use
 * @param baselineMinutes minutes a person spends on the task without AI
 * @param highRiskArea an EU AI Act Annex III area, when one applies
 * @param defaultClassification the label of a request that carries none, unless {@code
 *     refuseUnlabelled}
 * @param refuseUnlabelled whether a request without an {@code X-Steward-Classification} label is
 *     refused rather than given the default
 * @param residencies where the use case's data may be processed; a route whose provider is
 *     elsewhere is never tried
 * @param rateLimitPerKey the rate limit of each API key of the use case
 * @param budgetPerKey the budget of each API key of the use case
 * @param guards the guards its requests and answers pass through
 * @param approvals the safety-evaluation evidence a model version must hold to serve it; {@link
 *     ApprovalRules#NONE} when it does not gate on evidence
 */
public record UseCaseConfig(
    String id,
    String purpose,
    List<String> models,
    String riskTier,
    boolean humanReview,
    @Nullable Double baselineMinutes,
    @Nullable String highRiskArea,
    Classification defaultClassification,
    boolean refuseUnlabelled,
    Set<Residency> residencies,
    RateLimit rateLimitPerKey,
    Budget budgetPerKey,
    GuardsConfig guards,
    ApprovalRules approvals) {
  /**
   * A use case with the default classification handling (OFFICIAL, unlabelled allowed), anywhere,
   * without a per-key rate limit or budget, without guards, not gated on evidence.
   */
  public UseCaseConfig(
      String id,
      String purpose,
      List<String> models,
      String riskTier,
      boolean humanReview,
      @Nullable Double baselineMinutes,
      @Nullable String highRiskArea) {
    this(
        id,
        purpose,
        models,
        riskTier,
        humanReview,
        baselineMinutes,
        highRiskArea,
        Classification.OFFICIAL,
        false,
        EnumSet.allOf(Residency.class),
        RateLimit.NONE,
        Budget.NONE,
        GuardsConfig.NONE,
        ApprovalRules.NONE);
  }

  /** A use case that does not gate on evaluation evidence. */
  public UseCaseConfig(
      String id,
      String purpose,
      List<String> models,
      String riskTier,
      boolean humanReview,
      @Nullable Double baselineMinutes,
      @Nullable String highRiskArea,
      Classification defaultClassification,
      boolean refuseUnlabelled,
      Set<Residency> residencies,
      RateLimit rateLimitPerKey,
      Budget budgetPerKey,
      GuardsConfig guards) {
    this(
        id,
        purpose,
        models,
        riskTier,
        humanReview,
        baselineMinutes,
        highRiskArea,
        defaultClassification,
        refuseUnlabelled,
        residencies,
        rateLimitPerKey,
        budgetPerKey,
        guards,
        ApprovalRules.NONE);
  }

  public UseCaseConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(defaultClassification, "defaultClassification");
    Objects.requireNonNull(rateLimitPerKey, "rateLimitPerKey");
    Objects.requireNonNull(budgetPerKey, "budgetPerKey");
    Objects.requireNonNull(guards, "guards");
    Objects.requireNonNull(approvals, "approvals");
    residencies = Set.copyOf(residencies);
    if (residencies.isEmpty()) {
      throw new IllegalArgumentException("residency: empty (expected: at least one residency)");
    }
    Objects.requireNonNull(purpose, "purpose");
    models = List.copyOf(models);
    Objects.requireNonNull(riskTier, "riskTier");
  }

  public boolean allows(String alias) {
    return models.isEmpty() || models.contains(alias);
  }
}
