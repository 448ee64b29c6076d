package dev.steward.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Correct when the answer contains a target. */
final class IncludesScorer implements Scorer {
  private final String name;
  private final boolean ignoreCase;

  IncludesScorer(String name, boolean ignoreCase) {
    this.name = name;
    this.ignoreCase = ignoreCase;
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
          Score.of(false, null, "sample has no target (expected: a target to look for)", Map.of()));
    }
    String answer = ignoreCase ? output.toLowerCase(Locale.ROOT) : output;
    for (String t : targets) {
      if (answer.contains(ignoreCase ? t.toLowerCase(Locale.ROOT) : t)) {
        return CompletableFuture.completedFuture(Score.of(true, t, null, Map.of()));
      }
    }
    return CompletableFuture.completedFuture(
        Score.of(false, null, "target not found in the answer", Map.of()));
  }

  @Override
  public String toString() {
    return "IncludesScorer[" + name + "]";
  }
}
