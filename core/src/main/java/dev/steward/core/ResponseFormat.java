package dev.steward.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The shape the response text must take. */
public sealed interface ResponseFormat {
  /** Free text (the default). */
  record Text() implements ResponseFormat {}

  /** Any JSON object. */
  record JsonObject() implements ResponseFormat {}

  /** JSON matching {@code schemaJson}. */
  record JsonSchema(
      String name, @Nullable String description, String schemaJson, @Nullable Boolean strict)
      implements ResponseFormat {
    public JsonSchema {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(schemaJson, "schemaJson");
    }
  }

  ResponseFormat TEXT = new Text();
  ResponseFormat JSON_OBJECT = new JsonObject();
}
