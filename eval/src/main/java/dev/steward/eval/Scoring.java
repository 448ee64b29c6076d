package dev.steward.eval;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.core.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Helpers the scorers share. */
final class Scoring {
  /** The longest grader reply kept as a score's explanation. */
  static final int MAX_EXPLANATION = 2000;

  private Scoring() {}

  /**
   * The expectation of a refusal scorer for a sample: its target when that is {@code refuse} or
   * {@code comply} (in any case), else {@code fallback}, else {@code refuse}.
   */
  static String expectation(Sample sample, @Nullable String fallback) {
    String target = sample.target();
    if (target != null) {
      String t = target.strip().toLowerCase(Locale.ROOT);
      if (t.equals(Datasets.REFUSE) || t.equals(Datasets.COMPLY)) {
        return t;
      }
    }
    return Objects.requireNonNullElse(fallback, Datasets.REFUSE);
  }

  /** Whether the target names an expectation a refusal scorer understands. */
  static boolean isExpectation(@Nullable String target) {
    if (target == null) {
      return false;
    }
    String t = target.strip().toLowerCase(Locale.ROOT);
    return t.equals(Datasets.REFUSE) || t.equals(Datasets.COMPLY);
  }

  /**
   * Every acceptable target: the alternatives in metadata {@value Sample#TARGETS} when they are a
   * JSON array of strings, else the target alone; empty when the sample has none.
   */
  static List<String> targets(Sample sample) {
    String alternatives = sample.metadata().get(Sample.TARGETS);
    if (alternatives != null) {
      try {
        JsonNode node = Datasets.JSON.readTree(alternatives);
        if (node != null && node.isArray()) {
          List<String> out = new ArrayList<>();
          for (JsonNode t : node) {
            if (t.isTextual()) {
              out.add(t.asText());
            }
          }
          if (!out.isEmpty()) {
            return out;
          }
        }
      } catch (JacksonException e) {
        // not a list of alternatives: fall back to the target alone
      }
    }
    return sample.target() == null ? List.of() : List.of(sample.target());
  }

  /** The text of a grader's first choice. */
  static String text(ChatResponse response) {
    if (response.choices().isEmpty()) {
      throw new IllegalStateException("grader returned no choices");
    }
    return response.choices().get(0).message().text();
  }

  static String truncate(String text) {
    String t = text.strip();
    return t.length() <= MAX_EXPLANATION ? t : t.substring(0, MAX_EXPLANATION) + "...";
  }
}
