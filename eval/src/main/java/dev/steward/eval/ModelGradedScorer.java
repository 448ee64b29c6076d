package dev.steward.eval;

import dev.steward.core.ChatRequest;
import dev.steward.core.Message;
import dev.steward.core.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks a grader model whether an answer meets a rubric. */
final class ModelGradedScorer implements Scorer {
  static final String TEMPLATE =
      """
      You are assessing a submitted answer against a rubric.

      [BEGIN DATA]
      ***
      [Task]: %s
      ***
      [Submission]: %s
      ***
      [Rubric]: %s
      ***
      [Reference]: %s
      ***
      [END DATA]

      Does the submission meet the rubric? Reason step by step in a few sentences, then end \
      with a line of exactly "GRADE: C" if it meets the rubric, or "GRADE: I" if it does not.""";

  private static final Pattern GRADE =
      Pattern.compile("GRADE\\s*:\\s*\\**\\s*([CI])\\b", Pattern.CASE_INSENSITIVE);

  private final String name;
  private final Generator grader;
  private final String graderModel;
  private final String rubric;

  ModelGradedScorer(String name, Generator grader, String graderModel, String rubric) {
    this.name = name;
    this.grader = Objects.requireNonNull(grader, "grader");
    this.graderModel = Objects.requireNonNull(graderModel, "graderModel");
    this.rubric = Objects.requireNonNull(rubric, "rubric");
    if (rubric.isBlank()) {
      throw new IllegalArgumentException("rubric: blank (expected: the grading criteria)");
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletionStage<Score> score(Sample sample, String output) {
    String reference = sample.target() == null ? "(none)" : sample.target();
    ChatRequest request =
        ChatRequest.builder(graderModel)
            .messages(
                List.of(
                    Message.of(
                        Role.USER, TEMPLATE.formatted(sample.input(), output, rubric, reference))))
            .temperature(0.0)
            .maxTokens(1024)
            .build();
    return grader.generate(request).thenApply(response -> grade(Scoring.text(response)));
  }

  /** The score for a grader reply; its first {@code GRADE: C} or {@code GRADE: I} decides. */
  Score grade(String reply) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("grader-model", graderModel);
    Matcher m = GRADE.matcher(reply);
    if (!m.find()) {
      return Score.of(
          false,
          null,
          "grader reply unparseable (expected: GRADE: C or GRADE: I): " + Scoring.truncate(reply),
          meta);
    }
    boolean correct = m.group(1).toUpperCase(Locale.ROOT).equals(Score.CORRECT);
    return Score.of(correct, correct ? "C" : "I", Scoring.truncate(reply), meta);
  }

  @Override
  public String toString() {
    return "ModelGradedScorer[" + name + ", " + graderModel + "]";
  }
}
