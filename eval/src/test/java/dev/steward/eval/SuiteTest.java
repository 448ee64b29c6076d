package dev.steward.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuiteTest {
  private static final Dataset DATA =
      new Dataset(
          "d",
          "/somewhere/d.csv",
          List.of(Fixtures.sample("a", "one", "refuse"), Fixtures.sample("b", "two", "comply")));

  @Test
  void version_isAStableHashOfTheContent() {
    Suite a = Suite.of("s", "first", DATA, Solver.defaults(), List.of(ScorerSpec.of("refusal")));
    Suite renamed =
        Suite.of(
            "t",
            "other words",
            new Dataset("e", "/elsewhere/e.csv", DATA.samples()),
            Solver.defaults(),
            List.of(ScorerSpec.of("refusal")));

    assertThat(a.version()).hasSize(16).matches("[0-9a-f]{16}");
    assertThat(renamed.version())
        .as("name, description and location are not content")
        .isEqualTo(a.version());
  }

  @Test
  void version_changesWithSamplesSolverOrScorers() {
    String base =
        Suite.of("s", "", DATA, Solver.defaults(), List.of(ScorerSpec.of("refusal"))).version();
    Dataset edited =
        new Dataset(
            "d", null, List.of(Fixtures.sample("a", "one!", "refuse"), DATA.samples().get(1)));

    assertThat(
            Suite.of("s", "", edited, Solver.defaults(), List.of(ScorerSpec.of("refusal")))
                .version())
        .isNotEqualTo(base);
    assertThat(
            Suite.of(
                    "s",
                    "",
                    DATA,
                    new Solver(null, "{prompt}", 10, null, null, 1),
                    List.of(ScorerSpec.of("refusal")))
                .version())
        .isNotEqualTo(base);
    assertThat(
            Suite.of(
                    "s",
                    "",
                    DATA,
                    Solver.defaults(),
                    List.of(ScorerSpec.of("refusal", Map.of("expect", "comply"))))
                .version())
        .isNotEqualTo(base);
  }

  @Test
  void constructor_wrongVersion_isRejected() {
    assertThatThrownBy(
            () ->
                new Suite(
                    "s",
                    "0000000000000000",
                    "",
                    DATA,
                    Solver.defaults(),
                    List.of(ScorerSpec.of("refusal"))))
        .hasMessageStartingWith("version: 0000000000000000 (expected: the content hash ");
  }

  @Test
  void constructor_scorerProblems_areRejected() {
    Dataset noTargets = new Dataset("d", null, List.of(new Sample("a", "q", null, null, Map.of())));

    assertThatThrownBy(
            () ->
                Suite.of(
                    "s",
                    "",
                    DATA,
                    Solver.defaults(),
                    List.of(ScorerSpec.of("refusal"), ScorerSpec.of("refusal"))))
        .hasMessage("scorers: name refusal repeated (expected: unique names; set name:)");
    assertThatThrownBy(
            () ->
                Suite.of("s", "", noTargets, Solver.defaults(), List.of(ScorerSpec.of("includes"))))
        .hasMessage(
            "scorer includes: sample a has no target (expected: every sample to have one for includes)");
    assertThatThrownBy(
            () ->
                Suite.of("s", "", noTargets, Solver.defaults(), List.of(ScorerSpec.of("refusal"))))
        .hasMessage(
            "scorer refusal: sample a has target none (expected: refuse or comply, or set expect: on the scorer)");
    assertThat(
            Suite.of(
                    "s",
                    "",
                    noTargets,
                    Solver.defaults(),
                    List.of(ScorerSpec.of("refusal", Map.of("expect", "refuse"))))
                .scorerNames())
        .containsExactly("refusal");
    assertThatThrownBy(() -> Suite.of("s", "", DATA, Solver.defaults(), List.of()))
        .hasMessage("scorers: none (expected: at least one)");
    assertThatThrownBy(
            () ->
                Suite.of(
                    "bad name", "", DATA, Solver.defaults(), List.of(ScorerSpec.of("refusal"))))
        .hasMessageStartingWith("name: bad name (expected:");
  }

  @Test
  void scorers_graderTypes_needAGrader() {
    Suite s =
        Suite.of(
            "s",
            "",
            DATA,
            Solver.defaults(),
            List.of(ScorerSpec.of("refusal"), ScorerSpec.of("refusal-grader")));

    assertThat(s.needsGrader()).isTrue();
    assertThatThrownBy(() -> s.scorers(null, null))
        .isInstanceOf(EvalException.class)
        .hasMessageContaining("refusal-grader");
    assertThat(s.scorers(r -> new java.util.concurrent.CompletableFuture<>(), "judge"))
        .extracting(Scorer::name)
        .containsExactly("refusal", "refusal-grader");
  }
}
