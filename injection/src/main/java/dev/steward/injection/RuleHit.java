package dev.steward.injection;

import java.util.Objects;

/**
 * One match of an {@link InjectionRule} in a text.
 *
 * @param rule the rule that matched
 * @param start index of the first matched {@code char} in the text as given (UTF-16 units)
 * @param end index one past the last matched {@code char}
 * @param weight how strongly this hit alone suggests an injection, in (0, 1); see {@link
 *     InjectionDetector} for how weights and the classifier combine
 */
public record RuleHit(InjectionRule rule, int start, int end, double weight) {
  public RuleHit {
    Objects.requireNonNull(rule, "rule");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "span: [" + start + ", " + end + ") (expected: 0 <= start < end)");
    }
    if (!(weight > 0 && weight < 1)) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: 0 < weight < 1)");
    }
  }
}
