package dev.steward.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A function the model may call.
 *
 * @param parametersJson the arguments' JSON Schema, as JSON text
 * @param strict OpenAI's strict schema adherence flag, when given
 */
public record Tool(
    String name, @Nullable String description, String parametersJson, @Nullable Boolean strict) {
  public Tool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parametersJson, "parametersJson");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("tool name: empty (expected: a function name)");
    }
  }
}
