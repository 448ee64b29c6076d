package dev.steward.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  static SampleResult result(
      String id, int epoch, @Nullable String category, Map<String, Score> scores) {
    return new SampleResult(
        id, epoch, "in " + id, null, category, "out", "m", "end_turn", 3, 2, 1, scores, null, T);
  }

  static SampleResult error(String id, int epoch) {
    return new SampleResult(
        id,
        epoch,
        "in " + id,
        null,
        null,
        null,
        null,
        null,
        1,
        0,
        1,
        Map.of(),
        "generation: boom",
        T);
  }

  static Score c() {
    return Score.of(true, null, null, Map.of());
  }

  static Score i() {
    return Score.of(false, null, null, Map.of());
  }

  static Score refusal(boolean correct, boolean refused) {
    return Score.of(correct, null, null, Map.of("refused", Boolean.toString(refused)));
  }

  @Test
  void summarise_knownValues_meanAndSampleStandardError() {
    List<SampleResult> results =
        List.of(
            result("a", 1, null, Map.of("exact", c())),
            result("b", 1, null, Map.of("exact", c())),
            result("c", 1, null, Map.of("exact", i())),
            result("d", 1, null, Map.of("exact", c())));

    EvalSummary s = Metrics.summarise(results, List.of("exact"));

    // mean 0.75; sample variance (3 * 0.0625 + 0.5625) / 3 = 0.25; stderr sqrt(0.25 / 4) = 0.25
    assertThat(s.metric("accuracy")).contains(new MetricValue("accuracy", 0.75, 0.25, 4));
    assertThat(s.scorers().get(0).metric("refusal_rate")).isEmpty();
    assertThat(s.scorers().get(0).byCategory()).isEmpty();
    assertThat(s.samples()).isEqualTo(4);
    assertThat(s.completed()).isEqualTo(4);
    assertThat(s.inputTokens()).isEqualTo(12);
    assertThat(s.outputTokens()).isEqualTo(8);
  }

  @Test
  void summarise_errors_countedApartAndLeftOutOfMetrics() {
    List<SampleResult> results =
        List.of(
            result("a", 1, null, Map.of("exact", c())),
            error("b", 1),
            result("c", 1, null, Map.of("exact", i())));

    EvalSummary s = Metrics.summarise(results, List.of("exact"));

    assertThat(s.samples()).isEqualTo(3);
    assertThat(s.completed()).isEqualTo(2);
    assertThat(s.errors()).isEqualTo(1);
    MetricValue accuracy = s.metric("accuracy").orElseThrow();
    assertThat(accuracy.value()).isEqualTo(0.5);
    assertThat(accuracy.count()).isEqualTo(2);
    // values 1, 0: variance 0.5, stderr sqrt(0.5 / 2) = 0.5
    assertThat(accuracy.stderr()).isEqualTo(0.5);
    assertThat(s.inputTokens()).isEqualTo(7);
  }

  @Test
  void summarise_refusalScores_addRefusalRate() {
    List<SampleResult> results =
        List.of(
            result("a", 1, "x", Map.of("refusal", refusal(true, true))),
            result("b", 1, "x", Map.of("refusal", refusal(false, true))),
            result("c", 1, "y", Map.of("refusal", refusal(true, false))),
            result("d", 1, null, Map.of("refusal", refusal(true, true))),
            result("e", 1, "y", Map.of("refusal", refusal(true, true))));

    ScorerSummary s = Metrics.summarise(results, List.of("refusal")).scorers().get(0);

    assertThat(s.metrics())
        .extracting(MetricValue::name)
        .containsExactly("accuracy", "refusal_rate");
    assertThat(s.metric("accuracy").orElseThrow().value()).isEqualTo(0.8);
    MetricValue rate = s.metric("refusal_rate").orElseThrow();
    assertThat(rate.value()).isEqualTo(0.8);
    // four 1s and a 0: variance (4 * 0.04 + 0.64) / 4 = 0.2; stderr sqrt(0.2 / 5) = 0.2
    assertThat(rate.stderr()).isCloseTo(0.2, within(1e-12));
    assertThat(s.byCategory().keySet()).containsExactly("uncategorised", "x", "y");
    assertThat(s.byCategory().get("x")).isEqualTo(new MetricValue("accuracy", 0.5, 0.5, 2));
    assertThat(s.byCategory().get("uncategorised")).isEqualTo(new MetricValue("accuracy", 1, 0, 1));
  }

  @Test
  void summarise_epochs_reducedToOneValuePerSample() {
    List<SampleResult> results =
        List.of(
            result("a", 1, null, Map.of("exact", c())),
            result("a", 2, null, Map.of("exact", i())),
            result("b", 1, null, Map.of("exact", c())),
            result("b", 2, null, Map.of("exact", c())));

    MetricValue accuracy =
        Metrics.summarise(results, List.of("exact")).metric("accuracy").orElseThrow();

    // per-sample means 0.5 and 1: variance 0.125, stderr sqrt(0.125 / 2) = 0.25
    assertThat(accuracy).isEqualTo(new MetricValue("accuracy", 0.75, 0.25, 2));
  }

  @Test
  void summarise_repeatedKey_laterResultReplacesEarlier() {
    List<SampleResult> results =
        List.of(
            error("a", 1),
            result("b", 1, null, Map.of("exact", i())),
            result("a", 1, null, Map.of("exact", c())));

    EvalSummary s = Metrics.summarise(results, List.of("exact"));

    assertThat(s.samples()).isEqualTo(2);
    assertThat(s.errors()).isZero();
    assertThat(s.metric("accuracy").orElseThrow().value()).isEqualTo(0.5);
  }

  @Test
  void summarise_nothingScored_givesEmptyMetricsAndNoStderrForOne() {
    EvalSummary none = Metrics.summarise(List.of(error("a", 1)), List.of("exact"));
    EvalSummary one =
        Metrics.summarise(List.of(result("a", 1, null, Map.of("exact", c()))), List.of("exact"));

    assertThat(none.metric("accuracy")).contains(new MetricValue("accuracy", 0, 0, 0));
    assertThat(one.metric("accuracy")).contains(new MetricValue("accuracy", 1, 0, 1));
    assertThat(none.metric("nope")).isEmpty();
  }

  @Test
  void summarise_severalScorers_keepOrderAndFirstHavingAMetricAnswers() {
    List<SampleResult> results =
        List.of(result("a", 1, null, Map.of("exact", i(), "refusal", refusal(true, true))));

    EvalSummary s = Metrics.summarise(results, List.of("exact", "refusal"));

    assertThat(s.scorers()).extracting(ScorerSummary::scorer).containsExactly("exact", "refusal");
    assertThat(s.metric("accuracy").orElseThrow().value()).isZero();
    assertThat(s.metric("refusal_rate").orElseThrow().value()).isEqualTo(1.0);
  }

  /** Naive reference: the textbook formula, computed separately. */
  @Property(tries = 200)
  void mean_matchesTheTextbookFormula(
      @ForAll @Size(min = 2, max = 50) List<@DoubleRange(min = 0, max = 1) Double> values) {
    MetricValue m = Metrics.mean("accuracy", values);

    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double ss = values.stream().mapToDouble(v -> Math.pow(v - mean, 2)).sum();
    double stderr = Math.sqrt(ss / (values.size() - 1)) / Math.sqrt(values.size());
    assertThat(m.value()).isCloseTo(mean, within(1e-12));
    assertThat(m.stderr()).isCloseTo(stderr, within(1e-12));
    assertThat(m.count()).isEqualTo(values.size());
  }

  @Test
  void summarise_shuffledResults_giveTheSameSummary() {
    List<SampleResult> results = new ArrayList<>();
    for (int k = 0; k < 30; k++) {
      results.add(result("s" + k, 1, "c" + (k % 3), Map.of("exact", k % 4 == 0 ? i() : c())));
    }
    EvalSummary ordered = Metrics.summarise(results, List.of("exact"));
    java.util.Collections.shuffle(results, new Random(7));

    EvalSummary shuffled = Metrics.summarise(results, List.of("exact"));

    assertThat(shuffled.metric("accuracy").orElseThrow().value())
        .isCloseTo(ordered.metric("accuracy").orElseThrow().value(), within(1e-12));
    assertThat(shuffled.scorers().get(0).byCategory())
        .isEqualTo(ordered.scorers().get(0).byCategory());
  }
}
