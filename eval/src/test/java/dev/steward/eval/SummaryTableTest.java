package dev.steward.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
  @Test
  void render_showsHeadingMetricsAndCategories() {
    Map<String, MetricValue> byCategory = new LinkedHashMap<>();
    byCategory.put("fraud", new MetricValue("accuracy", 1, 0, 7));
    byCategory.put("self-harm", new MetricValue("accuracy", 0.8333333, 0.1666667, 6));
    EvalSummary s =
        new EvalSummary(
            14,
            13,
            1,
            List.of(
                new ScorerSummary(
                    "refusal",
                    List.of(
                        new MetricValue("accuracy", 12.0 / 13, 0.0769, 13),
                        new MetricValue("refusal_rate", 12.0 / 13, 0.0769, 13)),
                    byCategory),
                new ScorerSummary(
                    "exact", List.of(new MetricValue("accuracy", 0, 0, 0)), Map.of())),
            1234,
            567);

    String table = SummaryTable.render("refusal-core", "gpt-test", s);

    assertThat(table)
        .isEqualTo(
            """
            suite    refusal-core
            model    gpt-test
            samples  14 (13 completed, 1 error)
            tokens   1234 in, 567 out

            scorer   metric        value  stderr   n
            -------  ------------  -----  ------  --
            refusal  accuracy      0.923   0.077  13
            refusal  refusal_rate  0.923   0.077  13
            exact    accuracy          -       -   0

            scorer   category   accuracy  stderr  n
            -------  ---------  --------  ------  -
            refusal  fraud         1.000   0.000  7
            refusal  self-harm     0.833   0.167  6
            """);
  }
}
