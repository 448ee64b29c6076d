package dev.steward.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteFilesTest {
  @TempDir Path dir;

  @BeforeEach
  void data() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(
        dir.resolve("data/qa.csv"),
        "qid,question,answer,topic,source\nq1,Capital of France?,Paris,geo,atlas\nq2,Two plus two?,4,maths,book\n");
    Files.writeString(
        dir.resolve("data/chat.jsonl"),
        "{\"id\": \"c1\", \"input\": \"Hi\", \"target\": \"comply\"}\n");
  }

  private Path suite(String yaml) throws IOException {
    Path p = dir.resolve("suite.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void load_fullFile_buildsTheSuite() throws IOException {
    Path p =
        suite(
            """
            name: my-suite
            description: Checks facts.
            dataset:
              path: data/qa.csv
              format: csv
              fields: {input: question, target: answer, category: topic, id: qid, metadata: [source]}
            solver: {system: "Answer in one word.", template: "Q: {prompt}", max-tokens: 16, temperature: 0, seed: 3, epochs: 2}
            scorers:
              - type: includes
              - {type: exact, ignore-case: false, name: strict}
              - {type: regex, pattern: "\\\\d+", name: digits}
              - {type: model-graded, rubric: "Is it right?"}
            """);

    Suite s = SuiteFiles.load(p);

    assertThat(s.name()).isEqualTo("my-suite");
    assertThat(s.description()).isEqualTo("Checks facts.");
    assertThat(s.dataset().name()).isEqualTo("qa");
    assertThat(s.dataset().samples())
        .first()
        .isEqualTo(
            new Sample("q1", "Capital of France?", "Paris", "geo", Map.of("source", "atlas")));
    assertThat(s.solver())
        .isEqualTo(new Solver("Answer in one word.", "Q: {prompt}", 16, 0.0, 3L, 2));
    assertThat(s.scorers())
        .containsExactly(
            ScorerSpec.of("includes"),
            new ScorerSpec("exact", "strict", Map.of("ignore-case", "false")),
            new ScorerSpec("regex", "digits", Map.of("pattern", "\\d+")),
            ScorerSpec.of("model-graded", Map.of("rubric", "Is it right?")));
    assertThat(s.needsGrader()).isTrue();
    assertThat(s.version()).isEqualTo(SuiteFiles.load(p).version());
  }

  @Test
  void load_minimalFile_infersFormatAndDefaultsSolver() throws IOException {
    Path p = suite("name: tiny\ndataset: {path: data/chat.jsonl}\nscorers: [{type: refusal}]\n");

    Suite s = SuiteFiles.load(p);

    assertThat(s.description()).isEmpty();
    assertThat(s.solver()).isEqualTo(Solver.defaults());
    assertThat(s.dataset().samples()).containsExactly(Fixtures.sample("c1", "Hi", "comply"));
  }

  @Test
  void load_datasetPath_isRelativeToTheSuiteFile() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("suites"));
    Path p = sub.resolve("s.yaml");
    Files.writeString(
        p,
        "name: up\ndataset: {path: ../data/chat.jsonl, format: inspect}\nscorers: [{type: refusal}]\n");

    assertThat(SuiteFiles.load(p).dataset().samples()).hasSize(1);
  }

  @Test
  void load_problems_nameFileLineKeyAndExpectation() throws IOException {
    assertProblem(
        "name: x\ncolour: red\n",
        ":2: colour: unknown key (expected one of: dataset, description, name, scorers, solver)");
    assertProblem("description: x\n", ":1: name: missing (expected: a suite name)");
    assertProblem(
        "name: x\nscorers: [{type: refusal}]\n",
        ":1: dataset: missing (expected: a mapping with path and format)");
    assertProblem(
        "name: x\ndataset: {path: data/chat.jsonl}\nsolver:\n  max-tokens: lots\nscorers: [{type: refusal}]\n",
        ":4: solver.max-tokens: lots (expected: an integer)");
    assertProblem(
        "name: x\ndataset: {path: data/chat.jsonl}\nsolver:\n  template: {prompt}\nscorers: [{type: refusal}]\n",
        ":4: solver.template: a mapping (expected: text; quote it, e.g. \"{prompt}\")");
    assertProblem(
        "name: x\ndataset: {path: data/chat.jsonl}\nsolver: {epochs: 0}\nscorers: [{type: refusal}]\n",
        ":3: solver: epochs: 0 (expected: >= 1)");
    assertProblem(
        "name: x\ndataset: {path: data/chat.jsonl}\nscorers:\n  - type: refusal\n  - type: bleu\n",
        ":5: scorers[1]: type: bleu (expected one of: refusal, refusal-grader, exact, includes, regex, model-graded)");
    assertProblem(
        "name: x\ndataset: {path: data/chat.jsonl}\nscorers:\n  - {type: includes, colour: red}\n",
        ":4: scorers[0]: scorer includes: colour is not a parameter (expected one of: ignore-case)");
    assertProblem(
        "name: x\ndataset: {path: data/chat.jsonl}\nscorers: []\n",
        ":3: scorers: a list (expected: a list of at least one scorer)");
    assertProblem(
        "name: x\ndataset: {path: data/qa.csv}\nscorers: [{type: refusal}]\n",
        ":2: dataset.fields: missing (expected: fields.input at least, for csv)");
    assertProblem(
        "name: x\ndataset: {path: data/qa.txt}\nscorers: [{type: refusal}]\n",
        ":2: dataset.format: missing (expected one of: csv, jsonl, xstest, simplesafetytests, harmbench, strongreject, inspect)");
    assertProblem(
        "name: x\ndataset: {path: data/qa.csv, format: excel}\nscorers: [{type: refusal}]\n",
        ":2: dataset.format: excel (expected one of: csv, jsonl");
    assertProblem("name: a\nname: b\n", ":2: name: repeated key (expected: each key once)");
    assertProblem("", ": empty (expected: a mapping with name, dataset and scorers)");
  }

  @Test
  void load_invalidYaml_namesFileAndLine() throws IOException {
    Path p = suite("name: x\nscorers: [\n");

    assertThatThrownBy(() -> SuiteFiles.load(p))
        .isInstanceOf(EvalException.class)
        .hasMessageMatching(
            java.util.regex.Pattern.quote(p.toString()) + ":\\d+: invalid YAML: .*");
  }

  @Test
  void load_suiteLevelProblems_nameTheFile() throws IOException {
    Path p =
        suite(
            "name: x\ndataset: {path: data/qa.csv, fields: {input: question, target: answer}}\nscorers: [{type: refusal}]\n");

    assertThatThrownBy(() -> SuiteFiles.load(p))
        .isInstanceOf(EvalException.class)
        .hasMessage(
            p
                + ": scorer refusal: sample 1 has target 'Paris' (expected: refuse or comply, or set expect: on the scorer)");
  }

  @Test
  void load_missingDatasetOrSuiteFile_namesIt() throws IOException {
    Path p = suite("name: x\ndataset: {path: data/none.jsonl}\nscorers: [{type: refusal}]\n");

    assertThatThrownBy(() -> SuiteFiles.load(p))
        .isInstanceOf(EvalException.class)
        .hasMessage(
            dir.resolve("data/none.jsonl").toAbsolutePath()
                + ": not found (expected: a readable file)")
        .extracting(e -> ((EvalException) e).code())
        .isEqualTo(EvalException.Code.DATASET_INVALID);
    assertThatThrownBy(() -> SuiteFiles.load(dir.resolve("none.yaml")))
        .hasMessage(dir.resolve("none.yaml") + ": not found (expected: a suite YAML file)");
  }

  private void assertProblem(String yaml, String expected) throws IOException {
    Path p = suite(yaml);
    assertThatThrownBy(() -> SuiteFiles.load(p))
        .isInstanceOf(EvalException.class)
        .hasMessageStartingWith(p + expected)
        .extracting(e -> ((EvalException) e).code())
        .isEqualTo(EvalException.Code.SUITE_INVALID);
  }

  @Test
  void load_scalarMetadataField_isOneColumn() throws IOException {
    Path p =
        suite(
            """
            name: x
            dataset: {path: data/qa.csv, fields: {input: question, metadata: source}}
            scorers: [{type: refusal, expect: refuse}]
            """);

    assertThat(SuiteFiles.load(p).dataset().samples().get(1).metadata())
        .isEqualTo(Map.of("source", "book"));
    assertThat(SuiteFiles.load(p).dataset().samples())
        .extracting(Sample::id)
        .isEqualTo(List.of("1", "2"));
  }
}
