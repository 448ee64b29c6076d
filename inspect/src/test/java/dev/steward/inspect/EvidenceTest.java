package dev.steward.inspect;

import static dev.steward.inspect.InspectLogsTest.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.inspect.InspectLogException.Code;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceTest {

  @Test
  void evidence_exampleEvalArchive_givesTaskModelRunAndMetrics() {
    EvalLog log = InspectLogs.read(Fixtures.resource("example-read-sample-v2.eval"));

    ImportedEvidence evidence = InspectLogs.evidence(log);

    assertThat(evidence)
        .isEqualTo(
            new ImportedEvidence(
                "popularity",
                "ollama/gemma3",
                "X3kuys5egBfmBhaXyCtp4X",
                Instant.parse("2025-07-05T13:59:49Z"),
                1,
                1,
                Map.of("match", Map.of("accuracy", 1.0, "stderr", 0.0))));
  }

  @Test
  void evidence_writtenLog_keepsEveryScorersMetricsInOrder() {
    ImportedEvidence evidence = InspectLogs.evidence(Fixtures.log());

    assertThat(evidence.completedAt()).isEqualTo(Instant.parse("2026-11-27T14:31:12.5Z"));
    assertThat(evidence.totalSamples()).isEqualTo(3);
    assertThat(evidence.metricsByScorer().keySet()).containsExactly("match", "pii_leak");
    assertThat(Fixtures.present(evidence.metricsByScorer().get("match")))
        .containsExactly(
            Map.entry("accuracy", 0.6666666666666666), Map.entry("stderr", 0.33333333333333337));
    assertThat(evidence.metricsByScorer().get("pii_leak"))
        .containsExactly(Map.entry("mean", 0.25), Map.entry("max", 0.5));
  }

  @Test
  void evidence_nanMetric_isKept() {
    ImportedEvidence evidence =
        InspectLogs.evidence(InspectLogsTest.withMetric(Fixtures.log(), Double.NaN));

    assertThat(Fixtures.present(evidence.metricsByScorer().get("match")).get("stderr")).isNaN();
  }

  @Test
  void evidence_cancelledRun_isIncomplete() {
    EvalLog log = InspectLogs.read(Fixtures.resource("example-log-popularity.json"));

    assertFails(
        () -> InspectLogs.evidence(log),
        Code.INCOMPLETE,
        "log of popularity on openai/gpt-4o-mini: status cancelled (expected: success)");
  }

  @Test
  void evidence_withoutResultsOrCompletion_isIncomplete() {
    EvalLog log = Fixtures.log();
    EvalLog noResults =
        new EvalLog(
            log.status(), log.eval(), log.plan(), null, log.stats(), null, List.of(), List.of());
    EvalLog noCompletion =
        new EvalLog(
            log.status(),
            log.eval(),
            log.plan(),
            log.results(),
            new EvalStats(Fixtures.STARTED, null, Map.of()),
            null,
            List.of(),
            List.of());

    assertFails(() -> InspectLogs.evidence(noResults), Code.INCOMPLETE, "no results");
    assertFails(() -> InspectLogs.evidence(noCompletion), Code.INCOMPLETE, "no stats.completed_at");
  }

  @Test
  void evidence_twoScoresOfOneName_isMalformed() {
    EvalLog log = Fixtures.log();
    EvalScore match = Fixtures.present(log.results()).scores().get(0);
    EvalLog twice =
        new EvalLog(
            log.status(),
            log.eval(),
            log.plan(),
            new EvalResults(3, 3, List.of(match, match)),
            log.stats(),
            null,
            List.of(),
            List.of());

    assertFails(
        () -> InspectLogs.evidence(twice),
        Code.MALFORMED,
        "results.scores[1].name: a name used before");
  }

  @Test
  void importedEvidence_maps_areUnmodifiableCopies() {
    Map<String, Double> metrics = new HashMap<>(Map.of("accuracy", 0.5));
    Map<String, Map<String, Double>> byScorer = new HashMap<>();
    byScorer.put("match", metrics);
    ImportedEvidence evidence =
        new ImportedEvidence("t", "m/m", "r", Instant.EPOCH, 1, 1, byScorer);

    metrics.put("stderr", 0.1);
    byScorer.clear();

    assertThat(evidence.metricsByScorer()).isEqualTo(Map.of("match", Map.of("accuracy", 0.5)));
    assertThatThrownBy(
            () -> Fixtures.present(evidence.metricsByScorer().get("match")).put("x", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
