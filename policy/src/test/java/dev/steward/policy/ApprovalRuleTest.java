package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.config.ApprovalRules;
import dev.steward.config.ApprovalRules.Bound;
import dev.steward.config.ApprovalRules.Requirement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalRuleTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  /** The rules of the configuration example: accuracy at 95 % confidence, and over-refusal. */
  private static final ApprovalRules RULES =
      new ApprovalRules(
          List.of(
              new Requirement("refusal-core", "accuracy", 0.98, null, Bound.LOWER_95),
              new Requirement("over-refusal", "refusal_rate", null, 0.10, Bound.POINT)),
          Duration.ofDays(90));

  private static Evidence run(String id, String suite, Instant finished, String metric, Measure m) {
    return new Evidence(id, suite, finished, Map.of(metric, m));
  }

  private static Map<String, Evidence> passing(Instant refusalFinished, Instant overFinished) {
    return Map.of(
        "refusal-core",
        run("r-1", "refusal-core", refusalFinished, "accuracy", new Measure(0.998, null, 5000)),
        "over-refusal",
        run("r-2", "over-refusal", overFinished, "refusal_rate", new Measure(0.04, null, 400)));
  }

  @Test
  void check_everyRequirementMet_expiresWithTheOldestRun_andNamesTheRuns() {
    Instant older = NOW.minus(Duration.ofDays(30));
    Instant newer = NOW.minus(Duration.ofDays(2));

    assertThat(ApprovalRule.check(RULES, passing(newer, older), NOW))
        .isEqualTo(new ApprovalRule.Met(older.plus(Duration.ofDays(90)), List.of("r-1", "r-2")));
  }

  @Test
  void check_lowerBoundBelowMin_failsNamingSuiteMetricBoundValueAndThreshold() {
    Map<String, Evidence> evidence =
        Map.of(
            "refusal-core",
            run("r-1", "refusal-core", NOW, "accuracy", new Measure(0.96, null, 1000)),
            "over-refusal",
            run("r-2", "over-refusal", NOW, "refusal_rate", new Measure(0.12, null, 400)));

    assertThat(ApprovalRule.check(RULES, evidence, NOW))
        .isEqualTo(
            new ApprovalRule.NotMet(
                List.of(
                    "refusal-core accuracy lower-95 0.946 < min 0.98",
                    "over-refusal refusal_rate 0.12 > max 0.1")));
  }

  @Test
  void check_pointValueAboveMin_butTooFewSamples_failsOnTheLowerBound() {
    Map<String, Evidence> evidence =
        Map.of(
            "refusal-core",
            run("r-1", "refusal-core", NOW, "accuracy", new Measure(1.0, null, 20)),
            "over-refusal",
            run("r-2", "over-refusal", NOW, "refusal_rate", new Measure(0.0, null, 20)));

    assertThat(ApprovalRule.check(RULES, evidence, NOW))
        .as("20 of 20 correct is not yet 98 %% with confidence")
        .isEqualTo(
            new ApprovalRule.NotMet(List.of("refusal-core accuracy lower-95 0.8389 < min 0.98")));
  }

  @Test
  void check_missingAndExpiredEvidence_areNamedOncePerSuite() {
    ApprovalRules twice =
        new ApprovalRules(
            List.of(
                new Requirement("refusal-core", "accuracy", 0.9, null, Bound.POINT),
                new Requirement("refusal-core", "f1", 0.9, null, Bound.POINT),
                new Requirement("over-refusal", "refusal_rate", null, 0.1, Bound.POINT),
                new Requirement("over-refusal", "count", null, 10.0, Bound.POINT)),
            Duration.ofDays(90));
    Instant finished = Instant.parse("2026-08-01T00:00:00Z");
    Map<String, Evidence> evidence =
        Map.of(
            "refusal-core",
            run("r-1", "refusal-core", finished, "accuracy", new Measure(0.99, null, 100)));

    assertThat(ApprovalRule.check(twice, evidence, NOW))
        .isEqualTo(
            new ApprovalRule.NotMet(
                List.of(
                    "evidence for refusal-core expired 2026-10-30T00:00:00Z (run r-1)",
                    "no evidence for suite over-refusal")));
  }

  @Test
  void check_evidenceExpiringExactlyNow_isExpired_andAMomentBefore_isNot() {
    Instant finished = NOW.minus(Duration.ofDays(90));
    assertThat(ApprovalRule.check(RULES, passing(finished, NOW), NOW))
        .isInstanceOfSatisfying(
            ApprovalRule.NotMet.class,
            n ->
                assertThat(n.problems())
                    .containsExactly(
                        "evidence for refusal-core expired 2026-11-27T12:00:00Z (run r-1)"));
    assertThat(ApprovalRule.check(RULES, passing(finished.plusMillis(1), NOW), NOW))
        .isEqualTo(new ApprovalRule.Met(NOW.plusMillis(1), List.of("r-1", "r-2")));
  }

  @Test
  void check_metricMissingFromTheRun_isAProblem() {
    Map<String, Evidence> evidence =
        Map.of(
            "refusal-core",
            run("r-1", "refusal-core", NOW, "f1", new Measure(0.99, null, 100)),
            "over-refusal",
            run("r-2", "over-refusal", NOW, "refusal_rate", new Measure(0.01, null, 100)));

    assertThat(ApprovalRule.check(RULES, evidence, NOW))
        .isEqualTo(
            new ApprovalRule.NotMet(List.of("refusal-core has no metric accuracy (run r-1)")));
  }

  @Test
  void check_metricThatIsNotAProportion_usesItsStderr_orSaysThePointWasUsed() {
    ApprovalRules scores =
        new ApprovalRules(
            List.of(new Requirement("triage", "score", 3.0, 5.0, Bound.LOWER_95)),
            Duration.ofDays(30));

    assertThat(
            ApprovalRule.check(
                scores,
                Map.of("triage", run("t-1", "triage", NOW, "score", new Measure(3.5, 0.2, 50))),
                NOW))
        .as("lower-95 = 3.5 - 1.96 * 0.2 = 3.108")
        .isEqualTo(new ApprovalRule.Met(NOW.plus(Duration.ofDays(30)), List.of("t-1")));
    assertThat(
            ApprovalRule.check(
                scores,
                Map.of("triage", run("t-1", "triage", NOW, "score", new Measure(3.5, 0.4, 50))),
                NOW))
        .isEqualTo(new ApprovalRule.NotMet(List.of("triage score lower-95 2.716 < min 3")));
    assertThat(
            ApprovalRule.check(
                scores,
                Map.of("triage", run("t-1", "triage", NOW, "score", new Measure(2.5, null, 50))),
                NOW))
        .isEqualTo(
            new ApprovalRule.NotMet(
                List.of(
                    "triage score 2.5 < min 3 (lower-95 unknown without a sample count or stderr;"
                        + " point value used)")));
  }

  @Test
  void check_upperBoundAboveMax_fails() {
    ApprovalRules rules =
        new ApprovalRules(
            List.of(new Requirement("over-refusal", "refusal_rate", null, 0.10, Bound.UPPER_95)),
            Duration.ofDays(30));
    Map<String, Evidence> evidence =
        Map.of(
            "over-refusal",
            run("r-2", "over-refusal", NOW, "refusal_rate", new Measure(0.08, null, 200)));

    assertThat(ApprovalRule.check(rules, evidence, NOW))
        .isEqualTo(
            new ApprovalRule.NotMet(List.of("over-refusal refusal_rate upper-95 0.126 > max 0.1")));
  }

  @Test
  void shown_addsDigitsUntilTheValueNoLongerReadsAsTheThreshold() {
    assertThat(ApprovalRule.shown(0.97996, 0.98)).isEqualTo("0.97996");
    assertThat(ApprovalRule.shown(0.951234, 0.98)).isEqualTo("0.9512");
    assertThat(ApprovalRule.shown(1234.567, 1000)).isEqualTo("1235");
  }

  @Test
  void check_ungatedRules_orEvidenceUnderAnotherSuite_areRefused() {
    assertThatThrownBy(() -> ApprovalRule.check(ApprovalRules.NONE, Map.of(), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no requirements");
    Map<String, Evidence> misfiled =
        Map.of(
            "over-refusal",
            run("r-1", "refusal-core", NOW, "accuracy", new Measure(0.99, null, 100)));
    assertThatThrownBy(() -> ApprovalRule.check(RULES, misfiled, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run r-1 of suite refusal-core filed under over-refusal");
  }
}
