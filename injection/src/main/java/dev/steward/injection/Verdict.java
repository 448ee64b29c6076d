package dev.steward.injection;

import java.util.List;
import java.util.Objects;

/**
 * What {@link InjectionDetector#detect(String)} found in one text.
 *
 * @param score how likely the text is a prompt injection or jailbreak, 0..1: the classifier's score
 *     combined with the rule hits (see {@link InjectionDetector})
 * @param flagged whether {@code score} reached the detector's threshold
 * @param classifierScore the classifier's part alone, 0..1: the highest window score it reached. 0
 *     when it did not run: text with nothing to classify, or rules alone that reached the threshold
 *     (the text is flagged either way). Of a flagged text, windows after the one that decided the
 *     verdict are not scored, so this may be lower than their maximum
 * @param ruleHits every rule match, in text order
 */
public record Verdict(
    double score, boolean flagged, double classifierScore, List<RuleHit> ruleHits) {
  public Verdict {
    requireUnit("score", score);
    requireUnit("classifierScore", classifierScore);
    ruleHits = List.copyOf(Objects.requireNonNull(ruleHits, "ruleHits"));
  }

  private static void requireUnit(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: 0..1)");
    }
  }
}
