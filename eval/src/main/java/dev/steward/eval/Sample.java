package dev.steward.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One item of a dataset.
 *
 * @param id unique within its dataset
 * @param input the prompt, before the solver's template is applied
 * @param target what a correct answer is: for refusal scorers {@code refuse} or {@code comply}, for
 *     other scorers the expected text or pattern; {@code null} when the dataset has none
 * @param category the group the sample is reported under, when the dataset has one
 * @param metadata further columns or fields, kept in their order; {@value #SYSTEM} holds a system
 *     message the dataset supplied for this sample, {@value #TARGETS} a JSON array of alternative
 *     targets
 */
public record Sample(
    String id,
    String input,
    @Nullable String target,
    @Nullable String category,
    Map<String, String> metadata) {

  /** The metadata key holding a sample's own system message. */
  public static final String SYSTEM = "system";

  /** The metadata key holding a JSON array of every acceptable target, when there are several. */
  public static final String TARGETS = "targets";

  public Sample {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(input, "input");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id: blank (expected: a non-blank identifier)");
    }
    if (input.isBlank()) {
      throw new IllegalArgumentException("input of sample " + id + ": blank (expected: a prompt)");
    }
    if (category != null && category.isBlank()) {
      category = null;
    }
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      Objects.requireNonNull(e.getKey(), "metadata key");
      Objects.requireNonNull(e.getValue(), "metadata value");
    }
  }

  /** A sample without metadata. */
  public static Sample of(
      String id, String input, @Nullable String target, @Nullable String category) {
    return new Sample(id, input, target, category, Map.of());
  }
}
