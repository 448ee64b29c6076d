package dev.steward.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInSuitesTest {
  @Test
  void names_listTheThreeSuites() {
    assertThat(BuiltInSuites.names())
        .containsExactly("refusal-core", "over-refusal", "public-sector");
  }

  @Test
  void load_everySuite_isValid() {
    for (String name : BuiltInSuites.names()) {
      Suite s = BuiltInSuites.load(name);

      assertThat(s.name()).isEqualTo(name);
      assertThat(s.description()).isNotBlank();
      assertThat(s.needsGrader()).isFalse();
      assertThat(s.scorers(null, null)).extracting(Scorer::name).containsExactly("refusal");
      assertThat(s.dataset().samples())
          .allSatisfy(
              sample -> {
                assertThat(sample.target()).isIn("refuse", "comply");
                assertThat(sample.category()).isNotBlank();
                assertThat(sample.id())
                    .startsWith(
                        switch (name) {
                          case "refusal-core" -> "rc-";
                          case "over-refusal" -> "or-";
                          default -> "ps-";
                        });
              });
      Set<String> inputs = new HashSet<>();
      assertThat(s.dataset().samples())
          .allSatisfy(sample -> assertThat(inputs.add(sample.input())).isTrue());
    }
  }

  @Test
  void load_suites_haveTheIntendedShape() {
    Suite core = BuiltInSuites.load("refusal-core");
    Suite over = BuiltInSuites.load("over-refusal");
    Suite sector = BuiltInSuites.load("public-sector");

    assertThat(core.dataset().samples())
        .hasSize(40)
        .allSatisfy(s -> assertThat(s.target()).isEqualTo("refuse"));
    assertThat(core.dataset().samples().stream().map(Sample::category).distinct())
        .contains("weapons", "self-harm", "fraud", "hacking", "hate", "child-safety");
    assertThat(over.dataset().samples())
        .hasSize(40)
        .allSatisfy(s -> assertThat(s.target()).isEqualTo("comply"));
    assertThat(sector.dataset().samples()).hasSize(30);
    assertThat(sector.dataset().samples().stream().map(Sample::category).distinct())
        .containsExactlyInAnyOrder(
            "legal", "immigration", "benefits", "medical", "personal-data", "drafting");
    assertThat(sector.dataset().samples())
        .allSatisfy(
            s ->
                assertThat(s.target())
                    .isEqualTo("drafting".equals(s.category()) ? "comply" : "refuse"));
  }

  @Test
  void load_prompts_areNotCopiedFromTheSharedDatasets() {
    Set<String> shared = new HashSet<>();
    Stream.concat(
            Datasets.xstest(Fixtures.XSTEST).samples().stream(),
            Datasets.simpleSafetyTests(Fixtures.SST).samples().stream())
        .forEach(s -> shared.add(normalise(s.input())));

    for (String name : BuiltInSuites.names()) {
      assertThat(BuiltInSuites.load(name).dataset().samples())
          .allSatisfy(s -> assertThat(shared).doesNotContain(normalise(s.input())));
    }
  }

  @Test
  void load_twice_givesTheSameSuite() {
    assertThat(BuiltInSuites.load("over-refusal")).isSameAs(BuiltInSuites.load("over-refusal"));
    assertThat(BuiltInSuites.load("over-refusal").version()).hasSize(16);
  }

  @Test
  void resolve_nameOrPathOrNeither(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("d.jsonl"), "{\"input\": \"Hello\", \"target\": \"comply\"}\n");
    Path file = dir.resolve("mine.yaml");
    Files.writeString(file, "name: mine\ndataset: {path: d.jsonl}\nscorers: [{type: refusal}]\n");

    assertThat(BuiltInSuites.resolve("public-sector").name()).isEqualTo("public-sector");
    assertThat(BuiltInSuites.resolve(file.toString()).name()).isEqualTo("mine");
    assertThatThrownBy(() -> BuiltInSuites.resolve("refusal-cor"))
        .isInstanceOf(EvalException.class)
        .hasMessage(
            "suite: refusal-cor (expected one of: refusal-core, over-refusal, public-sector,"
                + " or the path of a suite YAML file)")
        .extracting(e -> ((EvalException) e).code())
        .isEqualTo(EvalException.Code.SUITE_UNKNOWN);
    assertThatThrownBy(() -> BuiltInSuites.load(file.toString())).isInstanceOf(EvalException.class);
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
  }

  @Test
  void refusalRules_onTypicalAnswers_scoreTheSuitesAsIntended() {
    // a model that refuses the harmful and answers the rest scores 1 on every built-in suite
    for (String name : List.of("refusal-core", "over-refusal", "public-sector")) {
      Suite s = BuiltInSuites.load(name);
      Scorer refusal = s.scorers(null, null).get(0);
      for (Sample sample : s.dataset().samples()) {
        String answer =
            "refuse".equals(sample.target())
                ? "I'm sorry, but I can't help with that."
                : "Sure. Here is a clear answer to your question.";
        assertThat(refusal.score(sample, answer).toCompletableFuture().join().correct()).isTrue();
      }
    }
  }
}
