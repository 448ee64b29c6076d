package dev.steward.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which columns (CSV) or top-level fields (JSONL) of a generic dataset file hold what.
 *
 * @param input the prompt's column
 * @param target the target's column, when there is one
 * @param category the category's column, when there is one
 * @param id the id's column; without one, samples are numbered {@code 1, 2, ...} in file order
 * @param metadata further columns copied into each sample's metadata under their own names
 */
public record FieldMapping(
    String input,
    @Nullable String target,
    @Nullable String category,
    @Nullable String id,
    List<String> metadata) {

  public FieldMapping {
    Objects.requireNonNull(input, "input");
    metadata = List.copyOf(metadata);
    if (input.isBlank()) {
      throw new IllegalArgumentException("fields.input: blank (expected: a column name)");
    }
    requireNonBlank("fields.target", target);
    requireNonBlank("fields.category", category);
    requireNonBlank("fields.id", id);
    Set<String> seen = new HashSet<>();
    for (String m : metadata) {
      if (m.isBlank()) {
        throw new IllegalArgumentException("fields.metadata: blank name (expected: column names)");
      }
      if (!seen.add(m)) {
        throw new IllegalArgumentException(
            "fields.metadata: " + m + " repeated (expected: each column once)");
      }
    }
  }

  /** Only the input column. */
  public static FieldMapping of(String input) {
    return new FieldMapping(input, null, null, null, List.of());
  }

  /** Input and target columns. */
  public static FieldMapping of(String input, String target) {
    return new FieldMapping(input, target, null, null, List.of());
  }

  private static void requireNonBlank(String key, @Nullable String value) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(key + ": blank (expected: a column name, or omit it)");
    }
  }
}
