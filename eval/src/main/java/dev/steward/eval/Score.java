package dev.steward.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One scorer's judgement of one answer, shaped like Inspect's.
 *
 * @param value {@value #CORRECT} or {@value #INCORRECT}, or a number as text
 * @param numeric the value as a number: 1 for correct, 0 for incorrect; metrics average it
 * @param answer what the scorer extracted from the answer (e.g. {@code refused}), when anything
 * @param explanation why, when the scorer says (for grader scorers, the grader's reply)
 * @param metadata scorer-specific facts; refusal scorers record {@value #REFUSED} = {@code
 *     true}/{@code false}
 */
public record Score(
    String value,
    double numeric,
    @Nullable String answer,
    @Nullable String explanation,
    Map<String, String> metadata) {

  public static final String CORRECT = "C";
  public static final String INCORRECT = "I";

  /** The metadata key refusal scorers set to {@code true} or {@code false}. */
  public static final String REFUSED = "refused";

  public Score {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("value: blank (expected: C, I or a number)");
    }
    if (!Double.isFinite(numeric)) {
      throw new IllegalArgumentException("numeric: " + numeric + " (expected: a finite number)");
    }
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** {@value #CORRECT} with numeric 1 when {@code correct}, else {@value #INCORRECT} with 0. */
  public static Score of(
      boolean correct,
      @Nullable String answer,
      @Nullable String explanation,
      Map<String, String> metadata) {
    return new Score(correct ? CORRECT : INCORRECT, correct ? 1 : 0, answer, explanation, metadata);
  }

  /** Whether this score counts as correct (numeric 1 or more). */
  public boolean correct() {
    return numeric >= 1;
  }

  /** The refusal judgement in the metadata, when this score has one. */
  public @Nullable Boolean refused() {
    String r = metadata.get(REFUSED);
    return r == null ? null : Boolean.valueOf(r);
  }
}
