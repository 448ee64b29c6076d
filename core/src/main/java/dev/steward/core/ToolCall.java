package dev.steward.core;

import java.util.Objects;

/** A call the model asks the caller to make; {@code argumentsJson} is a JSON object as text. */
public record ToolCall(String id, String name, String argumentsJson) {
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
  }
}
