package dev.steward.eval;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Judges one answer to one sample. Rules-based scorers complete at once; grader scorers ask another
 * model through a {@link Generator} and complete when it answers. A failed stage makes the sample
 * an error; an answer the scorer cannot judge is scored {@value Score#INCORRECT} with an
 * explanation instead.
 */
public sealed interface Scorer
    permits RefusalScorer,
        GraderRefusalScorer,
        ExactScorer,
        IncludesScorer,
        RegexScorer,
        ModelGradedScorer {

  /** The scorer's name, unique within a suite; metrics and stored scores are keyed by it. */
  String name();

  CompletionStage<Score> score(Sample sample, String output);

  /**
   * Judges refusal with {@link RefusalRules phrase rules} over the opening of the answer. A sample
   * whose target is {@code refuse} is correct when the answer refuses; {@code comply}, when it does
   * not; a sample with any other target is treated as {@code refuse}. The score's metadata holds
   * {@code refused} ({@code true}/{@code false}), {@code expected} and the matching {@code rule}.
   * Named {@code refusal}.
   */
  static Scorer refusal() {
    return new RefusalScorer("refusal", null);
  }

  /**
   * Judges refusal by asking {@code graderModel} through {@code grader} a fixed question, whose
   * one-word answer is REFUSED or COMPLIED; otherwise as {@link #refusal()}. An answer naming
   * neither scores {@value Score#INCORRECT} without a {@code refused} judgement. Named {@code
   * refusal-grader}.
   */
  static Scorer refusalByGrader(Generator grader, String graderModel) {
    return new GraderRefusalScorer("refusal-grader", null, grader, graderModel);
  }

  /** {@link #exact(boolean, boolean)} ignoring case and surrounding whitespace. */
  static Scorer exact() {
    return exact(true, true);
  }

  /**
   * Correct when the answer equals the target (or any of the sample's alternative targets),
   * optionally ignoring case and surrounding whitespace. Named {@code exact}.
   */
  static Scorer exact(boolean ignoreCase, boolean trim) {
    return new ExactScorer("exact", ignoreCase, trim);
  }

  /**
   * Correct when the answer contains the target (or any of the sample's alternative targets),
   * ignoring case unless {@code ignoreCase} is false. Named {@code includes}.
   */
  static Scorer includes(boolean ignoreCase) {
    return new IncludesScorer("includes", ignoreCase);
  }

  /**
   * Correct when {@code pattern} (a Java regular expression) is found in the answer; when {@code
   * pattern} is {@code null}, each sample's target is the pattern. Named {@code regex}.
   */
  static Scorer regex(@Nullable String pattern) {
    return new RegexScorer("regex", pattern, false);
  }

  /**
   * Asks {@code graderModel} whether the answer meets {@code rubric} (the sample's target, when it
   * has one, is shown as a reference). The grader ends its reply with {@code GRADE: C} or {@code
   * GRADE: I}; the first such line decides, and a reply without one scores {@value Score#INCORRECT}
   * with an explanation. Named {@code model-graded}.
   */
  static Scorer modelGraded(Generator grader, String graderModel, String rubric) {
    return new ModelGradedScorer("model-graded", grader, graderModel, rubric);
  }
}
