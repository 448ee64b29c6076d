package dev.steward.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Correct when the answer equals a target. */
final class ExactScorer implements Scorer {
  private final String name;
  private final boolean ignoreCase;
  private final boolean trim;

  ExactScorer(String name, boolean ignoreCase, boolean trim) {
    this.name = name;
    this.ignoreCase = ignoreCase;
    this.trim = trim;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletionStage<Score> score(Sample sample, String output) {
    List<String> targets = Scoring.targets(sample);
    if (targets.isEmpty()) {
      return CompletableFuture.completedFuture(
          Score.of(false, null, "sample has no target (expected: a target to compare)", Map.of()));
    }
    String answer = normalise(output);
    boolean correct = targets.stream().anyMatch(t -> normalise(t).equals(answer));
    return CompletableFuture.completedFuture(
        Score.of(correct, answer, correct ? null : "answer differs from the target", Map.of()));
  }

  private String normalise(String s) {
    String t = trim ? s.strip() : s;
    return ignoreCase ? t.toLowerCase(Locale.ROOT) : t;
  }

  @Override
  public String toString() {
    return "ExactScorer[" + name + "]";
  }
}
